using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using FlexCodegen.Generator.Model;

namespace FlexCodegen.Generator.Diagnostics;

/// <summary>Finds where a JSON pointer (<c>#/paths/~1v1~1Interactions/post</c>) sits in a file, so a diagnostic lands on the spot.</summary>
internal sealed class JsonLocator
{
    /// <summary>As the spec and overlay are parsed: comments skipped, trailing commas allowed.</summary>
    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private readonly string _path;
    private readonly string _text;
    private byte[]? _utf8;

    public JsonLocator(string path, string text)
    {
        _path = path;
        _text = text;
    }

    /// <summary>A diagnostic at the place <paramref name="pointer"/> names (the file start when it names none).</summary>
    public DiagnosticInfo Diagnostic(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, string? pointer, params string[] arguments)
    {
        var (start, length) = Find(pointer);
        var (line, column) = LineColumn(start);
        var (endLine, endColumn) = LineColumn(start + length);
        return new DiagnosticInfo(descriptor.Id, arguments.ToEquatableArray(), _path, start, length, line, column, endLine, endColumn);
    }

    /// <summary>Character offset and length of the property name (or value) the pointer names; the file start when not found.</summary>
    public (int Start, int Length) Find(string? pointer)
    {
        var target = Split(pointer);
        if (target.Count == 0) return (0, 0);
        _utf8 ??= Encoding.UTF8.GetBytes(_text);
        int best = 0, bestDepth = 0, bestLength = 0;
        try
        {
            var reader = new Utf8JsonReader(_utf8, ReaderOptions);
            var frames = new List<Frame>();
            while (reader.Read() && bestDepth < target.Count)
            {
                var token = reader.TokenType;
                if (token == JsonTokenType.PropertyName)
                {
                    frames[frames.Count - 1].Key = reader.GetString();
                    Match(frames, target, (int)reader.TokenStartIndex, (int)(reader.BytesConsumed - reader.TokenStartIndex), ref best, ref bestDepth, ref bestLength);
                    continue;
                }
                if (token is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    frames.RemoveAt(frames.Count - 1);
                    continue;
                }
                if (frames.Count > 0 && frames[frames.Count - 1].IsArray)
                {
                    var top = frames[frames.Count - 1];
                    top.Index++;
                    top.Key = top.Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    Match(frames, target, (int)reader.TokenStartIndex, 1, ref best, ref bestDepth, ref bestLength);
                }
                if (token is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    frames.Add(new Frame { IsArray = token == JsonTokenType.StartArray });
            }
        }
        catch (JsonException)
        {
            // Best effort: report at the deepest match found so far.
        }
        return (CharOffset(best), bestLength);
    }

    /// <summary>
    /// Where a key first appears twice in one object (System.Text.Json will not build such an object, and says only
    /// which key): its pointer, or null when no key does.
    /// </summary>
    public string? RepeatedKey()
    {
        _utf8 ??= Encoding.UTF8.GetBytes(_text);
        var reader = new Utf8JsonReader(_utf8, ReaderOptions);
        var open = new Stack<(string Pointer, HashSet<string>? Keys)>(); // Keys is null for an array
        var next = new Stack<int>(); // an array's next index
        string? key = null;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    key = reader.GetString()!;
                    if (!open.Peek().Keys!.Add(key)) return open.Peek().Pointer + "/" + JsonPointer.Escape(key);
                    continue;
                }
                if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    if (open.Pop().Keys is null) next.Pop();
                    continue;
                }
                string at = "#";
                if (open.Count > 0 && open.Peek().Keys is null)
                {
                    int index = next.Pop();
                    next.Push(index + 1);
                    at = open.Peek().Pointer + "/" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                else if (open.Count > 0) at = open.Peek().Pointer + "/" + JsonPointer.Escape(key!);
                if (reader.TokenType == JsonTokenType.StartObject) open.Push((at, new HashSet<string>(StringComparer.Ordinal)));
                else if (reader.TokenType == JsonTokenType.StartArray) { open.Push((at, null)); next.Push(0); }
            }
        }
        catch (JsonException)
        {
            // Not JSON: the parser says so.
        }
        return null;
    }

    private sealed class Frame
    {
        public bool IsArray;
        public int Index = -1;
        public string? Key;
    }

    private static void Match(List<Frame> frames, List<string> target, int start, int length, ref int best, ref int bestDepth, ref int bestLength)
    {
        if (frames.Count <= bestDepth || frames.Count > target.Count) return;
        for (int i = 0; i < frames.Count; i++)
            if (!string.Equals(frames[i].Key, target[i], StringComparison.Ordinal)) return;
        best = start;
        bestDepth = frames.Count;
        bestLength = length;
    }

    private int CharOffset(int byteOffset) => byteOffset <= 0 ? 0 : Encoding.UTF8.GetCharCount(_utf8!, 0, Math.Min(byteOffset, _utf8!.Length));

    private (int Line, int Column) LineColumn(int charOffset)
    {
        int line = 0, column = 0;
        for (int i = 0; i < charOffset && i < _text.Length; i++)
        {
            if (_text[i] == '\n') { line++; column = 0; }
            else column++;
        }
        return (line, column);
    }

    private static List<string> Split(string? pointer)
    {
        var parts = new List<string>();
        if (string.IsNullOrEmpty(pointer)) return parts;
        string p = pointer!.StartsWith("#", StringComparison.Ordinal) ? pointer.Substring(1) : pointer;
        foreach (var raw in p.Split('/'))
        {
            if (raw.Length == 0) continue;
            parts.Add(JsonPointer.Unescape(Uri.UnescapeDataString(raw)));
        }
        return parts;
    }
}

using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using FlexCodegen.Generator.Model;
using Microsoft.CodeAnalysis.Text;

namespace FlexCodegen.Generator.Diagnostics;

/// <summary>Finds where a JSON pointer (<c>#/paths/~1v1~1Interactions/post</c>) sits in a file, so a diagnostic lands on the spot.</summary>
internal sealed partial class JsonLocator
{
    /// <summary>As the spec and overlay are parsed: comments skipped, trailing commas allowed.</summary>
    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>
    /// Lookups by walking the file before it is indexed once: most files get a diagnostic or two, and a walk costs less
    /// than an index; a flood (thousands of overlay actions that match nothing, an empty API lock) then costs one walk,
    /// not one per diagnostic.
    /// </summary>
    internal const int WalksBeforeIndex = 4;

    private readonly string _path;
    private readonly string _text;
    private byte[]? _utf8;
    private int _lookups;
    private Index? _index;
    private TextLineCollection? _lines;

    public JsonLocator(string path, string text)
    {
        _path = path;
        _text = text;
    }

    /// <summary>The file as the reader reads it, made on first use: most files never get a diagnostic.</summary>
    private byte[] Utf8 => _utf8 ??= Encoding.UTF8.GetBytes(_text);

    /// <summary>A diagnostic at the place <paramref name="pointer"/> names (the file start when it names none).</summary>
    public DiagnosticInfo Diagnostic(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, string? pointer, params string[] arguments)
    {
        var (start, length) = Find(pointer);
        var (line, column) = LineColumn(start);
        var (endLine, endColumn) = LineColumn(start + length);
        return new DiagnosticInfo(descriptor.Id, arguments.ToEquatableArray(), _path, start, length, line, column, endLine, endColumn);
    }

    /// <summary>
    /// Character offset and length of the property name (or array item) the pointer names; when it names nothing, of
    /// the deepest one on its way; the file start when not even its first step is there.
    /// </summary>
    public (int Start, int Length) Find(string? pointer)
    {
        var target = Split(pointer);
        if (target.Count == 0) return (0, 0);
        return ++_lookups <= WalksBeforeIndex ? Walk(target) : Lookup(target);
    }

    // Find's two ways, internal for the test that holds them to the same answer for every pointer of a file.

    /// <summary><see cref="Find"/> in the index, built on first use.</summary>
    internal (int Start, int Length) Lookup(List<string> target)
    {
        var (found, _, isItem) = Deepest(target);
        if (found == Index.Root) return (0, 0);
        int startByte = _index!.Start(found);
        int start = _index.CharsBefore(startByte);
        return (start, _index.CharsBefore(startByte + (isItem ? 1 : _index.KeyLength(found))) - start);
    }

    /// <summary>
    /// The index's slot for the deepest step of <paramref name="target"/> the file holds (<see cref="Index.Root"/> when
    /// not even the first), how many steps that is, and whether it is an array item (else an object member).
    /// </summary>
    private (int Slot, int Steps, bool IsItem) Deepest(List<string> target)
    {
        _index ??= new Index(Utf8);
        int found = Index.Root, steps = 0;
        bool isItem = false;
        foreach (var segment in target)
        {
            bool inArray = _index.HoldsArray(found);
            int slot = _index.Child(found, segment);
            if (slot < 0) break;
            (found, isItem) = (slot, inArray);
            steps++;
        }
        return (found, steps, isItem);
    }

    /// <summary><see cref="Find"/> by one walk of the file; where a key is written twice, in the first.</summary>
    internal (int Start, int Length) Walk(List<string> target)
    {
        int best = 0, bestDepth = 0, bestLength = 0;
        try
        {
            var reader = new Utf8JsonReader(Utf8, ReaderOptions);
            var frames = new List<Frame>();
            while (reader.Read() && bestDepth < target.Count)
            {
                var token = reader.TokenType;
                if (token == JsonTokenType.PropertyName)
                {
                    // Back at the level of the deepest match: its value has been read, and nothing after it can be
                    // inside it. Looking on would find the rest of the pointer in a key written twice, where the
                    // index (and the first occurrence) does not have it.
                    if (frames.Count <= bestDepth) break;
                    frames[frames.Count - 1].Key = Key(ref reader);
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
                    if (frames.Count <= bestDepth) break;
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
        return (CharOffset(best), CharOffset(best + bestLength) - CharOffset(best));
    }

    /// <summary>
    /// Where a key first appears twice in one object (System.Text.Json will not build such an object, and says only
    /// which key): its pointer, or null when no key does.
    /// </summary>
    public string? RepeatedKey()
    {
        var reader = new Utf8JsonReader(Utf8, ReaderOptions);
        return FirstRefused(ref reader, repeatedKey: true, new List<string>());
    }

    /// <summary>
    /// Where a key or string first cannot be decoded, such as an escaped lone surrogate (System.Text.Json throws when
    /// it reads one, and says only what is wrong with it): its pointer, or null when none is.
    /// </summary>
    public string? UndecodableText() => UndecodableText("#");

    /// <summary>
    /// As <see cref="UndecodableText()"/>, in the value <paramref name="under"/> names (the first, where a key is
    /// written twice): null when there is none there, or no such value. Only that value is read, so asking of each of
    /// a thousand overlay actions reads the overlay about once, not a thousand times.
    /// </summary>
    public string? UndecodableText(string under)
    {
        var path = Split(under);
        int from = 0;
        if (path.Count > 0)
        {
            var (slot, steps, isItem) = Deepest(path);
            if (steps < path.Count) return null;
            // A member's value comes after its key and colon (white space and comments before it, the reader skips).
            from = _index!.Start(slot) + (isItem ? 0 : _index.KeyLength(slot));
        }
        var reader = new Utf8JsonReader(new ReadOnlySpan<byte>(Utf8, from, Utf8.Length - from), ReaderOptions);
        return FirstRefused(ref reader, repeatedKey: false, path);
    }

    /// <summary>
    /// Where what made System.Text.Json throw <paramref name="exception"/> while building the file's tree is: a key
    /// twice for its <see cref="ArgumentException"/>, text it cannot decode for its <see cref="InvalidOperationException"/>;
    /// null (the file start) for anything else, or when it is not in this file.
    /// </summary>
    public string? Refused(Exception exception) => exception switch
    {
        ArgumentException => RepeatedKey(),
        InvalidOperationException => UndecodableText(),
        _ => null,
    };

    /// <summary>
    /// What is wrong at <paramref name="at"/> (what <see cref="Refused"/> gave), to say with it. For a key written twice
    /// that key: System.Text.Json names the one it tripped over, in the first object its reader happened to build,
    /// which in a file with more than one is another key than the first in the file, the one shown.
    /// </summary>
    public static string Reason(Exception exception, string? at)
    {
        // ParamName "key": a dictionary's key added twice, as System.Text.Json reports one; any other is said as it is.
        if (exception is not ArgumentException { ParamName: "key" } || Split(at) is not { Count: > 0 } path) return exception.Message.TrimEnd('.');
        string key = path[path.Count - 1];
        return $"the key '{(key.Length <= 100 ? key : key.Substring(0, 100) + "…")}' is written twice in one object, and System.Text.Json holds no such object";
    }

    /// <summary>
    /// Reads one value (<paramref name="path"/> is where it is in the file) up to the first key written twice in an
    /// object of it, or the first key or string in it that cannot be decoded: its pointer, or null. A pointer is made
    /// only for what is found: making one for every value read cost, in a file of many values deep under long keys,
    /// far more than the file.
    /// </summary>
    private static string? FirstRefused(ref Utf8JsonReader reader, bool repeatedKey, List<string> path)
    {
        // For each container open, its keys so far (null for an array); for each array open, its next index. Every
        // container but the outermost adds its key or index to the path.
        var keys = new Stack<HashSet<string>?>();
        var next = new Stack<int>();
        string key = "";
        try
        {
            while (reader.Read())
            {
                var token = reader.TokenType;
                if (token == JsonTokenType.PropertyName)
                {
                    bool decoded = Decoded(ref reader, out key);
                    if (repeatedKey ? !keys.Peek()!.Add(key) : !decoded) return Pointer(path, key);
                    continue;
                }
                if (token is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    if (keys.Pop() is null) next.Pop();
                    if (keys.Count == 0) break; // the value is read (a slice of the file goes on after it)
                    path.RemoveAt(path.Count - 1);
                    continue;
                }
                string? segment = null; // the value's own, when in a container
                if (keys.Count > 0 && keys.Peek() is null)
                {
                    int index = next.Pop();
                    next.Push(index + 1);
                    segment = index.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                else if (keys.Count > 0) segment = key;
                // Unescaped, a string is the file's own text, which decodes (no string made to find that out).
                if (!repeatedKey && token == JsonTokenType.String && reader.ValueIsEscaped && !Decoded(ref reader, out _)) return Pointer(path, segment);
                if (token is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    if (segment is not null) path.Add(segment);
                    keys.Push(token == JsonTokenType.StartArray ? null : repeatedKey ? new HashSet<string>(StringComparer.Ordinal) : KeysNotKept);
                    if (token == JsonTokenType.StartArray) next.Push(0);
                }
                else if (keys.Count == 0) break; // a value that is no container: read
            }
        }
        catch (JsonException)
        {
            // Not JSON: the parser says so.
        }
        return null;
    }

    /// <summary>An object's keys where they are not looked at (only its keys twice are looked for).</summary>
    private static readonly HashSet<string> KeysNotKept = new();

    /// <summary>A pointer as the generator writes one: <c>#</c>, then each segment escaped after a <c>/</c>.</summary>
    private static string Pointer(List<string> path, string? last)
    {
        var pointer = new StringBuilder("#");
        foreach (var segment in path) pointer.Append('/').Append(JsonPointer.Escape(segment));
        if (last is not null) pointer.Append('/').Append(JsonPointer.Escape(last));
        return pointer.ToString();
    }

    /// <summary>
    /// A property name as decoded; as written (its escapes left as they are) when it cannot be decoded, such as an
    /// escaped lone surrogate (<c>"\ud800"</c>), on which <see cref="Utf8JsonReader.GetString"/> throws. The walk, the
    /// index and <see cref="RepeatedKey"/> all read names here, so they agree on every key.
    /// </summary>
    private static string Key(ref Utf8JsonReader reader)
    {
        Decoded(ref reader, out var key);
        return key;
    }

    /// <summary>Whether the key or string can be decoded; <paramref name="text"/> is it decoded, or else as written.</summary>
    private static bool Decoded(ref Utf8JsonReader reader, out string text)
    {
        try
        {
            text = reader.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            text = Encoding.UTF8.GetString(reader.ValueSpan.ToArray());
            return false;
        }
    }

    private sealed class Frame
    {
        public bool IsArray;
        public int Index = -1;
        public string? Key;
    }

    private static void Match(List<Frame> frames, List<string> target, int start, int length, ref int best, ref int bestDepth, ref int bestLength)
    {
        if (frames.Count > target.Count) return;
        for (int i = 0; i < frames.Count; i++)
            if (!string.Equals(frames[i].Key, target[i], StringComparison.Ordinal)) return;
        best = start;
        bestDepth = frames.Count;
        bestLength = length;
    }

    private int CharOffset(int byteOffset) => byteOffset <= 0 ? 0 : Encoding.UTF8.GetCharCount(Utf8, 0, Math.Min(byteOffset, Utf8.Length));

    /// <summary>
    /// As the compiler reads the file (<see cref="SourceText"/>): CR, LF, CRLF (one break), U+0085, U+2028 and U+2029
    /// each end a line, so the line and column given with a diagnostic are where the compiler shows that character.
    /// </summary>
    private (int Line, int Column) LineColumn(int charOffset)
    {
        _lines ??= SourceText.From(_text).Lines;
        var position = _lines.GetLinePosition(Math.Max(0, Math.Min(charOffset, _text.Length)));
        return (position.Line, position.Character);
    }

    /// <summary>
    /// A pointer's segments: <c>#</c> (or nothing) is the whole file, <c>#/</c> the empty key at its top. Segments are
    /// escaped as RFC 6901 says (<c>~0</c>, <c>~1</c>) and nothing else: every pointer here is written that way, so a
    /// <c>%</c> in a key is the key's own (<c>a%20b</c> is not <c>a b</c>).
    /// </summary>
    private static List<string> Split(string? pointer)
    {
        var parts = new List<string>();
        string p = pointer is not null && pointer.StartsWith("#", StringComparison.Ordinal) ? pointer.Substring(1) : pointer ?? "";
        if (p.Length == 0) return parts;
        var raw = p.Split('/');
        for (int i = p[0] == '/' ? 1 : 0; i < raw.Length; i++) parts.Add(JsonPointer.Unescape(raw[i]));
        return parts;
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace FlexCodegen.Generator.Emit;

/// <summary>An indenting writer for generated C#; raw string literals hold the fixed parts.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _sb = new();
    private int _indent;

    /// <summary>
    /// Writes generated code, one line per <c>\n</c>. Spec text reaches here only through <see cref="Escape"/>,
    /// <see cref="Literal"/>, <see cref="Comment"/> or <see cref="Doc"/>; as a last guard, any other character C# takes
    /// for a line break (CR, U+0085, U+2028, U+2029) becomes a space, so no text can start a line of its own.
    /// </summary>
    public SourceWriter Line(string text = "")
    {
        if (text.Length == 0)
        {
            _sb.Append('\n');
            return this;
        }
        foreach (var line in text.Replace("\r\n", "\n").Split('\n'))
        {
            if (line.Length > 0) _sb.Append(' ', _indent * 4).Append(Unbreak(line));
            _sb.Append('\n');
        }
        return this;
    }

    public SourceWriter Open(string text)
    {
        Line(text);
        Line("{");
        _indent++;
        return this;
    }

    /// <summary>A bare block, to give its locals their own scope.</summary>
    public SourceWriter Block()
    {
        Line("{");
        _indent++;
        return this;
    }

    public SourceWriter Close(string suffix = "")
    {
        _indent--;
        Line("}" + suffix);
        return this;
    }

    /// <summary>
    /// An XML doc summary: spec text (escaped, its lines kept), else <paramref name="fallbackXml"/>; then <paramref name="extraXml"/>.
    /// The two XML arguments are the generator's own text and may hold tags (any spec text inside them is escaped by the caller).
    /// </summary>
    public SourceWriter Doc(string? specText, string? fallbackXml = null, string? extraXml = null)
    {
        var lines = new List<string>();
        if (!string.IsNullOrWhiteSpace(specText)) lines.AddRange(SplitLines(specText!).Select(Escape));
        else if (fallbackXml is not null) lines.AddRange(SplitLines(fallbackXml));
        if (extraXml is not null) lines.AddRange(SplitLines(extraXml));
        if (lines.Count == 0) return this;
        if (lines.Count == 1) return Line("/// <summary>" + lines[0].Trim() + "</summary>");
        Line("/// <summary>");
        foreach (var line in lines)
            Line("/// " + line.TrimEnd());
        Line("/// </summary>");
        return this;
    }

    /// <summary>As <see cref="Doc"/>, but a summary of one line stays on one line: <c>/// &lt;summary&gt;Text.&lt;/summary&gt;</c>.</summary>
    public SourceWriter Summary(string? specText, string? fallbackXml = null, string? extraXml = null)
    {
        var lines = new List<string>();
        if (!string.IsNullOrWhiteSpace(specText)) lines.AddRange(SplitLines(specText!).Select(Escape));
        else if (fallbackXml is not null) lines.AddRange(SplitLines(fallbackXml));
        if (extraXml is not null) lines.AddRange(SplitLines(extraXml));
        lines = lines.Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        if (lines.Count == 0) return this;
        if (lines.Count == 1) return Line("/// <summary>" + lines[0] + "</summary>");
        Line("/// <summary>");
        foreach (var line in lines)
            Line("/// " + line);
        Line("/// </summary>");
        return this;
    }

    /// <summary>A <c>//</c> comment of any text: one comment line per line of it.</summary>
    public SourceWriter Comment(string text)
    {
        foreach (var line in SplitLines(text))
            Line("// " + Clean(line).Replace("*/", "* /"));
        return this;
    }

    private static readonly char[] LineBreaks = { '\r', '\n', '\u0085', '\u2028', '\u2029' };

    /// <summary>The lines of a text, split at every C# line terminator.</summary>
    public static string[] SplitLines(string text) => text.Replace("\r\n", "\n").Split(LineBreaks);

    /// <summary>
    /// Spec text inside XML docs, on one line: <c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c> escaped; line terminators, control
    /// characters and anything XML cannot hold become spaces (or U+FFFD); <c>*/</c> is broken.
    /// </summary>
    public static string Escape(string text) =>
        Clean(text).Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("*/", "*&#x2F;");

    /// <summary>Text with line terminators and control characters as spaces, and lone surrogates as U+FFFD.</summary>
    private static string Clean(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[++i]);
            }
            else if (char.IsSurrogate(c) || c == '\uFFFE' || c == '\uFFFF') sb.Append('\uFFFD');
            else if (char.IsControl(c) || c == '\u2028' || c == '\u2029') sb.Append(' ');
            else sb.Append(c);
        }
        return sb.ToString();
    }

    private static string Unbreak(string line) => line.IndexOfAny(LineBreaks) < 0 ? line : new string(line.Select(c => Array.IndexOf(LineBreaks, c) >= 0 ? ' ' : c).ToArray());

    /// <summary>A C# string literal of any text: quotes, backslashes, control characters, line terminators and lone surrogates escaped.</summary>
    public static string Literal(string value)
    {
        var sb = new StringBuilder("\"");
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    bool pair = char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]);
                    if (pair) sb.Append(c).Append(value[++i]);
                    else if (char.IsControl(c) || char.IsSurrogate(c) || c == '\u2028' || c == '\u2029')
                        sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    public static string Header(string ns) => $"""
        // <auto-generated/>
        #nullable enable

        namespace {ns};

        """;

    public override string ToString() => _sb.ToString();
}

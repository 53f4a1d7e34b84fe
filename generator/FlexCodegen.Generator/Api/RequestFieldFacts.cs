using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using FlexCodegen.Generator.Model;

namespace FlexCodegen.Generator.Api;

/// <summary>
/// What the lock says about a request field, the value of its line:
/// <c>string? optional form pattern "^[a-z]+$" minLength 1 maxLength 64</c>. Its C# type; required or optional; where
/// it travels (<c>query</c>, <c>header</c>, <c>form</c> or <c>json</c>, followed by its wire name in quotes when that
/// is not its C# name); then the checks <c>Build()</c> applies before anything is sent, each only when the spec states
/// it. A lock written before locations and checks were recorded has only the type and required/optional: its
/// <see cref="Location"/> is null, and only what it has is compared.
/// </summary>
internal sealed record RequestFieldFacts(string Type, bool Required, string? Location, string? WireName, string? Pattern, int? MinLength, int? MaxLength, string? Minimum, string? Maximum)
{
    public const string Query = "query", Header = "header", Form = "form", Json = "json";

    /// <summary>Whether the line records where the field travels and its checks (a lock written by this version or later).</summary>
    public bool Recorded => Location is not null;

    /// <summary>The facts of a generated field; <paramref name="typeText"/> is its C# type as the lock writes it.</summary>
    public static RequestFieldFacts Of(RequestField field, string typeText)
    {
        var f = field.Field;
        string location = field.Location switch
        {
            FieldLocation.Query => Query,
            FieldLocation.Header => Header,
            FieldLocation.Json => Json,
            _ => Form,
        };
        var c = f.Constraints;
        return new RequestFieldFacts(typeText, f.Required, location, f.JsonName == f.Name ? null : f.JsonName, c.Pattern, c.MinLength, c.MaxLength, c.Minimum, c.Maximum);
    }

    /// <summary>The lock line's value: every spec string JSON-quoted, so it stays on its line and reads back.</summary>
    public string Text
    {
        get
        {
            var sb = new StringBuilder(Type).Append(Required ? " required" : " optional");
            if (Location is null) return sb.ToString();
            sb.Append(' ').Append(Location);
            if (WireName is not null) sb.Append(' ').Append(ApiSurface.Quote(WireName));
            if (Pattern is not null) sb.Append(" pattern ").Append(ApiSurface.Quote(Pattern));
            if (MinLength is int min) sb.Append(" minLength ").Append(min.ToString(CultureInfo.InvariantCulture));
            if (MaxLength is int max) sb.Append(" maxLength ").Append(max.ToString(CultureInfo.InvariantCulture));
            if (Minimum is not null) sb.Append(" minimum ").Append(Minimum);
            if (Maximum is not null) sb.Append(" maximum ").Append(Maximum);
            return sb.ToString();
        }
    }

    /// <summary>
    /// Reads a lock line's value. The type ends at the first <c> required</c> or <c> optional</c> word (a generated type
    /// name is PascalCase, so neither can be part of it); a word after them this version does not know is skipped, so a
    /// newer lock still reads.
    /// </summary>
    public static RequestFieldFacts Parse(string value)
    {
        int at = Word(value, " required"), optional = Word(value, " optional");
        if (at < 0 || (optional >= 0 && optional < at)) at = optional;
        if (at < 0) return new RequestFieldFacts(value, false, null, null, null, null, null, null, null);
        bool required = string.CompareOrdinal(value, at, " required", 0, 9) == 0;
        string type = value.Substring(0, at);
        var tokens = Tokens(value.Substring(at + 9));
        string? location = null, wire = null, pattern = null, minimum = null, maximum = null;
        int? minLength = null, maxLength = null;
        for (int i = 0; i < tokens.Count; i++)
        {
            var (text, quoted) = tokens[i];
            bool hasNext = i + 1 < tokens.Count;
            if (quoted) { if (location is not null && i == 1) wire = text; continue; }
            switch (text)
            {
                case Query or Header or Form or Json when i == 0: location = text; break;
                case "pattern" when hasNext && tokens[i + 1].Quoted: pattern = tokens[++i].Text; break;
                case "minLength" when hasNext: minLength = Int(tokens[++i].Text); break;
                case "maxLength" when hasNext: maxLength = Int(tokens[++i].Text); break;
                case "minimum" when hasNext: minimum = tokens[++i].Text; break;
                case "maximum" when hasNext: maximum = tokens[++i].Text; break;
            }
        }
        return new RequestFieldFacts(type, required, location, wire, pattern, minLength, maxLength, minimum, maximum);
    }

    /// <summary>Where <paramref name="word"/> stands alone in <paramref name="value"/> (followed by a space or the end); -1 when it does not.</summary>
    private static int Word(string value, string word)
    {
        for (int at = value.IndexOf(word, StringComparison.Ordinal); at >= 0; at = value.IndexOf(word, at + 1, StringComparison.Ordinal))
            if (at + word.Length == value.Length || value[at + word.Length] == ' ') return at;
        return -1;
    }

    private static int? Int(string text) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) ? n : null;

    /// <summary>Space-separated words; a JSON string is one word, unescaped.</summary>
    private static List<(string Text, bool Quoted)> Tokens(string text)
    {
        var tokens = new List<(string, bool)>();
        int i = 0;
        while (i < text.Length)
        {
            if (text[i] == ' ') { i++; continue; }
            if (text[i] != '"')
            {
                int end = text.IndexOf(' ', i);
                if (end < 0) end = text.Length;
                tokens.Add((text.Substring(i, end - i), false));
                i = end;
                continue;
            }
            var sb = new StringBuilder();
            for (i++; i < text.Length && text[i] != '"'; i++)
            {
                if (text[i] != '\\' || i + 1 >= text.Length) { sb.Append(text[i]); continue; }
                char e = text[++i];
                switch (e)
                {
                    case 'u' when i + 4 < text.Length && int.TryParse(text.Substring(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int code):
                        sb.Append((char)code);
                        i += 4;
                        break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    default: sb.Append(e); break;
                }
            }
            i++; // the closing quote
            tokens.Add((sb.ToString(), true));
        }
        return tokens;
    }
}

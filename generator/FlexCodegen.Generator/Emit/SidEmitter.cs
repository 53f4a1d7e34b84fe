using System.Linq;
using FlexCodegen.Generator.Model;
using FlexCodegen.Generator.Names;
using Microsoft.CodeAnalysis;

namespace FlexCodegen.Generator.Emit;

/// <summary>Emits one SID struct: parse/validate without regex, equality, ordering, span parsing and JSON.</summary>
internal static class SidEmitter
{
    public static void Emit(SourceProductionContext context, EmitContext emit, SidModel sid) =>
        context.AddSource(TypeNames.Hint(emit, sid.TypeName), Render(emit, sid));

    /// <summary>A multi-line snippet placed inside a raw string: every line after the first indented by <paramref name="spaces"/>.</summary>
    private static string Indent(string snippet, int spaces) => snippet.Replace("\n", "\n" + new string(' ', spaces));

    public static string Render(EmitContext emit, SidModel sid)
    {
        string t = sid.TypeName;
        bool single = sid.Prefixes.Count == 1;
        int prefixLength = sid.Prefixes[0].Length;
        bool fixedPrefixLength = sid.Prefixes.All(p => p.Length == prefixLength);
        string form = SourceWriter.Escape(sid.CharDescription);
        string prefixCheck = string.Join(" || ", sid.Prefixes.Select(p => "(" + string.Join(" && ", p.Select((c, i) => $"value[{i}] == '{c}'")) + ")"));
        string bodyChars = new string(Enumerable.Range(0, sid.CharRanges.Length / 3)
            .SelectMany(i => Enumerable.Range(sid.CharRanges[i * 3], sid.CharRanges[i * 3 + 2] - sid.CharRanges[i * 3] + 1).Select(c => (char)c)).ToArray());

        // Ids of 32 hex digits (all of Twilio's) are held as numbers: parsing a valid one allocates nothing.
        bool hex = sid.BodyLength == 32 && sid.Prefixes.All(p => p.Length <= 32)
            && new string(bodyChars.OrderBy(c => c).ToArray()) == "0123456789ABCDEFabcdef";
        const string Hex = TypeNames.Runtime + ".HexSid";
        string storage = hex
            ? $"private readonly {Hex} _id;\n\nprivate {t}({Hex} id) => _id = id;\n\nprivate static readonly string[] s_prefixes = {{ {string.Join(", ", sid.Prefixes.Select(SourceWriter.Literal))} }};"
            : $"private readonly string? _value;\n\nprivate {t}(string value) => _value = value;";
        string isEmpty = hex ? "_id.IsEmpty" : "_value is null";
        string parseString = hex
            ? $"return TryParse(global::System.MemoryExtensions.AsSpan(value), out var id) ? id : throw Invalid(global::System.MemoryExtensions.AsSpan(value));"
            : $"return IsValid(global::System.MemoryExtensions.AsSpan(value)) ? new {t}(value) : throw Invalid(global::System.MemoryExtensions.AsSpan(value));";
        string parseSpan = hex ? "TryParse(value, out var id) ? id : throw Invalid(value)" : $"IsValid(value) ? new {t}(value.ToString()) : throw Invalid(value)";
        string tryParseString = hex
            ? "if (value is null)\n{\n    result = default;\n    return false;\n}\nreturn TryParse(global::System.MemoryExtensions.AsSpan(value), out result);"
            : $"result = value is not null && IsValid(global::System.MemoryExtensions.AsSpan(value)) ? new {t}(value!) : default;\nreturn !result.IsEmpty;";
        string tryParseSpan = hex
            ? $"// The vectorised check first: a malformed id is refused in a few nanoseconds.\nresult = IsValid(value) && {Hex}.TryParse(value, s_prefixes, out var id) ? new {t}(id) : default;\nreturn !result.IsEmpty;"
            : $"result = IsValid(value) ? new {t}(value.ToString()) : default;\nreturn !result.IsEmpty;";
        string text = hex ? "_id.ToString(s_prefixes)" : "_value ?? \"\"";
        string equals = hex ? "_id.Equals(other._id)" : "string.Equals(_value, other._value, global::System.StringComparison.Ordinal)";
        string hash = hex ? "_id.GetHashCode()" : "_value is null ? 0 : global::System.StringComparer.Ordinal.GetHashCode(_value)";
        string compare = hex ? "_id.CompareTo(other._id, s_prefixes)" : "string.CompareOrdinal(_value, other._value)";
        string readFast = hex
            ? $"if (!reader.ValueIsEscaped && !reader.HasValueSequence && {Hex}.TryParse(reader.ValueSpan, s_prefixes, out var fast)) return new {t}(fast);"
            : "// Ids of other shapes keep their text.";
        string writeValue = hex
            ? "global::System.Span<char> text = stackalloc char[64];\nwriter.WriteStringValue(text.Slice(0, value._id.Format(text, s_prefixes)));"
            : "writer.WriteStringValue(value._value);";
        string writeName = hex
            ? "global::System.Span<char> text = stackalloc char[64];\nwriter.WritePropertyName(text.Slice(0, value._id.Format(text, s_prefixes)));"
            : "writer.WritePropertyName(value._value!);";

        var w = new SourceWriter();
        w.Line(SourceWriter.Header(emit.Namespace));
        // The id itself is described, not the first property where it was met.
        string owner = Naming.Humanize(t.EndsWith("Sid", System.StringComparison.Ordinal) ? t.Substring(0, t.Length - 3) : t);
        w.Doc(null, $"The id of {Naming.WithArticle(owner)}: {form}. Parsing checks the form, so a malformed id, or another resource's id, never reaches the network.",
            "<c>default</c> means \"no id\" and is never sent. Reads and writes itself as a JSON string (also as a dictionary key) and converts from text for configuration binding.");
        w.Line(TypeNames.GeneratedCode);
        w.Line($"[global::System.Diagnostics.DebuggerDisplay(\"{{ToString(),nq}}\")]");
        w.Line($"[global::System.Text.Json.Serialization.JsonConverter(typeof({TypeNames.Runtime}.TwilioTextJsonConverter<{t}>))]");
        w.Line($"[global::System.ComponentModel.TypeConverter(typeof({TypeNames.Runtime}.TwilioTextTypeConverter<{t}>))]");
        // What the id analyzer reads (FLXG301/302), also from a referenced assembly's metadata.
        w.Line($"[{TypeNames.Runtime}.SidForm({t}.Pattern, {t}.ExpectedForm)]");
        w.Open($"public readonly partial struct {t} : global::System.IEquatable<{t}>, global::System.IComparable<{t}>, global::System.IComparable, global::System.ISpanParsable<{t}>, {TypeNames.Runtime}.ITwilioTextValue<{t}>");
        w.Line($$"""
                /// <summary>The expected form, as error messages state it.</summary>
                public const string ExpectedForm = {{SourceWriter.Literal(sid.CharDescription)}};

                /// <summary>The spec's pattern for this id.</summary>
                public const string Pattern = {{SourceWriter.Literal(sid.Pattern)}};

                """);
        if (single)
        {
            w.Line($$"""
                    /// <summary>The prefix every {{t}} starts with.</summary>
                    public const string Prefix = {{SourceWriter.Literal(sid.Prefixes[0])}};

                    /// <summary>The length of every {{t}}.</summary>
                    public const int Length = {{prefixLength + sid.BodyLength}};

                    """);
        }
        else
        {
            w.Line($$"""
                    /// <summary>The prefixes a {{t}} may start with.</summary>
                    public static global::System.Collections.Generic.IReadOnlyList<string> Prefixes { get; } = new[] { {{string.Join(", ", sid.Prefixes.Select(SourceWriter.Literal))}} };

                    """);
        }
        w.Line($$"""
                {{storage}}

                /// <summary>True for <c>default({{t}})</c>: no id. Such a value cannot be sent.</summary>
                public bool IsEmpty => {{isEmpty}};

                /// <summary>True when <paramref name="value"/> has the form {{form}}.</summary>
                /// <param name="value">The text to check.</param>
                /// <returns>Whether <see cref="Parse(string)"/> would accept it.</returns>
                public static bool IsValid(global::System.ReadOnlySpan<char> value)
                {
                    {{(fixedPrefixLength ? $"if (value.Length != {prefixLength + sid.BodyLength}) return false;" : $"if (value.Length <= {sid.BodyLength}) return false;")}}
                    if (!({{prefixCheck}})) return false;
                    // Vectorised: the body holds nothing outside the allowed characters.
                    return global::System.MemoryExtensions.IndexOfAnyExcept(value.Slice(value.Length - {{sid.BodyLength}}), s_bodyChars) < 0{{(fixedPrefixLength ? "" : $" && value.Length - {sid.BodyLength} is {string.Join(" or ", sid.Prefixes.Select(p => p.Length).Distinct())}")}};
                }

                private static readonly global::System.Buffers.SearchValues<char> s_bodyChars = global::System.Buffers.SearchValues.Create({{SourceWriter.Literal(bodyChars)}});

                /// <summary>True when <paramref name="value"/> has the form {{form}}.</summary>
                /// <param name="value">The text to check; null is not valid.</param>
                /// <returns>Whether <see cref="Parse(string)"/> would accept it.</returns>
                public static bool IsValid(string? value) => value is not null && IsValid(global::System.MemoryExtensions.AsSpan(value));

                /// <summary>Parses an id.</summary>
                /// <param name="value">The id, e.g. from configuration or a URL.</param>
                /// <returns>The id.</returns>
                /// <exception cref="global::System.ArgumentNullException"><paramref name="value"/> is null.</exception>
                /// <exception cref="global::System.FormatException"><paramref name="value"/> is not {{form}}; the message quotes it (at most 100 characters).</exception>
                public static {{t}} Parse(string value)
                {
                    if (value is null) throw new global::System.ArgumentNullException(nameof(value), "{{t}}: expected " + ExpectedForm + ", got null.");
                    {{parseString}}
                }

                /// <summary>Parses an id from a span.</summary>
                /// <param name="value">The id.</param>
                /// <returns>The id.</returns>
                /// <exception cref="global::System.FormatException"><paramref name="value"/> is not {{form}}.</exception>
                public static {{t}} Parse(global::System.ReadOnlySpan<char> value) => {{parseSpan}};

                /// <summary>Parses an id, or returns false.</summary>
                /// <param name="value">The text to parse.</param>
                /// <param name="result">The id, or <c>default</c> when the text is not one.</param>
                /// <returns>Whether the text was an id.</returns>
                public static bool TryParse([global::System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? value, out {{t}} result)
                {
                    {{Indent(tryParseString, 4)}}
                }

                /// <summary>Parses an id from a span, or returns false. {{(hex ? "Allocates nothing." : "Allocates only when valid.")}}</summary>
                /// <param name="value">The text to parse.</param>
                /// <param name="result">The id, or <c>default</c> when the text is not one.</param>
                /// <returns>Whether the text was an id.</returns>
                public static bool TryParse(global::System.ReadOnlySpan<char> value, out {{t}} result)
                {
                    {{Indent(tryParseSpan, 4)}}
                }

                static {{t}} global::System.IParsable<{{t}}>.Parse(string s, global::System.IFormatProvider? provider) => Parse(s);

                static bool global::System.IParsable<{{t}}>.TryParse([global::System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? s, global::System.IFormatProvider? provider, out {{t}} result) => TryParse(s, out result);

                static {{t}} global::System.ISpanParsable<{{t}}>.Parse(global::System.ReadOnlySpan<char> s, global::System.IFormatProvider? provider) => Parse(s);

                static bool global::System.ISpanParsable<{{t}}>.TryParse(global::System.ReadOnlySpan<char> s, global::System.IFormatProvider? provider, out {{t}} result) => TryParse(s, out result);

                private static global::System.FormatException Invalid(global::System.ReadOnlySpan<char> value)
                {
                    string shown = value.Length > 100 ? value.Slice(0, 100).ToString() + "…" : value.ToString();
                    return new global::System.FormatException("'" + shown + "' is not a valid {{t}}: expected " + ExpectedForm + ".");
                }

                /// <summary>The id as Twilio writes it; empty for <c>default</c>.</summary>
                public override string ToString() => {{text}};

                /// <summary>The id for a URL path; refuses <c>default</c>, which names no resource. Generated code's plumbing.</summary>
                internal string ToPathSegment(string parameterName) =>
                    IsEmpty ? throw new global::System.ArgumentException(parameterName + ": default({{t}}) is not an id; parse one with {{t}}.Parse.", parameterName) : ToString();

                /// <summary>Ordinal equality of the ids.</summary>
                /// <param name="other">The id to compare with.</param>
                /// <returns>Whether both are the same id (or both <c>default</c>).</returns>
                public bool Equals({{t}} other) => {{equals}};

                /// <inheritdoc/>
                public override bool Equals(object? obj) => obj is {{t}} other && Equals(other);

                /// <inheritdoc/>
                public override int GetHashCode() => {{hash}};

                /// <summary>Ordinal order of the ids (<c>default</c> first).</summary>
                /// <param name="other">The id to compare with.</param>
                /// <returns>Negative, zero or positive, as for strings.</returns>
                public int CompareTo({{t}} other) => {{compare}};

                int global::System.IComparable.CompareTo(object? obj) => obj is {{t}} other ? CompareTo(other) : obj is null ? 1 : throw new global::System.ArgumentException("Expected a {{t}}.", nameof(obj));

                /// <summary>Equality, as <see cref="Equals({{t}})"/>.</summary>
                public static bool operator ==({{t}} left, {{t}} right) => left.Equals(right);

                /// <summary>Inequality, as <see cref="Equals({{t}})"/>.</summary>
                public static bool operator !=({{t}} left, {{t}} right) => !left.Equals(right);

                /// <summary>Reads the id from JSON (null gives null); an invalid id fails with the expected form and the value. Generated code's plumbing.</summary>
                internal static {{t}}? ReadJson(ref global::System.Text.Json.Utf8JsonReader reader)
                {
                    if (reader.TokenType == global::System.Text.Json.JsonTokenType.Null) return null;
                    if (reader.TokenType != global::System.Text.Json.JsonTokenType.String)
                        throw new global::System.Text.Json.JsonException("{{t}}: expected a JSON string, got " + reader.TokenType + ".");
                    {{readFast}}
                    string text = reader.GetString()!;
                    return TryParse(text, out var id) ? id : throw new global::System.Text.Json.JsonException(Invalid(text).Message);
                }

                // System.Text.Json and TypeDescriptor reach these through the runtime's converters; they stay out of the API.
                static {{t}}? {{TypeNames.Runtime}}.ITwilioTextValue<{{t}}>.ReadJsonValue(ref global::System.Text.Json.Utf8JsonReader reader) => ReadJson(ref reader);

                static {{t}} {{TypeNames.Runtime}}.ITwilioTextValue<{{t}}>.ReadJsonName(ref global::System.Text.Json.Utf8JsonReader reader)
                {
                    string text = reader.GetString()!;
                    return TryParse(text, out var id) ? id : throw new global::System.Text.Json.JsonException(Invalid(text).Message);
                }

                static {{t}} {{TypeNames.Runtime}}.ITwilioTextValue<{{t}}>.FromText(string text) => Parse(text);

                void {{TypeNames.Runtime}}.ITwilioTextValue<{{t}}>.WriteJsonValue(global::System.Text.Json.Utf8JsonWriter writer)
                {
                    var value = this;
                    if (value.IsEmpty)
                    {
                        writer.WriteNullValue();
                        return;
                    }
                    {{Indent(writeValue, 4)}}
                }

                void {{TypeNames.Runtime}}.ITwilioTextValue<{{t}}>.WriteJsonName(global::System.Text.Json.Utf8JsonWriter writer)
                {
                    var value = this;
                    if (value.IsEmpty) throw new global::System.Text.Json.JsonException("default({{t}}) is not an id and cannot be a JSON key.");
                    {{Indent(writeName, 4)}}
                }
                """);
        w.Close();
        return w.ToString();
    }
}

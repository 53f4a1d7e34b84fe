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

        var w = new SourceWriter();
        w.Line(SourceWriter.Header(emit.Namespace));
        // The id itself is described, not the first property where it was met.
        string owner = Naming.Humanize(t.EndsWith("Sid", System.StringComparison.Ordinal) ? t.Substring(0, t.Length - 3) : t);
        w.Doc(null, $"The id of {Naming.WithArticle(owner)}: {form}. Parsing checks the form, so a malformed id, or another resource's id, never reaches the network.",
            "<c>default</c> means \"no id\" and is never sent. Reads and writes itself as a JSON string (also as a dictionary key) and converts from text for configuration binding.");
        w.Line(TypeNames.GeneratedCode);
        w.Line($"[global::System.Diagnostics.DebuggerDisplay(\"{{ToString(),nq}}\")]");
        w.Line($"[global::System.Text.Json.Serialization.JsonConverter(typeof({t}.JsonConverter))]");
        w.Line($"[global::System.ComponentModel.TypeConverter(typeof({t}.TypeConverter))]");
        w.Open($"public readonly partial struct {t} : global::System.IEquatable<{t}>, global::System.IComparable<{t}>, global::System.IComparable, global::System.ISpanParsable<{t}>");
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
                private readonly string? _value;

                private {{t}}(string value) => _value = value;

                /// <summary>True for <c>default({{t}})</c>: no id. Such a value cannot be sent.</summary>
                public bool IsEmpty => _value is null;

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
                    return IsValid(global::System.MemoryExtensions.AsSpan(value)) ? new {{t}}(value) : throw Invalid(global::System.MemoryExtensions.AsSpan(value));
                }

                /// <summary>Parses an id from a span.</summary>
                /// <param name="value">The id.</param>
                /// <returns>The id.</returns>
                /// <exception cref="global::System.FormatException"><paramref name="value"/> is not {{form}}.</exception>
                public static {{t}} Parse(global::System.ReadOnlySpan<char> value) => IsValid(value) ? new {{t}}(value.ToString()) : throw Invalid(value);

                /// <summary>Parses an id, or returns false.</summary>
                /// <param name="value">The text to parse.</param>
                /// <param name="result">The id, or <c>default</c> when the text is not one.</param>
                /// <returns>Whether the text was an id.</returns>
                public static bool TryParse([global::System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? value, out {{t}} result)
                {
                    result = value is not null && IsValid(global::System.MemoryExtensions.AsSpan(value)) ? new {{t}}(value!) : default;
                    return !result.IsEmpty;
                }

                /// <summary>Parses an id from a span, or returns false. Allocates only when valid.</summary>
                /// <param name="value">The text to parse.</param>
                /// <param name="result">The id, or <c>default</c> when the text is not one.</param>
                /// <returns>Whether the text was an id.</returns>
                public static bool TryParse(global::System.ReadOnlySpan<char> value, out {{t}} result)
                {
                    result = IsValid(value) ? new {{t}}(value.ToString()) : default;
                    return !result.IsEmpty;
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
                public override string ToString() => _value ?? "";

                /// <summary>The id for a URL path; refuses <c>default</c>, which names no resource. Generated code's plumbing.</summary>
                internal string ToPathSegment(string parameterName) =>
                    _value ?? throw new global::System.ArgumentException(parameterName + ": default({{t}}) is not an id; parse one with {{t}}.Parse.", parameterName);

                /// <summary>Ordinal equality of the ids.</summary>
                /// <param name="other">The id to compare with.</param>
                /// <returns>Whether both are the same id (or both <c>default</c>).</returns>
                public bool Equals({{t}} other) => string.Equals(_value, other._value, global::System.StringComparison.Ordinal);

                /// <inheritdoc/>
                public override bool Equals(object? obj) => obj is {{t}} other && Equals(other);

                /// <inheritdoc/>
                public override int GetHashCode() => _value is null ? 0 : global::System.StringComparer.Ordinal.GetHashCode(_value);

                /// <summary>Ordinal order of the ids (<c>default</c> first).</summary>
                /// <param name="other">The id to compare with.</param>
                /// <returns>Negative, zero or positive, as for strings.</returns>
                public int CompareTo({{t}} other) => string.CompareOrdinal(_value, other._value);

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
                    string text = reader.GetString()!;
                    return TryParse(text, out var id) ? id : throw new global::System.Text.Json.JsonException(Invalid(text).Message);
                }

                /// <summary>Lets System.Text.Json read and write this id in the application's own types, as a value and as a dictionary key.</summary>
                {{TypeNames.ExcludeFromCoverage}}
                public sealed class JsonConverter : global::System.Text.Json.Serialization.JsonConverter<{{t}}>
                {
                    /// <inheritdoc/>
                    public override {{t}} Read(ref global::System.Text.Json.Utf8JsonReader reader, global::System.Type typeToConvert, global::System.Text.Json.JsonSerializerOptions options) =>
                        ReadJson(ref reader) ?? default;

                    /// <inheritdoc/>
                    public override void Write(global::System.Text.Json.Utf8JsonWriter writer, {{t}} value, global::System.Text.Json.JsonSerializerOptions options)
                    {
                        if (value.IsEmpty) writer.WriteNullValue();
                        else writer.WriteStringValue(value._value);
                    }

                    /// <inheritdoc/>
                    public override {{t}} ReadAsPropertyName(ref global::System.Text.Json.Utf8JsonReader reader, global::System.Type typeToConvert, global::System.Text.Json.JsonSerializerOptions options)
                    {
                        string text = reader.GetString()!;
                        return TryParse(text, out var id) ? id : throw new global::System.Text.Json.JsonException(Invalid(text).Message);
                    }

                    /// <inheritdoc/>
                    public override void WriteAsPropertyName(global::System.Text.Json.Utf8JsonWriter writer, {{t}} value, global::System.Text.Json.JsonSerializerOptions options) =>
                        writer.WritePropertyName(value.IsEmpty ? throw new global::System.Text.Json.JsonException("default({{t}}) is not an id and cannot be a JSON key.") : value._value!);
                }

                /// <summary>Converts from and to text, so configuration binding and ASP.NET route and query binding read this id.</summary>
                {{TypeNames.ExcludeFromCoverage}}
                public sealed class TypeConverter : global::System.ComponentModel.TypeConverter
                {
                    /// <inheritdoc/>
                    public override bool CanConvertFrom(global::System.ComponentModel.ITypeDescriptorContext? context, global::System.Type sourceType) =>
                        sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

                    /// <inheritdoc/>
                    public override object? ConvertFrom(global::System.ComponentModel.ITypeDescriptorContext? context, global::System.Globalization.CultureInfo? culture, object value) =>
                        value is string text ? Parse(text) : base.ConvertFrom(context, culture, value);

                    /// <inheritdoc/>
                    public override bool CanConvertTo(global::System.ComponentModel.ITypeDescriptorContext? context, global::System.Type? destinationType) =>
                        destinationType == typeof(string) || base.CanConvertTo(context, destinationType);

                    /// <inheritdoc/>
                    public override object? ConvertTo(global::System.ComponentModel.ITypeDescriptorContext? context, global::System.Globalization.CultureInfo? culture, object? value, global::System.Type destinationType) =>
                        destinationType == typeof(string) && value is {{t}} id ? id.ToString() : base.ConvertTo(context, culture, value, destinationType);
                }
                """);
        w.Close();
        return w.ToString();
    }
}

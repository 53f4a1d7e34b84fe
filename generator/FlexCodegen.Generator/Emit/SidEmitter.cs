using System.Linq;
using FlexCodegen.Generator.Model;
using FlexCodegen.Generator.Names;
using Microsoft.CodeAnalysis;

namespace FlexCodegen.Generator.Emit;

/// <summary>
/// Emits one id struct: its public surface as one-line members delegating to the runtime's <c>HexSidFormat</c> or
/// <c>TextSidFormat</c>, which does the checking, parsing, text, order and JSON for every id type.
/// </summary>
internal static class SidEmitter
{
    public static void Emit(SourceProductionContext context, EmitContext emit, SidModel sid) =>
        context.AddSource(TypeNames.Hint(emit, sid.TypeName), Render(emit, sid));

    /// <summary>The source of one id type.</summary>
    /// <param name="emit">Where it goes.</param>
    /// <param name="sid">The id.</param>
    /// <param name="inRuntime">
    /// For the runtime package's copy of a shared Twilio id: what generated code calls (the path segment, the JSON
    /// read) is public, hidden and documented not for direct use, since generated code lives in another assembly.
    /// </param>
    public static string Render(EmitContext emit, SidModel sid, bool inRuntime = false)
    {
        string t = sid.TypeName;
        string plumbing = inRuntime
            ? "[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)] public"
            : "internal";
        string prefixes = string.Join(", ", sid.Prefixes.Select(SourceWriter.Literal));
        bool single = sid.Prefixes.Count == 1;

        // The parser decided how the id is held; the runtime type of that storage does the work.
        var (storage, format, formatArguments) = sid.Storage switch
        {
            SidStorage.Hex => ("HexSid", "HexSidFormat", single ? "Prefix" : prefixes),
            _ /* SidStorage.Text */ => ("TextSid", "TextSidFormat", $"{SourceWriter.Literal(sid.BodyChars)}, {sid.BodyLength}, {(single ? "Prefix" : prefixes)}"),
        };
        string prefixMembers = single
            ? $$"""
                /// <summary>The prefix of every {{t}}.</summary>
                public const string Prefix = {{SourceWriter.Literal(sid.Prefixes[0])}};

                /// <summary>The length of every {{t}}.</summary>
                public const int Length = {{sid.Prefixes[0].Length + sid.BodyLength}};
                """
            : $$"""
                /// <summary>The prefixes {{Naming.WithArticle(t)}} may start with.</summary>
                public static global::System.Collections.Generic.IReadOnlyList<string> Prefixes => s_format.Prefixes;
                """;

        var w = new SourceWriter();
        w.Line(SourceWriter.Header(emit.Namespace));
        // The id itself is described, not the first property where it was met.
        string owner = Naming.Humanize(t.EndsWith("Sid", System.StringComparison.Ordinal) ? t.Substring(0, t.Length - 3) : t);
        w.Doc(null, $"The id of {Naming.WithArticle(owner)}: {SourceWriter.Escape(sid.CharDescription)}. Parsing checks the form; <c>default</c> is no id and is never sent.");
        w.Line(TypeNames.GeneratedCode);
        w.Line("[global::System.Diagnostics.DebuggerDisplay(\"{ToString(),nq}\")]");
        w.Line($"[global::System.Text.Json.Serialization.JsonConverter(typeof({TypeNames.Runtime}.TwilioTextJsonConverter<{t}>))]");
        w.Line($"[global::System.ComponentModel.TypeConverter(typeof({TypeNames.Runtime}.TwilioTextTypeConverter<{t}>))]");
        // What the id analyzer reads (FLXG301/302), also from a referenced assembly's metadata.
        w.Line($"[{TypeNames.Runtime}.SidForm({t}.Pattern, {t}.ExpectedForm)]");
        w.Open($"public readonly partial struct {t} : global::System.IEquatable<{t}>, global::System.IComparable<{t}>, global::System.IComparable, global::System.ISpanParsable<{t}>, {TypeNames.Runtime}.ITwilioTextValue<{t}>");
        w.Line($$"""
            /// <summary>The form, as error messages state it.</summary>
            public const string ExpectedForm = {{SourceWriter.Literal(sid.CharDescription)}};

            /// <summary>The spec's pattern.</summary>
            public const string Pattern = {{SourceWriter.Literal(sid.Pattern)}};

            {{prefixMembers}}

            private static readonly {{TypeNames.Runtime}}.{{format}} s_format = new(nameof({{t}}), ExpectedForm, {{formatArguments}});
            private readonly {{TypeNames.Runtime}}.{{storage}} _id;
            private {{t}}({{TypeNames.Runtime}}.{{storage}} id) => _id = id;

            /// <summary>True for <c>default</c>: no id.</summary>
            public bool IsEmpty => _id.IsEmpty;

            /// <summary>Whether <paramref name="value"/> has the <see cref="ExpectedForm"/>.</summary>
            /// <param name="value">The text.</param>
            /// <returns>Whether Parse accepts it.</returns>
            public static bool IsValid(global::System.ReadOnlySpan<char> value) => s_format.IsValid(value);

            /// <inheritdoc cref="IsValid(global::System.ReadOnlySpan{char})"/>
            public static bool IsValid(string? value) => s_format.IsValid(value);

            /// <summary>Parses an id.</summary>
            /// <param name="value">The text.</param>
            /// <returns>The id.</returns>
            /// <exception cref="global::System.FormatException">Not the <see cref="ExpectedForm"/>.</exception>
            public static {{t}} Parse(global::System.ReadOnlySpan<char> value) => new(s_format.Parse(value));

            /// <inheritdoc cref="Parse(global::System.ReadOnlySpan{char})"/>
            /// <exception cref="global::System.ArgumentNullException">Null.</exception>
            public static {{t}} Parse(string value) => new(s_format.Parse(value));

            /// <summary>Parses an id, or returns false.</summary>
            /// <param name="value">The text.</param>
            /// <param name="result">The id, or <c>default</c>.</param>
            /// <returns>Whether it was an id.</returns>
            public static bool TryParse(global::System.ReadOnlySpan<char> value, out {{t}} result) => !(result = new(s_format.ParseOrDefault(value))).IsEmpty;

            /// <inheritdoc cref="TryParse(global::System.ReadOnlySpan{char}, out {{t}})"/>
            public static bool TryParse([global::System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? value, out {{t}} result) => !(result = new(s_format.ParseOrDefault(value))).IsEmpty;

            static {{t}} global::System.IParsable<{{t}}>.Parse(string s, global::System.IFormatProvider? p) => Parse(s);
            static bool global::System.IParsable<{{t}}>.TryParse([global::System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? s, global::System.IFormatProvider? p, out {{t}} r) => TryParse(s, out r);
            static {{t}} global::System.ISpanParsable<{{t}}>.Parse(global::System.ReadOnlySpan<char> s, global::System.IFormatProvider? p) => Parse(s);
            static bool global::System.ISpanParsable<{{t}}>.TryParse(global::System.ReadOnlySpan<char> s, global::System.IFormatProvider? p, out {{t}} r) => TryParse(s, out r);

            /// <summary>The id as Twilio writes it; empty for <c>default</c>.</summary>
            public override string ToString() => s_format.ToString(_id);

            /// <summary>Not for direct use: the id as a URL path segment of generated code; refuses <c>default</c>.</summary>
            /// <param name="parameterName">The parameter named in the error.</param>
            /// <returns>The id's text.</returns>
            {{plumbing}} string ToPathSegment(string parameterName) => s_format.ToPathSegment(_id, parameterName);

            /// <summary>Ordinal equality.</summary>
            /// <param name="other">The other id.</param>
            /// <returns>Whether both are the same id.</returns>
            public bool Equals({{t}} other) => _id.Equals(other._id);

            /// <inheritdoc/>
            public override bool Equals(object? obj) => obj is {{t}} other && Equals(other);

            /// <inheritdoc/>
            public override int GetHashCode() => _id.GetHashCode();

            /// <summary>Ordinal order (<c>default</c> first).</summary>
            /// <param name="other">The other id.</param>
            /// <returns>Negative, zero or positive.</returns>
            public int CompareTo({{t}} other) => s_format.Compare(_id, other._id);

            int global::System.IComparable.CompareTo(object? obj) => obj is {{t}} other ? CompareTo(other) : s_format.CompareToOther(obj);

            /// <summary>Equality, as <see cref="Equals({{t}})"/>.</summary>
            public static bool operator ==({{t}} left, {{t}} right) => left.Equals(right);

            /// <summary>Inequality, as <see cref="Equals({{t}})"/>.</summary>
            public static bool operator !=({{t}} left, {{t}} right) => !left.Equals(right);

            /// <summary>Not for direct use: reads the id from JSON for generated code (null gives null).</summary>
            /// <param name="reader">The reader, on the value.</param>
            /// <returns>The id, or null.</returns>
            {{plumbing}} static {{t}}? ReadJson(ref global::System.Text.Json.Utf8JsonReader reader) => s_format.ReadJson(ref reader, out var id) ? new {{t}}(id) : null;
            static {{t}}? {{TypeNames.Runtime}}.ITwilioTextValue<{{t}}>.ReadJsonValue(ref global::System.Text.Json.Utf8JsonReader reader) => ReadJson(ref reader);
            static {{t}} {{TypeNames.Runtime}}.ITwilioTextValue<{{t}}>.ReadJsonName(ref global::System.Text.Json.Utf8JsonReader reader) => new(s_format.ReadJsonName(ref reader));
            static {{t}} {{TypeNames.Runtime}}.ITwilioTextValue<{{t}}>.FromText(string text) => Parse(text);
            void {{TypeNames.Runtime}}.ITwilioTextValue<{{t}}>.WriteJsonValue(global::System.Text.Json.Utf8JsonWriter writer) => s_format.WriteJson(writer, _id);
            void {{TypeNames.Runtime}}.ITwilioTextValue<{{t}}>.WriteJsonName(global::System.Text.Json.Utf8JsonWriter writer) => s_format.WriteJsonName(writer, _id);
            """);
        w.Close();
        return w.ToString();
    }
}

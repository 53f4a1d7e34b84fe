using System.Linq;
using FlexCodegen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace FlexCodegen.Generator.Emit;

/// <summary>
/// Emits an extensible enum: a struct over the wire string with a static member per listed value. A value the spec
/// did not list (Twilio adds them) reads without error and keeps its text; <c>IsKnown</c> tells the two apart.
/// </summary>
internal static class EnumEmitter
{
    public static void Emit(SourceProductionContext context, EmitContext emit, EnumModel model) =>
        context.AddSource(TypeNames.Hint(emit, model.TypeName), Render(emit, model));

    public static string Render(EmitContext emit, EnumModel model)
    {
        string t = model.TypeName;
        var w = new SourceWriter();
        w.Line(SourceWriter.Header(emit.Namespace));
        w.Doc(model.Description, null, "Values: " + string.Join(", ", model.Members.Select(m => "<c>" + SourceWriter.Escape(m.WireValue) + "</c>")) + ". A value the spec does not list reads without error and keeps its text (<see cref=\"IsKnown\"/> is false).");
        w.Line(TypeNames.GeneratedCode);
        w.Line($"[global::System.Diagnostics.DebuggerDisplay(\"{{ToString(),nq}}\")]");
        w.Line($"[global::System.Text.Json.Serialization.JsonConverter(typeof({TypeNames.Runtime}.TwilioTextJsonConverter<{t}>))]");
        w.Line($"[global::System.ComponentModel.TypeConverter(typeof({TypeNames.Runtime}.TwilioTextTypeConverter<{t}>))]");
        w.Open($"public readonly partial struct {t} : global::System.IEquatable<{t}>, {TypeNames.Runtime}.ITwilioTextValue<{t}>");
        foreach (var m in model.Members)
        {
            w.Line($"/// <summary>The value <c>{SourceWriter.Escape(m.WireValue)}</c>.</summary>");
            w.Line($"public static {t} {m.Name} {{ get; }} = new({SourceWriter.Literal(m.WireValue)});");
            w.Line();
        }
        // A set built from KnownValues, not a chain of `or` patterns or a switch: both grow the compiler's work faster
        // than the number of values (a chain of 20,000 exhausted its stack).
        string known = model.Members.Count == 0 ? "false" : "_value is not null && s_knownTexts.Contains(_value)";
        string knownSet = model.Members.Count == 0 ? "" : $"\n\nprivate static readonly global::System.Collections.Generic.HashSet<string> s_knownTexts = new(global::System.Linq.Enumerable.Select(KnownValues, static v => v._value!), global::System.StringComparer.Ordinal);";
        w.Line($$"""
            /// <summary>Every value the spec lists, in its order.</summary>
            public static global::System.Collections.Generic.IReadOnlyList<{{t}}> KnownValues { get; } = new {{t}}[] { {{string.Join(", ", model.Members.Select(m => m.Name))}} };{{knownSet}}

            private readonly string? _value;

            /// <summary>A value by its wire text, listed or not (to send a value newer than this client).</summary>
            /// <param name="value">The wire text, exactly as the API spells it.</param>
            /// <exception cref="global::System.ArgumentNullException"><paramref name="value"/> is null.</exception>
            public {{t}}(string value) => _value = value ?? throw new global::System.ArgumentNullException(nameof(value));

            /// <summary>True when the spec lists this value.</summary>
            public bool IsKnown => {{known}};

            /// <summary>The wire text, exactly as Twilio sent it.</summary>
            public override string ToString() => _value ?? "";

            /// <summary>Ordinal equality of the wire texts.</summary>
            /// <param name="other">The value to compare with.</param>
            /// <returns>Whether both have the same wire text.</returns>
            public bool Equals({{t}} other) => string.Equals(_value, other._value, global::System.StringComparison.Ordinal);

            /// <inheritdoc/>
            public override bool Equals(object? obj) => obj is {{t}} other && Equals(other);

            /// <inheritdoc/>
            public override int GetHashCode() => _value is null ? 0 : global::System.StringComparer.Ordinal.GetHashCode(_value);

            /// <summary>Equality, as <see cref="Equals({{t}})"/>.</summary>
            public static bool operator ==({{t}} left, {{t}} right) => left.Equals(right);

            /// <summary>Inequality, as <see cref="Equals({{t}})"/>.</summary>
            public static bool operator !=({{t}} left, {{t}} right) => !left.Equals(right);

            /// <summary>Reads the value from JSON; null gives null, any string is kept. Generated code's plumbing.</summary>
            internal static {{t}}? ReadJson(ref global::System.Text.Json.Utf8JsonReader reader)
            {
                if (reader.TokenType == global::System.Text.Json.JsonTokenType.Null) return null;
                if (reader.TokenType != global::System.Text.Json.JsonTokenType.String)
                    throw new global::System.Text.Json.JsonException("{{t}}: expected a JSON string, got " + reader.TokenType + ".");
                {{string.Join("\n    ", model.Members.Select(m => $"if (reader.ValueTextEquals({SourceWriter.Literal(m.WireValue)}u8)) return {m.Name};"))}}
                return new {{t}}(reader.GetString()!);
            }

            // System.Text.Json and TypeDescriptor reach these through the runtime's converters; they stay out of the API.
            static {{t}}? {{TypeNames.Runtime}}.ITwilioTextValue<{{t}}>.ReadJsonValue(ref global::System.Text.Json.Utf8JsonReader reader) => ReadJson(ref reader);

            static {{t}} {{TypeNames.Runtime}}.ITwilioTextValue<{{t}}>.ReadJsonName(ref global::System.Text.Json.Utf8JsonReader reader) => new {{t}}(reader.GetString()!);

            static {{t}} {{TypeNames.Runtime}}.ITwilioTextValue<{{t}}>.FromText(string text) => new {{t}}(text);

            void {{TypeNames.Runtime}}.ITwilioTextValue<{{t}}>.WriteJsonValue(global::System.Text.Json.Utf8JsonWriter writer) => writer.WriteStringValue(ToString());

            void {{TypeNames.Runtime}}.ITwilioTextValue<{{t}}>.WriteJsonName(global::System.Text.Json.Utf8JsonWriter writer) => writer.WritePropertyName(ToString());
            """);
        w.Close();
        return w.ToString();
    }
}

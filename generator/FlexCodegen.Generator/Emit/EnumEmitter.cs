using System.Linq;
using FlexCodegen.Generator.Model;
using FlexCodegen.Generator.Names;
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
        w.Doc(model.Description, $"A value of {SourceWriter.Escape(Naming.Humanize(t))}, as the API sends it.");
        w.Line(TypeNames.GeneratedCode);
        w.Line($"[global::System.Diagnostics.DebuggerDisplay(\"{{ToString(),nq}}\")]");
        w.Line($"[global::System.Text.Json.Serialization.JsonConverter(typeof({TypeNames.Runtime}.TwilioTextJsonConverter<{t}>))]");
        w.Line($"[global::System.ComponentModel.TypeConverter(typeof({TypeNames.Runtime}.TwilioTextTypeConverter<{t}>))]");
        // A record struct: the compiler writes Equals, GetHashCode, == and != over the one field (ordinal string equality)
        // and implements IEquatable. The runtime's converters read and write it through ITwilioTextValue; what that
        // interface does by default (any string through FromText, ToString() written as a value or property name) suits an enum.
        w.Open($"public readonly partial record struct {t} : {TypeNames.Runtime}.ITwilioTextValue<{t}>");
        foreach (var m in model.Members)
        {
            w.Summary(null, $"<c>{SourceWriter.Escape(m.WireValue)}</c>" + (m.Description is null ? "" : ": " + SourceWriter.Escape(m.Description)));
            w.Line($"public static {t} {m.Name} {{ get; }} = new({SourceWriter.Literal(m.WireValue)});");
        }
        // Known texts are looked up in a runtime table built from the values, not a chain of `or` patterns, a switch or
        // an `if` per value: those grow the compiler's work with the number of values (a chain of 20,000 exhausted its stack).
        w.Line($$"""

            private static readonly {{TypeNames.Runtime}}.TwilioEnumValues<{{t}}> s_values = new({{string.Join(", ", model.Members.Select(m => m.Name))}});

            private readonly string? _value;

            /// <summary>Every value the spec lists, in its order.</summary>
            public static global::System.Collections.Generic.IReadOnlyList<{{t}}> KnownValues => s_values;

            /// <summary>A value by its wire text, listed or not (to send a value newer than this client).</summary>
            /// <param name="value">The wire text.</param>
            /// <exception cref="global::System.ArgumentNullException">It is null.</exception>
            public {{t}}(string value) => _value = value ?? throw new global::System.ArgumentNullException(nameof(value));

            /// <summary>True when the spec lists this value; one it does not list still reads, keeping its text.</summary>
            public bool IsKnown => s_values.IsKnown(_value);

            /// <summary>The wire text.</summary>
            public override string ToString() => _value ?? "";

            internal static {{t}}? ReadJson(ref global::System.Text.Json.Utf8JsonReader reader) => s_values.Read(ref reader);

            static {{t}} {{TypeNames.Runtime}}.ITwilioTextValue<{{t}}>.FromText(string text) => new(text);
            """);
        w.Close();
        return w.ToString();
    }
}

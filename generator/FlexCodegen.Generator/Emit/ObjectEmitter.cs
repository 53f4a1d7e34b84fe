using System.Linq;
using FlexCodegen.Generator.Model;
using FlexCodegen.Generator.Names;
using Microsoft.CodeAnalysis;

namespace FlexCodegen.Generator.Emit;

/// <summary>Emits a model class with a hand-rolled UTF-8 reader and writer (no reflection; trim-safe).</summary>
internal static class ObjectEmitter
{
    public static void Emit(SourceProductionContext context, EmitContext emit, ObjectModel model) =>
        context.AddSource(TypeNames.Hint(emit, model.TypeName), Render(emit, model));

    public static string Render(EmitContext emit, ObjectModel model)
    {
        string t = model.TypeName;
        var w = new SourceWriter();
        w.Line(SourceWriter.Header(emit.Namespace));
        string what = Naming.Humanize(t);
        w.Doc(model.Description, $"{Capital(Naming.WithArticle(what))}, as the API sends it. Fields it leaves out are null; fields the spec does not describe are kept in <see cref=\"AdditionalProperties\"/>.");
        w.Line(TypeNames.GeneratedCode);
        // Plain System.Text.Json (ASP.NET's Results.Ok, an application's JsonSerializerContext) writes Twilio's wire form too.
        w.Line($"[global::System.Text.Json.Serialization.JsonConverter(typeof({TypeNames.Runtime}.TwilioModelJsonConverter<{t}>))]");
        w.Open($"public sealed partial class {t} : {TypeNames.Runtime}.ITwilioJsonModel<{t}>");
        foreach (var p in model.Properties)
        {
            w.Doc(p.Description, FieldFallback(p, what));
            if (IsLazyUri(p))
            {
                // Kept as text when read: a Uri is parsed only if the caller asks for it.
                w.Line($$"""
                    public global::System.Uri? {{p.Name}} { get => {{UriField(p)}} ??= {{TypeNames.Runtime}}.TwilioJson.ToUri({{TextField(p)}}); init { {{UriField(p)}} = value; {{TextField(p)}} = null; } }
                    private string? {{TextField(p)}};
                    private global::System.Uri? {{UriField(p)}};
                    """);
            }
            else
            {
                w.Line($"public {TypeNames.Nullable(p.Type)} {p.Name} {{ get; init; }}");
            }
            w.Line();
        }
        w.Line($$"""
            /// <summary>
            /// Fields the spec does not describe, and described fields whose value was not the form the spec promises (their
            /// property reads null), kept as they came, so nothing Twilio sends is lost.
            /// </summary>
            public global::System.Collections.Generic.IReadOnlyDictionary<string, global::System.Text.Json.JsonElement>? AdditionalProperties { get; init; }

            private static readonly {{TypeNames.Runtime}}.JsonModelFields s_fields = new({{SourceWriter.Literal(t)}}{{string.Concat(model.Properties.Select(p => ", " + SourceWriter.Literal(p.JsonName)))}});

            /// <summary>An empty {{SourceWriter.Escape(what)}}, to fill with an object initializer.</summary>
            public {{t}}() { }

            """);
        // Read in a constructor, which may set init-only properties: no local per field, no object initializer. The
        // runtime finds each field by its UTF-8 name (hashed: the cost does not grow with the number of properties),
        // keeps unknown fields and names the failing field; one flat case per property.
        w.Open($"private {t}(ref global::System.Text.Json.Utf8JsonReader reader)");
        w.Line("var json = s_fields.Start(ref reader);");
        w.Open("try");
        if (model.Properties.Count == 0)
        {
            w.Line("while (json.Next(ref reader, out _)) { }");
        }
        else
        {
            // A value that is not the form the spec promises is kept as it came (the runtime decides which failures
            // are about the value only), and the read goes on with the next field.
            w.Open("while (json.Next(ref reader, out int field))");
            w.Open("try");
            w.Open("switch (field)");
            for (int i = 0; i < model.Properties.Count; i++)
            {
                var p = model.Properties[i];
                string target = IsLazyUri(p) ? TextField(p) : p.Name;
                w.Line($"case {i}: {target} = {Codecs.Read(IsLazyUri(p) ? TypeRef.String : p.Type, "reader")}; break;");
            }
            w.Close();
            w.Close();
            w.Line("catch (global::System.Exception ex) when (json.Keep(ref reader, ex)) { }");
            w.Close();
        }
        w.Close();
        w.Line("catch (global::System.Exception ex) when (json.Error(ex) is { } named) { throw named; }");
        w.Line("AdditionalProperties = json.Unknown;");
        w.Close();
        w.Line();

        w.Line($$"""
            internal static {{t}} Read(ref global::System.Text.Json.Utf8JsonReader reader) => new(ref reader);

            static {{t}} {{TypeNames.Runtime}}.ITwilioJsonModel<{{t}}>.ReadJson(ref global::System.Text.Json.Utf8JsonReader reader) => new(ref reader);

            void {{TypeNames.Runtime}}.IJsonWritable.WriteTo(global::System.Text.Json.Utf8JsonWriter writer) => WriteJson(writer);

            /// <summary>Parses {{Naming.WithArticle(t)}} from UTF-8 JSON in the API's shape (a webhook body, a stored response).</summary>
            /// <param name="utf8Json">The JSON object, UTF-8 encoded.</param>
            /// <returns>The object, with every field the JSON has; a field whose value is not the form the spec promises reads null and is kept in <see cref="AdditionalProperties"/>.</returns>
            /// <exception cref="global::System.Text.Json.JsonException">Malformed JSON, not an object, or more values than a Twilio answer holds.</exception>
            public static {{t}} Parse(global::System.ReadOnlySpan<byte> utf8Json) => {{TypeNames.Runtime}}.TwilioJson.Parse(utf8Json, Read);

            /// <summary>Parses {{Naming.WithArticle(t)}} from JSON text in the API's shape.</summary>
            /// <param name="json">The JSON object.</param>
            /// <returns>The object, with every field the JSON has; a field whose value is not the form the spec promises reads null and is kept in <see cref="AdditionalProperties"/>.</returns>
            /// <exception cref="global::System.Text.Json.JsonException">Malformed JSON, not an object, or more values than a Twilio answer holds.</exception>
            public static {{t}} Parse(string json) => {{TypeNames.Runtime}}.TwilioJson.Parse(json, Read);

            """);

        // Null fields are left out; unknown fields are written back as they came.
        w.Open("internal void WriteJson(global::System.Text.Json.Utf8JsonWriter writer)");
        w.Line($"var json = new {TypeNames.Runtime}.JsonModelWriter(writer);");
        foreach (var p in model.Properties)
        {
            string name = SourceWriter.Literal(p.JsonName) + "u8";
            if (IsLazyUri(p))
            {
                w.Line($"json.Write({name}, {TextField(p)}, {UriField(p)});");
                continue;
            }
            if (Codecs.Field(p.Type, name, p.Name) is string line)
            {
                w.Line(line);
                continue;
            }
            // A shape no runtime overload takes (an array of numbers, of arrays): written in place.
            string value = TypeNames.IsValueType(p.Type) ? $"{p.Name}.Value" : p.Name;
            w.Open($"if ({p.Name} is not null)");
            w.Line($"writer.WritePropertyName({name});");
            w.Line(Codecs.Write(p.Type, value));
            w.Close();
        }
        w.Line("json.End(AdditionalProperties);");
        w.Close();
        w.Line();
        if (model.Sent) EmitValidate(w, model);
        w.Line("/// <summary>The object as compact JSON, in the API's shape (what <see cref=\"Parse(string)\"/> reads back).</summary>");
        w.Line($"public override string ToString() => {TypeNames.Runtime}.TwilioJson.ToCompactString(this);");
        w.Close();
        return w.ToString();
    }

    private static void EmitValidate(SourceWriter w, ObjectModel model)
    {
        CheckEmitter.PatternFields(w, model.Properties);
        w.Open($"internal void Validate({TypeNames.Runtime}.RequestValidator check, string path)");
        foreach (var p in model.Properties)
            CheckEmitter.Checks(w, p, p.Name, SourceWriter.Literal("." + p.JsonName), path: "path");
        w.Close();
        w.Line();
    }

    private static bool IsLazyUri(PropertyModel p) => p.Type.Kind == ValueKind.Uri;

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);

    /// <summary>A field the spec does not describe still gets a sentence that says something.</summary>
    private static string FieldFallback(PropertyModel p, string owner) => p.JsonName switch
    {
        "links" => "URLs of the resources related to this " + owner + ", by name (for example <c>participants</c>).",
        "url" => "The absolute URL of this " + owner + ".",
        "sid" => "The id of this " + owner + ".",
        "account_sid" => "The id of the Twilio account this " + owner + " belongs to.",
        "date_created" => "When this " + owner + " was created.",
        "date_updated" => "When this " + owner + " was last updated.",
        _ => $"The <c>{SourceWriter.Escape(p.JsonName)}</c> of this {owner}, as the API sends it.",
    };

    private static string TextField(PropertyModel p) => "_" + Naming.Camel(p.Name) + "Text";

    private static string UriField(PropertyModel p) => "_" + Naming.Camel(p.Name) + "Uri";

}

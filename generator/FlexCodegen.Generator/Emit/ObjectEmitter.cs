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
                    public global::System.Uri? {{p.Name}}
                    {
                        get => {{UriField(p)}} ??= {{TypeNames.Runtime}}.TwilioJson.ToUri({{TextField(p)}});
                        init { {{UriField(p)}} = value; {{TextField(p)}} = null; }
                    }

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
        w.Line("""
            /// <summary>Fields the spec does not describe, kept as they came, so nothing Twilio sends is lost.</summary>
            public global::System.Collections.Generic.IReadOnlyDictionary<string, global::System.Text.Json.JsonElement>? AdditionalProperties { get; init; }

            """);

        w.Line($"private static readonly string[] s_jsonNames = {{ {string.Join(", ", model.Properties.Select(p => SourceWriter.Literal(p.JsonName)))} }};");
        w.Line();
        w.Line($"/// <summary>Reads {Naming.WithArticle(t)} from JSON; the reader is on the object's start. Generated code's plumbing.</summary>");
        w.Open($"internal static {t} Read(ref global::System.Text.Json.Utf8JsonReader reader)");
        w.Line($"if (reader.TokenType != global::System.Text.Json.JsonTokenType.StartObject) throw new global::System.Text.Json.JsonException(\"{t}: expected a JSON object, got \" + reader.TokenType + \".\");");
        foreach (var p in model.Properties)
            w.Line($"{(IsLazyUri(p) ? "string?" : TypeNames.Nullable(p.Type))} {Local(p)} = default;");
        w.Line("global::System.Collections.Generic.Dictionary<string, global::System.Text.Json.JsonElement>? additional = null;");
        w.Open("while (reader.Read() && reader.TokenType == global::System.Text.Json.JsonTokenType.PropertyName)");
        w.Line("int field = Field(ref reader);");
        w.Line("string? unknown = field < 0 ? reader.GetString()! : null;");
        w.Line("reader.Read();");
        w.Open("try");
        w.Open("switch (field)");
        for (int i = 0; i < model.Properties.Count; i++)
            w.Line($"case {i}: {Local(model.Properties[i])} = {(IsLazyUri(model.Properties[i]) ? Codecs.Read(TypeRef.String, "reader") : Codecs.Read(model.Properties[i].Type, "reader"))}; break;");
        w.Line("default:");
        w.Line("    additional ??= new global::System.Collections.Generic.Dictionary<string, global::System.Text.Json.JsonElement>(global::System.StringComparer.Ordinal);");
        w.Line("    additional[unknown!] = global::FlexCodegen.Runtime.TwilioJson.ReadAny(ref reader);");
        w.Line("    break;");
        w.Close();
        w.Close();
        w.Line($"catch (global::System.Exception ex) when (ex is global::System.Text.Json.JsonException or global::System.FormatException or global::System.InvalidOperationException)");
        w.Line("{");
        w.Line($"    throw new global::System.Text.Json.JsonException(\"{t}.\" + (unknown ?? s_jsonNames[field]) + \": \" + ex.Message, ex);");
        w.Line("}");
        w.Close();
        w.Line($"var result = new {t}");
        w.Line("{");
        foreach (var p in model.Properties.Where(p => !IsLazyUri(p)))
            w.Line($"    {p.Name} = {Local(p)},");
        w.Line("    AdditionalProperties = additional,");
        w.Line("};");
        foreach (var p in model.Properties.Where(IsLazyUri))
            w.Line($"result.{TextField(p)} = {Local(p)};");
        w.Line("return result;");
        w.Line();
        // Known names are matched on the UTF-8 bytes, so no string is made for them; one flat statement per name (a
        // nested ?: chain would grow the compiler's stack with the number of properties).
        w.Open("static int Field(ref global::System.Text.Json.Utf8JsonReader reader)");
        for (int i = 0; i < model.Properties.Count; i++)
            w.Line($"if (reader.ValueTextEquals({SourceWriter.Literal(model.Properties[i].JsonName)}u8)) return {i};");
        w.Line("return -1;");
        w.Close();
        w.Close();
        w.Line();

        w.Line($$"""
            /// <summary>Parses {{Naming.WithArticle(t)}} from UTF-8 JSON in the API's shape (e.g. a webhook body or a stored response).</summary>
            /// <param name="utf8Json">The JSON object, UTF-8 encoded.</param>
            /// <returns>The object, with every field the JSON has.</returns>
            /// <exception cref="global::System.Text.Json.JsonException">The JSON is malformed, or a field has the wrong shape; the message names the field.</exception>
            public static {{t}} Parse(global::System.ReadOnlySpan<byte> utf8Json) => global::FlexCodegen.Runtime.TwilioJson.Parse(utf8Json, Read);

            /// <summary>Parses {{Naming.WithArticle(t)}} from JSON text in the API's shape.</summary>
            /// <param name="json">The JSON object.</param>
            /// <returns>The object, with every field the JSON has.</returns>
            /// <exception cref="global::System.Text.Json.JsonException">The JSON is malformed, or a field has the wrong shape; the message names the field.</exception>
            public static {{t}} Parse(string json) => global::FlexCodegen.Runtime.TwilioJson.Parse(json, Read);

            """);

        w.Line("void global::FlexCodegen.Runtime.IJsonWritable.WriteTo(global::System.Text.Json.Utf8JsonWriter writer) => WriteJson(writer);");
        w.Line();
        w.Line($"static {t} {TypeNames.Runtime}.ITwilioJsonModel<{t}>.ReadJson(ref global::System.Text.Json.Utf8JsonReader reader) => Read(ref reader);");
        w.Line();
        w.Line("/// <summary>Writes this object as JSON; null fields are left out, unknown fields written back as they came. Generated code's plumbing.</summary>");
        w.Open("internal void WriteJson(global::System.Text.Json.Utf8JsonWriter writer)");
        w.Line("writer.WriteStartObject();");
        foreach (var p in model.Properties)
        {
            if (IsLazyUri(p))
            {
                w.Open($"if ({TextField(p)} is not null || {UriField(p)} is not null)");
                w.Line($"writer.WritePropertyName({SourceWriter.Literal(p.JsonName)});");
                w.Line($"writer.WriteStringValue({TextField(p)} ?? {UriField(p)}!.OriginalString);");
                w.Close();
                continue;
            }
            string value = TypeNames.IsValueType(p.Type) ? $"{p.Name}.Value" : p.Name;
            w.Open($"if ({p.Name} is not null)");
            w.Line($"writer.WritePropertyName({SourceWriter.Literal(p.JsonName)});");
            w.Line(Codecs.Write(p.Type, value));
            w.Close();
        }
        w.Open("if (AdditionalProperties is not null)");
        w.Open("foreach (var pair in AdditionalProperties)");
        w.Line("writer.WritePropertyName(pair.Key);");
        w.Line($"{TypeNames.Runtime}.TwilioJson.WriteElement(writer, pair.Value);");
        w.Close();
        w.Close();
        w.Line("writer.WriteEndObject();");
        w.Close();
        w.Line();
        EmitValidate(w, model);
        w.Line("/// <summary>The object as compact JSON, in the API's shape (what <see cref=\"Parse(string)\"/> reads back).</summary>");
        w.Line("public override string ToString() => global::FlexCodegen.Runtime.TwilioJson.ToCompactString(this);");
        w.Close();
        return w.ToString();
    }

    private static void EmitValidate(SourceWriter w, ObjectModel model)
    {
        CheckEmitter.PatternFields(w, model.Properties);
        w.Line("/// <summary>Checks this object before it is sent as part of a request; <paramref name=\"path\"/> names it in messages. Generated code's plumbing.</summary>");
        w.Open($"internal void Validate({TypeNames.Runtime}.RequestValidator check, string path)");
        foreach (var p in model.Properties)
            CheckEmitter.Checks(w, p, p.Name, $"path + {SourceWriter.Literal("." + p.JsonName)}");
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

    private static string Local(PropertyModel p) => "_" + Naming.Camel(p.Name);
}

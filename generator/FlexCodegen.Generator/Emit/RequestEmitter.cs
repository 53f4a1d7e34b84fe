using System.Linq;
using FlexCodegen.Generator.Model;
using FlexCodegen.Generator.Names;
using Microsoft.CodeAnalysis;

namespace FlexCodegen.Generator.Emit;

/// <summary>
/// Emits an immutable request and its fluent builder. <c>Build()</c> checks every rule the spec states (required,
/// ids, enum membership, lengths, ranges, patterns) and throws one exception listing all violations.
/// </summary>
internal static class RequestEmitter
{
    private const string Runtime = TypeNames.Runtime;

    public static void Emit(SourceProductionContext context, EmitContext emit, RequestModel model) =>
        context.AddSource(TypeNames.Hint(emit, model.TypeName), Render(emit, model));

    public static string Render(EmitContext emit, RequestModel model)
    {
        string t = model.TypeName;
        var fields = model.Fields.Select(f => (f.Field, f.Location)).ToList();
        var w = new SourceWriter();
        w.Line(SourceWriter.Header(emit.Namespace));
        w.Doc(model.Description, null, $"Parameters of <c>{SourceWriter.Escape(model.OperationId)}</c>: immutable, and valid once built. Start one with <see cref=\"CreateBuilder\"/>; <see cref=\"Builder.Build\"/> checks every rule before anything is sent.");
        w.Line(TypeNames.GeneratedCode);
        w.Open($"public sealed partial class {t}");

        // The builder hands over its values through this constructor, so its own fields stay private.
        w.Open($"private {t}({string.Join(", ", fields.Select(x => $"{TypeNames.Nullable(x.Field.Type)} {Parameter(x.Field)}"))})");
        foreach (var (f, _) in fields)
            w.Line($"{f.Name} = {Parameter(f)}{(f.Required ? (TypeNames.IsValueType(f.Type) ? ".GetValueOrDefault()" : "!") : "")};");
        w.Close();
        w.Line();

        foreach (var (f, location) in fields)
        {
            w.Doc(f.Description, $"The <c>{SourceWriter.Escape(f.JsonName)}</c> {Where(location)}.");
            w.Line($"public {PropertyType(f)} {f.Name} {{ get; }}");
            w.Line();
        }

        w.Line("/// <summary>Starts a new request.</summary>");
        w.Line("/// <returns>An empty builder.</returns>");
        w.Line("public static Builder CreateBuilder() => new Builder();");
        w.Line();
        w.Line("/// <summary>A builder holding this request's values, to change some and build again.</summary>");
        w.Line("/// <returns>A builder with every value of this request set.</returns>");
        w.Line("public Builder ToBuilder() => new Builder()" + string.Concat(fields.Select(x => $".With{x.Field.Name}({x.Field.Name})")) + ";");
        w.Line();

        EmitEncoders(w, fields, model.Body);
        EmitBuilder(w, t, fields, model.Rules);
        w.Close();
        return w.ToString();
    }

    private static string Field(PropertyModel f) => "_" + Naming.Camel(f.Name);

    private static string Parameter(PropertyModel f) => Naming.CamelParameter(f.Name);

    private static string Where(FieldLocation location) => location switch
    {
        FieldLocation.Query => "query parameter",
        FieldLocation.Header => "header",
        _ => "parameter",
    };

    private static string PropertyType(PropertyModel f) => f.Required ? TypeNames.Name(f.Type) : TypeNames.Nullable(f.Type);

    private static void EmitEncoders(SourceWriter w, System.Collections.Generic.List<(PropertyModel Field, FieldLocation Location)> fields, BodyKind body)
    {
        w.Line("/// <summary>The query string, <c>?A=1&amp;B=2</c>, or empty. Generated code's plumbing.</summary>");
        w.Open("internal string ToQueryString()");
        var query = fields.Where(x => x.Location == FieldLocation.Query).ToList();
        if (query.Count == 0) w.Line("return \"\";");
        else
        {
            w.Line($"var form = new {Runtime}.TwilioForm();");
            foreach (var (f, _) in query) AddToForm(w, f);
            w.Line("return form.ToQueryString();");
        }
        w.Close();
        w.Line();

        w.Line("/// <summary>The body, encoded the way the spec asks (Twilio form or JSON); null when there is none. Generated code's plumbing.</summary>");
        w.Open("internal global::System.Net.Http.HttpContent? ToContent()");
        var form = fields.Where(x => x.Location == FieldLocation.Form).ToList();
        var json = fields.Where(x => x.Location == FieldLocation.Json).ToList();
        if (form.Count > 0)
        {
            w.Line($"var form = new {Runtime}.TwilioForm();");
            foreach (var (f, _) in form) AddToForm(w, f);
            w.Line("return form.ToContent();");
        }
        else if (body == BodyKind.Json) // the spec declares a JSON body: send one, even if empty
        {
            w.Line("var buffer = new global::System.Buffers.ArrayBufferWriter<byte>();");
            w.Open("using (var writer = new global::System.Text.Json.Utf8JsonWriter(buffer))");
            w.Line("writer.WriteStartObject();");
            foreach (var (f, _) in json)
            {
                bool nullable = !f.Required;
                string value = nullable && TypeNames.IsValueType(f.Type) ? f.Name + ".Value" : f.Name;
                if (nullable) w.Open($"if ({f.Name} is not null)");
                w.Line($"writer.WritePropertyName({SourceWriter.Literal(f.JsonName)});");
                w.Line(Codecs.Write(f.Type, value));
                if (nullable) w.Close();
            }
            w.Line("writer.WriteEndObject();");
            w.Close();
            w.Line("var content = new global::System.Net.Http.ByteArrayContent(buffer.WrittenSpan.ToArray());");
            w.Line("content.Headers.ContentType = new global::System.Net.Http.Headers.MediaTypeHeaderValue(\"application/json\");");
            w.Line("return content;");
        }
        else w.Line("return null;");
        w.Close();
        w.Line();

        w.Line("/// <summary>Header parameters; null when there are none. Generated code's plumbing.</summary>");
        w.Open("internal global::System.Collections.Generic.IReadOnlyList<global::System.Collections.Generic.KeyValuePair<string, string>>? ToHeaders()");
        var headers = fields.Where(x => x.Location == FieldLocation.Header).ToList();
        if (headers.Count == 0) w.Line("return null;");
        else
        {
            w.Line("var headers = new global::System.Collections.Generic.List<global::System.Collections.Generic.KeyValuePair<string, string>>();");
            foreach (var (f, _) in headers)
            {
                string value = !f.Required && TypeNames.IsValueType(f.Type) ? f.Name + ".Value" : f.Name;
                string add = $"headers.Add(new global::System.Collections.Generic.KeyValuePair<string, string>({SourceWriter.Literal(f.JsonName)}, {Codecs.FormText(f.Type, value)}));";
                w.Line(f.Required ? add : $"if ({f.Name} is not null) {add}");
            }
            w.Line("return headers.Count == 0 ? null : headers;");
        }
        w.Close();
        w.Line();
    }

    private static void AddToForm(SourceWriter w, PropertyModel f)
    {
        string name = SourceWriter.Literal(f.JsonName);
        if (f.Type.Kind == ValueKind.Array)
        {
            w.Line($"if ({f.Name} is not null) form.AddEach({name}, {f.Name}, static item => {Codecs.FormText(f.Type.Item!, "item")});");
            return;
        }
        string value = !f.Required && TypeNames.IsValueType(f.Type) ? f.Name + ".Value" : f.Name;
        // JSON-valued fields are written straight into the form's bytes, with no intermediate string.
        string add = f.Type.Kind is ValueKind.Object or ValueKind.Json
            ? $"form.AddJson({name}, {value});"
            : $"form.Add({name}, {Codecs.FormText(f.Type, value)});";
        w.Line(f.Required ? add : $"if ({f.Name} is not null) {add}");
    }

    private static void EmitBuilder(SourceWriter w, string t, System.Collections.Generic.List<(PropertyModel Field, FieldLocation Location)> fields, EquatableArray<RuleModel> rules)
    {
        string article = Naming.Article(t);
        w.Line($"/// <summary>Collects the values of {article} <see cref=\"{t}\"/>; <see cref=\"Build\"/> checks them.</summary>");
        w.Open("public sealed partial class Builder");
        foreach (var (f, _) in fields)
            w.Line($"private {TypeNames.Nullable(f.Type)} {Field(f)};");
        CheckEmitter.PatternFields(w, fields.Select(x => x.Field));
        w.Line();

        foreach (var (f, _) in fields)
        {
            string about = string.IsNullOrWhiteSpace(f.Description) ? "" : " " + SourceWriter.Escape(f.Description!);
            w.Line($"/// <summary>Sets <c>{SourceWriter.Escape(f.JsonName)}</c>{(f.Required ? " (required)" : "")}.{about}</summary>");
            w.Line($"/// <param name=\"value\">The value; null leaves it out{(f.Required ? " (and <see cref=\"Build\"/> then refuses the request)" : "")}.</param>");
            w.Line("/// <returns>This builder.</returns>");
            if (f.Type.Kind == ValueKind.Array)
            {
                w.Line($"public Builder With{f.Name}(global::System.Collections.Generic.IEnumerable<{TypeNames.Name(f.Type.Item!)}>? value)");
                w.Line("{");
                w.Line($"    {Field(f)} = value is null ? null : global::System.Linq.Enumerable.ToArray(value);");
                w.Line("    return this;");
                w.Line("}");
            }
            else
            {
                w.Line($"public Builder With{f.Name}({TypeNames.Nullable(f.Type)} value)");
                w.Line("{");
                w.Line($"    {Field(f)} = value;");
                w.Line("    return this;");
                w.Line("}");
            }
            w.Line();
        }

        w.Line("/// <summary>Checks every rule (required fields, ids, enum values set, lengths, ranges, patterns, the documented rules) and returns the request.</summary>");
        w.Line("/// <returns>The request, immutable.</returns>");
        w.Line($"/// <exception cref=\"{Runtime}.RequestValidationException\">A rule is broken; the exception lists every violation, each naming the field, the rule and the value. Nothing was sent.</exception>");
        w.Open($"public {t} Build()");
        w.Line($"var check = new {Runtime}.RequestValidator({SourceWriter.Literal(t)});");
        foreach (var (f, location) in fields)
        {
            CheckEmitter.Checks(w, f, Field(f), SourceWriter.Literal(f.JsonName));
            if (location == FieldLocation.Header && f.Type.Kind == ValueKind.String)
                w.Line($"check.HeaderValue({SourceWriter.Literal(f.JsonName)}, {Field(f)});");
        }
        var byName = fields.ToDictionary(x => x.Field.Name, x => Field(x.Field));
        foreach (var rule in rules)
            CheckEmitter.Rule(w, rule, member => byName[member]);
        w.Line("Validate(check);");
        w.Line("check.ThrowIfInvalid();");
        w.Line($"return new {t}({string.Join(", ", fields.Select(x => Field(x.Field)))});");
        w.Close();
        w.Line();
        w.Line("/// <summary>Rules beyond the spec's (an overlay's, or a partial class of the consumer's).</summary>");
        w.Line($"partial void Validate({Runtime}.RequestValidator check);");
        w.Close();
    }
}

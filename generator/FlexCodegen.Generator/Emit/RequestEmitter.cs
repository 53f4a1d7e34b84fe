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
        w.Summary(model.Description, null, $"The parameters of <c>{SourceWriter.Escape(model.OperationId)}</c>, immutable; start with <see cref=\"CreateBuilder\"/>.");
        w.Line(TypeNames.GeneratedCode);
        w.Open($"public sealed partial class {t}");

        // The values live in private fields of the request; the builder fills a private instance and hands out a copy
        // (MemberwiseClone), so a built request never changes and no value is declared or copied by hand twice.
        w.Line($"private {t}() {{ }}");
        w.Line();
        // A required value is stored nullable (unset until Build checks it) behind a non-nullable property; an optional
        // one is its own property, settable only from here and the builder.
        foreach (var (f, _) in fields.Where(x => x.Field.Required))
            w.Line($"private {TypeNames.Nullable(f.Type)} {Field(f)};");
        if (fields.Any(x => x.Field.Required)) w.Line();

        foreach (var (f, location) in fields)
        {
            w.Summary(f.Description, $"The <c>{SourceWriter.Escape(f.JsonName)}</c> {Where(location)}.");
            if (f.Required)
                w.Line($"public {PropertyType(f)} {f.Name} => {Field(f)}{(TypeNames.IsValueType(f.Type) ? ".GetValueOrDefault()" : "!")};");
            else
                w.Line($"public {PropertyType(f)} {f.Name} {{ get; private set; }}");
            w.Line();
        }

        w.Line("/// <summary>Starts a new request.</summary>");
        w.Line("/// <returns>An empty builder.</returns>");
        w.Line("public static Builder CreateBuilder() => new Builder();");
        w.Line();
        w.Line("/// <summary>A builder with this request's values, to change some and build again.</summary>");
        w.Line("/// <returns>A new builder.</returns>");
        w.Line("public Builder ToBuilder() => new Builder(this);");
        w.Line();

        EmitEncoders(w, fields, model.Body);
        EmitBuilder(w, t, fields, model.Rules);
        w.Close();
        return w.ToString();
    }

    private static string Field(PropertyModel f) => "_" + Naming.Camel(f.Name);

    /// <summary>Where the builder keeps a value: the private field of a required one, the property of an optional one.</summary>
    private static string Storage(PropertyModel f) => f.Required ? Field(f) : f.Name;

    private static string Where(FieldLocation location) => location switch
    {
        FieldLocation.Query => "query parameter",
        FieldLocation.Header => "header",
        _ => "parameter",
    };

    private static string PropertyType(PropertyModel f) => f.Required ? TypeNames.Name(f.Type) : TypeNames.Nullable(f.Type);

    /// <summary>
    /// The encoders the resource calls: only those with something to write (<see cref="RequestParts"/> tells the
    /// resource which), one line per field through the runtime form's overloads.
    /// </summary>
    private static void EmitEncoders(SourceWriter w, System.Collections.Generic.List<(PropertyModel Field, FieldLocation Location)> fields, BodyKind body)
    {
        var query = fields.Where(x => x.Location == FieldLocation.Query).ToList();
        if (query.Count > 0)
        {
            w.Open("internal string ToQueryString()");
            w.Line($"var form = new {Runtime}.TwilioForm();");
            foreach (var (f, _) in query) AddToForm(w, f);
            w.Line("return form.ToQueryString();");
            w.Close();
            w.Line();
        }

        var form = fields.Where(x => x.Location == FieldLocation.Form).ToList();
        var json = fields.Where(x => x.Location == FieldLocation.Json).ToList();
        if (form.Count > 0)
        {
            w.Open("internal global::System.Net.Http.HttpContent ToContent()");
            w.Line($"var form = new {Runtime}.TwilioForm();");
            foreach (var (f, _) in form) AddToForm(w, f);
            w.Line("return form.ToContent();");
            w.Close();
            w.Line();
        }
        else if (body == BodyKind.Json) // the spec declares a JSON body: send one, even if empty
        {
            w.Open("internal global::System.Net.Http.HttpContent ToContent()");
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
            w.Close();
            w.Line();
        }

        var headers = fields.Where(x => x.Location == FieldLocation.Header).ToList();
        if (headers.Count > 0)
        {
            string values = string.Join(", ", headers.Select(x => $"({SourceWriter.Literal(x.Field.JsonName)}, {FormText(x.Field)})"));
            w.Line($"internal global::System.Collections.Generic.IReadOnlyList<global::System.Collections.Generic.KeyValuePair<string, string>>? ToHeaders() => {Runtime}.TwilioHeaders.Of({values});");
            w.Line();
        }
    }

    /// <summary>A field's form/query/header text, null when the field is unset (so it is left out).</summary>
    private static string FormText(PropertyModel f)
    {
        bool nullable = !f.Required;
        return f.Type.Kind switch
        {
            ValueKind.String => f.Name,
            ValueKind.Uri => f.Name + (nullable ? "?" : "") + ".OriginalString",
            ValueKind.Sid or ValueKind.Enum => f.Name + (nullable ? "?" : "") + ".ToString()",
            _ when !nullable => Codecs.FormText(f.Type, f.Name),
            _ => $"{f.Name} is null ? null : {Codecs.FormText(f.Type, TypeNames.IsValueType(f.Type) ? f.Name + ".Value" : f.Name)}",
        };
    }

    private static void AddToForm(SourceWriter w, PropertyModel f)
    {
        string name = SourceWriter.Literal(f.JsonName);
        switch (f.Type.Kind)
        {
            case ValueKind.Array:
                w.Line($"form.AddEach({name}, {f.Name}, static item => {Codecs.FormText(f.Type.Item!, "item")});");
                break;
            // JSON-valued fields are written straight into the form's bytes, with no intermediate string; null is left out.
            case ValueKind.Object or ValueKind.Json:
                w.Line($"form.AddJson({name}, {f.Name});");
                break;
            // The form's own overloads write Twilio's text for these, and leave out null.
            case ValueKind.Boolean or ValueKind.Int32 or ValueKind.Int64 or ValueKind.Double or ValueKind.DateTime:
                w.Line($"form.Add({name}, {f.Name});");
                break;
            default:
                w.Line($"form.Add({name}, {FormText(f)});");
                break;
        }
    }

    private static void EmitBuilder(SourceWriter w, string t, System.Collections.Generic.List<(PropertyModel Field, FieldLocation Location)> fields, EquatableArray<RuleModel> rules)
    {
        string article = Naming.Article(t);
        w.Line($"/// <summary>Collects the values of {article} <see cref=\"{t}\"/>.</summary>");
        w.Open("public sealed partial class Builder");
        w.Line($"private readonly {t} _v;");
        CheckEmitter.PatternFields(w, fields.Select(x => x.Field));
        w.Line();
        w.Line("/// <summary>An empty builder.</summary>");
        w.Line($"public Builder() => _v = new {t}();");
        w.Line();
        w.Line($"internal Builder({t} values) => _v = ({t})values.MemberwiseClone();");
        w.Line();

        foreach (var (f, _) in fields)
        {
            w.Line($"/// <summary>Sets <see cref=\"{f.Name}\"/>{(f.Required ? " (required)" : "")}.</summary>");
            w.Line("/// <param name=\"value\">Null leaves it out.</param>");
            w.Line("/// <returns>This builder.</returns>");
            if (f.Type.Kind == ValueKind.Array)
                w.Line($"public Builder With{f.Name}(global::System.Collections.Generic.IEnumerable<{TypeNames.Name(f.Type.Item!)}>? value) {{ _v.{Storage(f)} = value is null ? null : global::System.Linq.Enumerable.ToArray(value); return this; }}");
            else
                w.Line($"public Builder With{f.Name}({TypeNames.Nullable(f.Type)} value) {{ _v.{Storage(f)} = value; return this; }}");
            w.Line();
        }

        w.Line("/// <summary>Checks every rule the spec states and returns the request.</summary>");
        w.Line("/// <returns>The request.</returns>");
        w.Line($"/// <exception cref=\"{Runtime}.RequestValidationException\">A rule is broken (each is listed).</exception>");
        w.Open($"public {t} Build()");
        w.Line($"var check = new {Runtime}.RequestValidator({SourceWriter.Literal(t)});");
        foreach (var (f, location) in fields)
        {
            CheckEmitter.Checks(w, f, "_v." + Storage(f), SourceWriter.Literal(f.JsonName));
            if (location == FieldLocation.Header && f.Type.Kind == ValueKind.String)
                w.Line($"check.HeaderValue({SourceWriter.Literal(f.JsonName)}, _v.{Storage(f)});");
        }
        var byName = fields.ToDictionary(x => x.Field.Name, x => "_v." + Storage(x.Field));
        foreach (var rule in rules)
            CheckEmitter.Rule(w, rule, member => byName[member]);
        w.Line("Validate(check);");
        w.Line("check.ThrowIfInvalid();");
        w.Line($"return ({t})_v.MemberwiseClone();");
        w.Close();
        w.Line();
        w.Line("// Your own rules, in a partial class.");
        w.Line($"partial void Validate({Runtime}.RequestValidator check);");
        w.Close();
    }
}

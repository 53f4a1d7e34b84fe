using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlexCodegen.Generator.Diagnostics;

namespace FlexCodegen.Generator.Parsing;

/// <summary>
/// Reads an OpenAPI 3.0/3.1 JSON document into a <see cref="SpecDocument"/>: only what the parser uses, straight from
/// System.Text.Json (which every compiler host already has), so a build loads and compiles no OpenAPI library. A value
/// of the wrong kind is a problem at its JSON pointer (the parser reports it, FLXG008) and is left out; the rest is read.
/// </summary>
internal sealed class OpenApiReader
{
    public static readonly JsonDocumentOptions JsonOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private static readonly string[] Methods = { "get", "put", "post", "delete", "options", "head", "patch", "trace" };
    private static readonly string[] PathItemFields = { "$ref", "summary", "description", "servers", "parameters" };

    private readonly List<(string Pointer, string Message)> _problems = new();
    private readonly Dictionary<string, SpecSchema> _schemas = new(StringComparer.Ordinal);
    private readonly List<SpecWebhook> _webhooks = new();
    /// <summary>Path items of webhooks and callbacks, by the pointer they were read at: a component is read once.</summary>
    private readonly Dictionary<string, SpecPathItem> _callbackItems = new(StringComparer.Ordinal);
    private JsonObject? _components;

    private OpenApiReader() { }

    /// <summary>
    /// The document, or null with the reason it is not one (no JSON object, no OpenAPI 3 version, none of paths, webhooks and components); and the
    /// problems found in a readable one, each at its pointer.
    /// </summary>
    public static (SpecDocument? Document, string? Unreadable, List<(string Pointer, string Message)> Problems) Read(JsonNode? root)
    {
        var reader = new OpenApiReader();
        var (document, unreadable) = reader.ReadDocument(root);
        return (document, unreadable, reader._problems);
    }

    private (SpecDocument?, string?) ReadDocument(JsonNode? root)
    {
        if (root is not JsonObject document) return (null, "it is not a JSON object");
        if (document["swagger"] is not null) return (null, "it is a Swagger 2.0 document; convert it to OpenAPI 3 (for example with swagger2openapi)");
        string? version = document["openapi"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (version is null) return (null, "it has no 'openapi' version string");
        if (!version.StartsWith("3.", StringComparison.Ordinal)) return (null, $"its 'openapi' version is '{Short(version)}'; OpenAPI 3.0 and 3.1 are read");
        // OpenAPI 3.1 asks for at least one of paths, webhooks and components: a spec of the events Twilio sends an app
        // has webhooks and components, and no paths.
        if (document["paths"] is not (JsonObject or null)) return (null, "its 'paths' is not an object");
        if (document["paths"] is null && document["webhooks"] is null && document["components"] is null)
            return (null, "it has no paths, webhooks or components");
        var paths = document["paths"] as JsonObject ?? new JsonObject();

        _components = Object(document, "components", "#");
        var schemas = Object(_components, "schemas", "#/components");
        if (schemas is not null)
        {
            foreach (var pair in schemas)
            {
                string pointer = "#/components/schemas/" + JsonPointer.Escape(pair.Key);
                if (Schema(Entry(pair, pointer), pointer) is SpecSchema schema) _schemas[pair.Key] = schema;
            }
        }

        var info = Object(document, "info", "#");
        var items = new Dictionary<string, SpecPathItem>(StringComparer.Ordinal);
        foreach (var pair in paths)
        {
            string pointer = "#/paths/" + JsonPointer.Escape(pair.Key);
            if (Object(Entry(pair, pointer), pointer) is JsonObject item) items[pair.Key] = PathItem(item, pointer);
        }
        if (Object(document, "webhooks", "#") is JsonObject webhooks)
        {
            foreach (var pair in webhooks)
            {
                if (pair.Key.StartsWith("x-", StringComparison.Ordinal)) continue;
                string pointer = "#/webhooks/" + JsonPointer.Escape(pair.Key);
                if (CallbackItem(Entry(pair, pointer), pointer) is (SpecPathItem item, string at))
                    _webhooks.Add(new SpecWebhook(pair.Key, WebhookSource.Webhook, item, at));
            }
        }
        return (new SpecDocument(String(info, "title", "#/info"), ServerUrl(document, "#"), items, _schemas, _webhooks), null);
    }

    /// <summary>
    /// The path item of a webhook or a callback expression: written in place, or a <c>$ref</c> to
    /// <c>#/components/pathItems/{name}</c> (read once however many entries name it). Its operations' own callbacks are
    /// not read: a callback that names itself would never end.
    /// </summary>
    private (SpecPathItem, string)? CallbackItem(JsonNode? node, string pointer)
    {
        if (Component(node, pointer, "pathItems") is not (JsonObject item, string at)) return null;
        if (_callbackItems.TryGetValue(at, out var read)) return (read, at);
        read = PathItem(item, at, readCallbacks: false);
        _callbackItems[at] = read;
        return (read, at);
    }

    private SpecPathItem PathItem(JsonObject item, string pointer, bool readCallbacks = true)
    {
        var operations = new List<(HttpMethod, SpecOperation)>();
        foreach (var pair in item)
        {
            if (Methods.Contains(pair.Key))
            {
                string at = pointer + "/" + pair.Key;
                if (Object(Entry(pair, at), at) is JsonObject operation)
                    operations.Add((new HttpMethod(pair.Key.ToUpperInvariant()), Operation(operation, at, readCallbacks)));
            }
            else if (!PathItemFields.Contains(pair.Key) && !pair.Key.StartsWith("x-", StringComparison.Ordinal))
            {
                // "GET" or "gett" would otherwise lose an operation without a word.
                Problem(pointer + "/" + JsonPointer.Escape(pair.Key), $"'{Short(pair.Key)}' is not a field of a path item (the methods are {string.Join(", ", Methods)}); it was skipped");
            }
        }
        return new SpecPathItem(operations, Parameters(item, pointer), ServerUrl(item, pointer));
    }

    private SpecOperation Operation(JsonObject operation, string pointer, bool readCallbacks)
    {
        if (Object(operation, "callbacks", pointer) is JsonObject callbacks)
        {
            if (readCallbacks) Callbacks(callbacks, pointer + "/callbacks");
            else Problem(pointer + "/callbacks", "the 'callbacks' of a webhook or of a callback are not read; declare each request the API makes under 'webhooks' or under the operation that registers it");
        }

        Dictionary<string, SpecSchema?>? body = null;
        if (Component(Member(operation, "requestBody", pointer), pointer + "/requestBody", "requestBodies") is (JsonObject requestBody, string bodyPointer))
            body = Content(requestBody, bodyPointer) ?? new Dictionary<string, SpecSchema?>(StringComparer.Ordinal); // there, with no content

        var responses = new Dictionary<string, Dictionary<string, SpecSchema?>?>(StringComparer.Ordinal);
        if (Object(operation, "responses", pointer) is JsonObject codes)
        {
            foreach (var pair in codes)
            {
                if (pair.Key.StartsWith("x-", StringComparison.Ordinal)) continue;
                string entry = pointer + "/responses/" + JsonPointer.Escape(pair.Key);
                if (Component(Entry(pair, entry), entry, "responses") is (JsonObject response, string at))
                    responses[pair.Key] = Content(response, at);
            }
        }
        return new SpecOperation(String(operation, "operationId", pointer), String(operation, "summary", pointer), String(operation, "description", pointer),
            Parameters(operation, pointer), body, responses);
    }

    /// <summary>
    /// An operation's <c>callbacks</c>: name → Callback Object (or a <c>$ref</c> to <c>#/components/callbacks/{name}</c>),
    /// each a map of runtime expressions to the path item of the request the API makes.
    /// </summary>
    private void Callbacks(JsonObject callbacks, string pointer)
    {
        foreach (var pair in callbacks)
        {
            if (pair.Key.StartsWith("x-", StringComparison.Ordinal)) continue;
            string entry = pointer + "/" + JsonPointer.Escape(pair.Key);
            if (Component(Entry(pair, entry), entry, "callbacks") is not (JsonObject callback, string at)) continue;
            foreach (var expression in callback)
            {
                if (expression.Key.StartsWith("x-", StringComparison.Ordinal)) continue;
                string itemPointer = at + "/" + JsonPointer.Escape(expression.Key);
                if (CallbackItem(Entry(expression, itemPointer), itemPointer) is (SpecPathItem item, string itemAt))
                    _webhooks.Add(new SpecWebhook(pair.Key, WebhookSource.Callback, item, itemAt));
            }
        }
    }

    /// <summary><c>content</c>: media type → its schema (null when it has none); null when there is no content.</summary>
    private Dictionary<string, SpecSchema?>? Content(JsonObject owner, string pointer)
    {
        if (Object(owner, "content", pointer) is not JsonObject content) return null;
        var result = new Dictionary<string, SpecSchema?>(StringComparer.Ordinal);
        foreach (var pair in content)
        {
            string at = pointer + "/content/" + JsonPointer.Escape(pair.Key);
            if (Object(Entry(pair, at), at) is JsonObject media) result[pair.Key] = Schema(Member(media, "schema", at), at + "/schema");
        }
        return result;
    }

    private List<SpecParameter> Parameters(JsonObject owner, string pointer)
    {
        var result = new List<SpecParameter>();
        if (Array(owner, "parameters", pointer) is not JsonArray parameters) return result;
        for (int i = 0; i < parameters.Count; i++)
        {
            string entry = pointer + "/parameters/" + Index(i);
            if (parameters[i] is null) Problem(entry, $"{Field(entry)} must be an object, found null; it was skipped");
            if (Component(parameters[i], entry, "parameters") is not (JsonObject p, string at)) continue;
            if (String(p, "name", at) is not string name)
            {
                Problem(at, "a parameter has no 'name'; it was skipped");
                continue;
            }
            ParameterLocation? location = String(p, "in", at) switch
            {
                "query" => ParameterLocation.Query,
                "header" => ParameterLocation.Header,
                "path" => ParameterLocation.Path,
                "cookie" => ParameterLocation.Cookie,
                string other => Unknown(at + "/in", $"parameter '{Short(name)}' is 'in' '{Short(other)}', which is not query, header, path or cookie; it is not sent"),
                null => Unknown(at, $"parameter '{Short(name)}' has no 'in'; it is not sent"),
            };
            result.Add(new SpecParameter(name, location, Bool(p, "required", at) ?? false, String(p, "description", at), Schema(Member(p, "schema", at), at + "/schema"), at));
        }
        return result;
    }

    private ParameterLocation? Unknown(string pointer, string message)
    {
        Problem(pointer, message);
        return null;
    }

    /// <summary>
    /// An object that may be a <c>$ref</c> to <c>#/components/{kind}/{name}</c>: the object it finally is, and the pointer
    /// to report its problems at; null (reported) when it is not an object or the reference leads nowhere.
    /// </summary>
    private (JsonObject, string)? Component(JsonNode? node, string pointer, string kind)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (Object(node, pointer) is JsonObject o)
        {
            if (Member(o, "$ref", pointer) is null) return (o, pointer);
            string? reference = String(o, "$ref", pointer);
            string prefix = "#/components/" + kind + "/";
            string? name = reference is null ? null : JsonPointer.Name(reference, prefix);
            if (reference is null || name is null || !seen.Add(name))
            {
                Problem(pointer + "/$ref", reference is null ? "'$ref' is not a string"
                    : name is not null ? $"'$ref' to '{Short(reference)}' leads back to itself"
                    : $"'$ref' to '{Short(reference)}' is not a reference to {prefix}…; it was skipped");
                return null;
            }
            node = Object(_components, kind, "#/components")?[name];
            if (node is null)
            {
                Problem(pointer + "/$ref", $"'$ref' to '{Short(reference)}' points nowhere; it was skipped");
                return null;
            }
            pointer = prefix + JsonPointer.Escape(name); // the component's own pointer, however the reference spelt it
        }
        return null;
    }

    private SpecSchema? Schema(JsonNode? node, string pointer)
    {
        // OpenAPI 3.1 (JSON Schema 2020-12): true is the schema every value meets.
        if (node is JsonValue any && any.GetValueKind() == JsonValueKind.True) return new SpecSchema(new SchemaKeywords());
        if (Object(node, pointer) is not JsonObject o) return null;
        if (Member(o, "$ref", pointer) is not null)
        {
            if (String(o, "$ref", pointer) is not string reference) return null;
            return new SpecSchema(reference, JsonPointer.Name(reference, "#/components/schemas/"), _schemas);
        }

        var k = new SchemaKeywords
        {
            Type = Types(Member(o, "type", pointer), pointer + "/type") | (Bool(o, "nullable", pointer) == true ? SchemaTypes.Null : SchemaTypes.None),
            Format = String(o, "format", pointer),
            Pattern = String(o, "pattern", pointer),
            Description = String(o, "description", pointer),
            Title = String(o, "title", pointer),
            Items = Schema(Member(o, "items", pointer), pointer + "/items"),
            MinLength = Length(o, "minLength", pointer),
            MaxLength = Length(o, "maxLength", pointer),
            Minimum = Number(o, "minimum", pointer),
            Maximum = Number(o, "maximum", pointer),
            Rules = Settled(o["x-rules"]),
        };
        if (Array(o, "enum", pointer) is JsonArray values) k.Enum = values.Select(Settled).ToList();
        if (Array(o, "x-enum-descriptions", pointer) is JsonArray descriptions) k.EnumDescriptions = EnumDescriptions(descriptions, pointer + "/x-enum-descriptions");
        if (Object(o, "properties", pointer) is JsonObject properties)
        {
            k.Properties = new Dictionary<string, SpecSchema>(StringComparer.Ordinal);
            foreach (var pair in properties)
            {
                string entry = pointer + "/properties/" + JsonPointer.Escape(pair.Key);
                if (Schema(Entry(pair, entry), entry) is SpecSchema property) k.Properties[pair.Key] = property;
            }
        }
        if (Array(o, "required", pointer) is JsonArray required)
        {
            k.Required = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < required.Count; i++)
            {
                if (required[i] is JsonValue r && r.TryGetValue<string>(out var name)) k.Required.Add(name);
                else Problem(pointer + "/required/" + Index(i), $"entry {Index(i)} of 'required' must be a property name (a string), found {Kind(required[i])}; it was skipped");
            }
        }
        return new SpecSchema(k);
    }

    /// <summary>
    /// <c>x-enum-descriptions</c>: one text per value of <c>enum</c>, in its order (the extension other generators read
    /// too); an entry that is not a string is said and left out.
    /// </summary>
    private List<string?> EnumDescriptions(JsonArray descriptions, string pointer)
    {
        var result = new List<string?>(descriptions.Count);
        for (int i = 0; i < descriptions.Count; i++)
        {
            if (descriptions[i] is JsonValue v && v.TryGetValue<string>(out var text)) result.Add(text);
            else
            {
                Problem(pointer + "/" + Index(i), $"entry {Index(i)} of 'x-enum-descriptions' must be a string, found {Kind(descriptions[i])}; that value is described by its text alone");
                result.Add(null);
            }
        }
        return result;
    }

    private SchemaTypes Types(JsonNode? node, string pointer)
    {
        if (node is null) return SchemaTypes.None;
        if (node is JsonArray array) return array.Select((item, i) => TypeEntry(item, pointer + "/" + Index(i))).Aggregate(SchemaTypes.None, (a, b) => a | b);
        if (node is not JsonValue v || !v.TryGetValue<string>(out var name))
        {
            Problem(pointer, $"'type' must be a string or an array of strings, found {Kind(node)}; it was skipped");
            return SchemaTypes.None;
        }
        switch (name)
        {
            case "null": return SchemaTypes.Null;
            case "boolean": return SchemaTypes.Boolean;
            case "integer": return SchemaTypes.Integer;
            case "number": return SchemaTypes.Number;
            case "string": return SchemaTypes.String;
            case "array": return SchemaTypes.Array;
            case "object": return SchemaTypes.Object;
        }
        Problem(pointer, $"'type' is '{Short(name)}', which is not a JSON Schema type (string, number, integer, boolean, array, object or null); the value is left untyped");
        return SchemaTypes.None;
    }

    /// <summary>An entry of a <c>type</c> array: a null one is said, not read as no type without a word.</summary>
    private SchemaTypes TypeEntry(JsonNode? item, string pointer)
    {
        if (item is null) Problem(pointer, $"{Field(pointer)} must be a string, found null; it was skipped");
        return Types(item, pointer);
    }

    private string? ServerUrl(JsonObject owner, string pointer)
    {
        if (Array(owner, "servers", pointer) is not { Count: > 0 } servers) return null;
        if (servers[0] is null) Problem(pointer + "/servers/0", "entry 0 of 'servers' is null; it was skipped");
        return Object(servers[0], pointer + "/servers/0") is JsonObject server ? String(server, "url", pointer + "/servers/0") : null;
    }

    // ---- values of one kind; anything else is a problem at its place ----------------------------------------

    private JsonObject? Object(JsonObject? owner, string key, string pointer) => owner is null ? null : Object(Member(owner, key, pointer), pointer + "/" + JsonPointer.Escape(key));

    /// <summary>A member's value, null when it is absent; one written as null is said (and then read as absent), never lost without a word.</summary>
    private JsonNode? Member(JsonObject? owner, string key, string pointer)
    {
        if (owner is null || !owner.TryGetPropertyValue(key, out var node)) return null;
        if (node is null) Problem(pointer + "/" + JsonPointer.Escape(key), $"'{Short(key)}' is null; it was read as absent");
        return node;
    }

    /// <summary>An entry of a map (a path, an operation, a response, a media type, a property, a schema): one that is null is said and skipped.</summary>
    private JsonNode? Entry(KeyValuePair<string, JsonNode?> entry, string pointer)
    {
        if (entry.Value is null) Problem(pointer, $"'{Short(entry.Key)}' is null; it was skipped");
        return entry.Value;
    }

    private JsonObject? Object(JsonNode? node, string pointer)
    {
        if (node is null or JsonObject) return (JsonObject?)node;
        Problem(pointer, $"{Field(pointer)} must be an object, found {Kind(node)}; it was skipped");
        return null;
    }

    private JsonArray? Array(JsonObject owner, string key, string pointer)
    {
        var node = Member(owner, key, pointer);
        if (node is null or JsonArray) return (JsonArray?)node;
        Problem(pointer + "/" + JsonPointer.Escape(key), $"'{key}' must be an array, found {Kind(node)}; it was skipped");
        return null;
    }

    private string? String(JsonObject? owner, string key, string pointer)
    {
        var node = Member(owner, key, pointer);
        if (node is null) return null;
        if (node is JsonValue v && v.TryGetValue<string>(out var s)) return s;
        Problem(pointer + "/" + JsonPointer.Escape(key), $"'{key}' must be a string, found {Kind(node)}; it was skipped");
        return null;
    }

    private bool? Bool(JsonObject owner, string key, string pointer)
    {
        var node = Member(owner, key, pointer);
        if (node is null) return null;
        if (node is JsonValue v && v.TryGetValue<bool>(out var b)) return b;
        Problem(pointer + "/" + JsonPointer.Escape(key), $"'{key}' must be true or false, found {Kind(node)}; it was skipped");
        return null;
    }

    private int? Length(JsonObject owner, string key, string pointer)
    {
        var node = Member(owner, key, pointer);
        if (node is null) return null;
        // JSON Schema counts 2.0 as the integer 2.
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<double>(out var d) && d >= 0 && d <= int.MaxValue && d == Math.Floor(d)) return (int)d;
        Problem(pointer + "/" + JsonPointer.Escape(key), $"'{key}' must be a whole number from 0 to {int.MaxValue}, found {Kind(node)}; it is not checked");
        return null;
    }

    /// <summary>A bound as written: a JSON number's own text (a string holding one is accepted, as before; 'abc' is not).</summary>
    private string? Number(JsonObject owner, string key, string pointer)
    {
        var node = Member(owner, key, pointer);
        if (node is null) return null;
        if (node is JsonValue v)
        {
            if (v.GetValueKind() == JsonValueKind.Number) return v.ToJsonString();
            if (v.TryGetValue<string>(out var s) && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) return s;
        }
        Problem(pointer + "/" + JsonPointer.Escape(key), $"'{key}' must be a number, found {Kind(node)}; it is not checked");
        return null;
    }

    private void Problem(string pointer, string message) => _problems.Add((pointer, message));

    /// <summary>What was found: a plain value itself (the string 'yes', the number 5), an object or array by its kind only.</summary>
    private static string Kind(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "an object",
        JsonArray => "an array",
        JsonValue v when v.TryGetValue<string>(out var s) => $"the string '{Short(s)}'",
        _ => node.GetValueKind() == JsonValueKind.Number ? "the number " + Short(node.ToJsonString()) : node.ToJsonString(),
    };

    /// <summary>The field a pointer ends in, as a message names it: <c>'title'</c>, or <c>entry 3 of 'parameters'</c>.</summary>
    private static string Field(string pointer)
    {
        var segments = pointer.Split('/');
        string last = JsonPointer.Unescape(segments[segments.Length - 1]);
        return segments.Length > 2 && last.Length > 0 && last.All(char.IsDigit)
            ? $"entry {last} of '{Short(JsonPointer.Unescape(segments[segments.Length - 2]))}'"
            : $"'{Short(last)}'";
    }

    /// <summary>
    /// A value the parser reads later, outside the reader's guard, with every object in it built and every string in
    /// it decoded now: System.Text.Json does each when it is first read, and throws then on a key written twice or on
    /// text it cannot decode (an escaped lone surrogate), which would be an internal error (FLXG999) there and is an
    /// unreadable spec (FLXG001) here.
    /// </summary>
    private static JsonNode? Settled(JsonNode? node)
    {
        OverlayCore.Settle(node);
        return node;
    }

    private static string Short(string text) => text.Length <= 100 ? text : text.Substring(0, 100) + "…";

    private static string Index(int i) => i.ToString(CultureInfo.InvariantCulture);

}

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FlexCodegen.Generator.Parsing;
using FlexCodegen.Runtime;
using Microsoft.AspNetCore.Http;
using NJsonSchema;

namespace FlexCodegen.Emulator;

/// <summary>
/// Checks request parameters against a spec (Flex with its overlay applied; TaskRouter and Conversations as Twilio
/// publishes them): required fields, enums, id patterns, integers, booleans and date-times, JSON-valued parameters
/// against the overlay's schemas (NJsonSchema), and the overlay's <c>x-rules</c>. The client generated from the same
/// files enforces the same rules before sending. Each spec is read once per process: the rules never change.
/// </summary>
internal sealed class SpecRules
{
    private readonly JsonObject _document;
    private readonly JsonObject _schemas;
    private readonly JsonObject _definitions;
    private readonly ConcurrentDictionary<string, JsonSchema> _compiled = new(StringComparer.Ordinal);

    private SpecRules(JsonObject document)
    {
        _document = document;
        _schemas = document["components"]!["schemas"]!.AsObject();
        // JSON Schema tools know "definitions", not OpenAPI's components; "nullable" is OpenAPI-only.
        var definitions = JsonNode.Parse(_schemas.ToJsonString().Replace("#/components/schemas/", "#/definitions/"))!;
        ForJsonSchema(definitions);
        _definitions = definitions.AsObject();
    }

    private static readonly Lazy<SpecRules> FlexRules = new(() => Load("twilio_flex_v1.json", "twilio_flex_v1.overlay.json"));
    private static readonly Lazy<SpecRules> TaskRouterRules = new(() => Load("twilio_taskrouter_v1.json", null));
    private static readonly Lazy<SpecRules> ConversationsRules = new(() => Load("twilio_conversations_v1.json", null));

    /// <summary>Flex (Interactions), with the overlay's rules.</summary>
    public static SpecRules Flex => FlexRules.Value;

    /// <summary>TaskRouter v1, as published.</summary>
    public static SpecRules TaskRouter => TaskRouterRules.Value;

    /// <summary>Conversations v1, as published.</summary>
    public static SpecRules Conversations => ConversationsRules.Value;

    private static SpecRules Load(string specResource, string? overlayResource)
    {
        var spec = JsonNode.Parse(Resource(specResource))!.AsObject();
        if (overlayResource is not null)
        {
            var overlay = JsonNode.Parse(Resource(overlayResource))!;
            var problems = new List<string>();
            if (OverlayCore.Apply(spec, overlay["actions"]!.AsArray(), (i, target, reason) => problems.Add($"action {i} ({target}) {reason}")) is var (action, why))
                problems.Add($"action {action} {why}");
            if (problems.Count > 0) throw new InvalidOperationException("The overlay does not apply to the spec: " + string.Join("; ", problems));
        }
        return new SpecRules(spec);
    }

    /// <summary>The values an enum schema of the spec allows (<c>task_enum_status</c>).</summary>
    public IReadOnlyList<string> Enum(string schemaId) =>
        _schemas[schemaId]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()).ToList();

    /// <summary>An embedded spec's text.</summary>
    internal static string Resource(string name)
    {
        using var stream = typeof(SpecRules).Assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException("missing resource " + name);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// Reads and checks a form body; the result maps each wire name to its value (JSON-valued ones parsed, integers as
    /// numbers, booleans as booleans). With <paramref name="strict"/>, a field the operation does not declare, or one
    /// given twice, is refused rather than ignored: a misspelt field would otherwise change nothing without a word.
    /// </summary>
    public JsonObject ReadForm(string pathTemplate, IFormCollection form, bool strict = false)
    {
        var body = _document["paths"]![pathTemplate]!["post"]!["requestBody"]!["content"]!["application/x-www-form-urlencoded"]!["schema"]!.AsObject();
        var values = new JsonObject();
        var required = body["required"]?.AsArray().Select(r => r!.GetValue<string>()).ToHashSet() ?? new HashSet<string>();
        if (strict)
        {
            var declared = body["properties"]!.AsObject();
            foreach (var (key, raw) in form)
            {
                if (!declared.ContainsKey(key))
                    throw ApiError.Invalid($"Unknown parameter {Shorten(key)}: this operation takes {string.Join(", ", declared.Select(p => p.Key))}");
                if (raw.Count > 1) throw ApiError.Invalid($"Invalid {key}: given {raw.Count} times, at most once");
            }
        }
        foreach (var (name, propertySchema) in body["properties"]!.AsObject())
        {
            var schema = Resolve(propertySchema!);
            if (!form.TryGetValue(name, out var raw) || raw.Count == 0 || string.IsNullOrEmpty(raw[0]))
            {
                if (required.Contains(name)) throw ApiError.Invalid($"Missing required parameter {name} in the post body");
                continue;
            }
            string text = raw[0]!;
            if (IsJsonValued(schema.Schema))
            {
                CheckText(name, schema.Schema, text);
                var parsed = StrictJson.Parse(name, text);
                if (schema.Id is not null) CheckSchema(name, schema.Id, text);
                values[name] = parsed;
            }
            else
            {
                values[name] = Scalar(name, schema.Schema, text);
            }
        }
        CheckRules(body, values);
        return values;
    }

    /// <summary>
    /// Reads and checks a query string against an operation's query parameters: unknown ones, a parameter given twice
    /// (unless it is an array), and values that are not what the spec says are refused with 400.
    /// </summary>
    public JsonObject ReadQuery(string pathTemplate, IQueryCollection query)
    {
        var parameters = _document["paths"]![pathTemplate]!["get"]!["parameters"]!.AsArray()
            .Where(p => p!["in"]!.GetValue<string>() == "query")
            .ToDictionary(p => p!["name"]!.GetValue<string>(), p => Resolve(p!["schema"]!).Schema, StringComparer.Ordinal);
        var values = new JsonObject();
        foreach (var (key, raw) in query)
        {
            if (!parameters.TryGetValue(key, out var schema))
                throw ApiError.Invalid($"Unknown parameter {Shorten(key)}: this operation takes {string.Join(", ", parameters.Keys)}");
            if (schema["type"]?.GetValue<string>() == "array")
            {
                // Twilio takes a list as the parameter repeated, or as one comma-separated value (its own examples).
                var items = raw.SelectMany(v => (v ?? "").Split(',')).Select(v => v.Trim()).Where(v => v.Length > 0);
                var itemSchema = Resolve(schema["items"]!).Schema;
                values[key] = new JsonArray(items.Select(v => Scalar(key, itemSchema, v)).ToArray());
                continue;
            }
            if (raw.Count > 1) throw ApiError.Invalid($"Invalid {key}: given {raw.Count} times, at most once");
            values[key] = Scalar(key, schema, raw[0] ?? "");
        }
        return values;
    }

    /// <summary>
    /// A plain value given as text (a form field, a query parameter, an item of a list), checked as the spec says, the
    /// same way for the three APIs: <see cref="CheckText"/>, then integers (within the schema's minimum and maximum) and
    /// booleans parsed, date-times checked.
    /// </summary>
    private static JsonNode? Scalar(string name, JsonObject schema, string text)
    {
        CheckText(name, schema, text);
        switch (schema["type"]?.GetValue<string>())
        {
            case "integer":
                if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long number))
                    throw ApiError.Invalid($"Invalid {name}: must be a whole number, got '{Shorten(text)}'");
                if (schema["minimum"] is JsonValue min && number < min.GetValue<long>())
                    throw ApiError.Invalid($"Invalid {name}: must be at least {min}, got {number}");
                if (schema["maximum"] is JsonValue max && number > max.GetValue<long>())
                    throw ApiError.Invalid($"Invalid {name}: must be at most {max}, got {number}");
                return number;
            case "boolean":
                return text.ToLowerInvariant() switch
                {
                    "true" => true,
                    "false" => false,
                    _ => throw ApiError.Invalid($"Invalid {name}: must be true or false, got '{Shorten(text)}'"),
                };
        }
        if (schema["format"]?.GetValue<string>() == "date-time" && ParseDateTime(text) is null)
            throw ApiError.Invalid($"Invalid {name}: must be an ISO 8601 date and time such as 2026-01-01T12:00:00Z, got '{Shorten(text)}'");
        return text;
    }

    /// <summary>
    /// The checks on a value's text: one of the enum's values; the pattern matching the whole value (<c>$</c> is its end,
    /// as in JSON Schema, so <c>"MG…\n"</c> does not pass <c>^MG[0-9a-fA-F]{32}$</c>); minLength and maxLength (in
    /// UTF-16 code units, as the generated client counts them).
    /// </summary>
    private static void CheckText(string name, JsonObject schema, string text)
    {
        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => a?.GetValue<string>() == text))
            throw ApiError.Invalid($"Invalid {name}: must be one of {string.Join(", ", allowed)}, got '{Shorten(text)}'");
        if (schema["pattern"]?.GetValue<string>() is string pattern && !Matches(pattern, text))
            throw ApiError.Invalid($"Invalid {name}: '{Shorten(text)}' does not match {pattern}");
        if (schema["minLength"] is JsonValue min && text.Length < min.GetValue<int>())
            throw ApiError.Invalid(string.Create(CultureInfo.InvariantCulture, $"Invalid {name}: must be at least {min} characters long, is {text.Length}"));
        if (schema["maxLength"] is JsonValue max && text.Length > max.GetValue<int>())
            throw ApiError.Invalid(string.Create(CultureInfo.InvariantCulture, $"Invalid {name}: must be at most {max} characters long, is {text.Length}"));
    }

    private static readonly ConcurrentDictionary<string, Regex> Patterns = new(StringComparer.Ordinal);

    /// <summary>A pattern the fallback engine cannot decide within its timeout counts as not matched: the value is refused.</summary>
    private static bool Matches(string pattern, string text)
    {
        try
        {
            return Pattern(pattern).IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>A spec's pattern, compiled once, on the non-backtracking engine where it can run.</summary>
    private static Regex Pattern(string pattern) => Patterns.GetOrAdd(pattern, p =>
    {
        string anchored = PatternAnchors.EndAnchorsToEndOfText(p);
        try
        {
            return new Regex(anchored, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }
        catch (NotSupportedException)
        {
            return new Regex(anchored, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
    });

    /// <summary>An ISO 8601 date and time (UTC when no offset is given), or null.</summary>
    public static DateTimeOffset? ParseDateTime(string text) =>
        DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value) ? value : null;

    /// <summary>At most 100 characters of what the client sent, so a 4 MB value makes a short message.</summary>
    public static string Shorten(string text) => text.Length <= 100 ? text : text[..(char.IsHighSurrogate(text[99]) ? 99 : 100)] + "…";

    private (JsonObject Schema, string? Id) Resolve(JsonNode schema)
    {
        if (schema["$ref"]?.GetValue<string>() is string reference)
        {
            string id = reference["#/components/schemas/".Length..];
            return (_schemas[id]!.AsObject(), id);
        }
        return (schema.AsObject(), null);
    }

    private static bool IsJsonValued(JsonObject schema) =>
        schema["type"] is null ? schema["enum"] is null : schema["type"]!.GetValue<string>() is "object" or "array";

    /// <summary>Checks a JSON value against a component schema; a mismatch is 400 naming the parameter and the place.</summary>
    public void CheckSchema(string name, string id, string json)
    {
        var schema = _compiled.GetOrAdd(id, key =>
        {
            // The schema itself at the root (a root $ref with siblings does not resolve), the others beside it.
            var root = _definitions[key]!.DeepClone().AsObject();
            root["definitions"] = _definitions.DeepClone();
            return JsonSchema.FromJsonAsync(root.ToJsonString()).GetAwaiter().GetResult();
        });
        var errors = schema.Validate(json);
        if (errors.Count > 0)
            throw ApiError.Invalid($"Invalid {name}: " + string.Join("; ", errors.Select(e => $"{name}{(string.IsNullOrEmpty(e.Path) ? "" : e.Path.TrimStart('#').Replace('/', '.'))}: {e.Kind}")));
    }

    /// <summary>
    /// The overlay's x-rules: when every "if" predicate holds, each "then" predicate must hold. A "then" path with
    /// <c>[*]</c> (<c>Channel.participants[*].address</c>) must hold for each item, and a failure names the item.
    /// </summary>
    private static void CheckRules(JsonObject body, JsonObject values)
    {
        if (body["x-rules"] is not JsonArray rules) return;
        foreach (var rule in rules)
        {
            bool applies = rule!["if"]?.AsObject().All(p => Holds(Find(values, p.Key), p.Value!)) ?? true;
            if (!applies) continue;
            foreach (var (path, predicate) in rule["then"]!.AsObject())
            {
                int star = path.IndexOf("[*]", StringComparison.Ordinal);
                if (star < 0)
                {
                    if (!Holds(Find(values, path), predicate!)) throw Broken(path, rule);
                    continue;
                }
                var items = Find(values, path[..star]) as JsonArray;
                string rest = path[(star + 3)..].TrimStart('.');
                for (int i = 0; i < (items?.Count ?? 0); i++)
                    if (!Holds(rest.Length == 0 ? items![i] : Find(items![i], rest), predicate!))
                        throw Broken($"{path[..star]}[{i}]{path[(star + 3)..]}", rule);
            }
        }
    }

    private static ApiError Broken(string path, JsonNode rule) => ApiError.Invalid($"Invalid {path}: breaks the rule \"{rule["rule"]}\"");

    private static JsonNode? Find(JsonNode? node, string path)
    {
        foreach (var segment in path.Split('.'))
            node = node is JsonObject o ? o[segment] : null;
        return node;
    }

    private static bool Holds(JsonNode? node, JsonNode predicate)
    {
        bool present = node switch
        {
            null => false,
            JsonValue v when v.TryGetValue<string>(out var s) => s.Length > 0,
            JsonArray a => a.Count > 0,
            _ => true,
        };
        if (predicate["present"] is JsonValue p) return present == p.GetValue<bool>();
        if (predicate["equals"] is JsonArray allowed)
            return node is JsonValue value && allowed.Any(a => a!.ToJsonString() == value.ToJsonString());
        return true;
    }

    /// <summary>
    /// OpenAPI schemas as JSON Schema tools read them: "nullable" (OpenAPI-only) removed, and each pattern's <c>$</c>
    /// made the end of the value (<c>\z</c>), since NJsonSchema runs patterns on .NET's engine, where <c>$</c> also
    /// matches before a final line feed.
    /// </summary>
    private static void ForJsonSchema(JsonNode? node)
    {
        if (node is JsonObject o)
        {
            o.Remove("nullable");
            if (o["pattern"] is JsonValue pattern && pattern.TryGetValue<string>(out var text))
                o["pattern"] = PatternAnchors.EndAnchorsToEndOfText(text);
            foreach (var pair in o.ToList()) ForJsonSchema(pair.Value);
        }
        else if (node is JsonArray a)
        {
            foreach (var item in a) ForJsonSchema(item);
        }
    }
}

using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text.Json.Nodes;

namespace FlexCodegen.Generator.Parsing;

// The parts of an OpenAPI 3.x document the parser reads, as OpenApiReader leaves them: every value of the kind the
// specification says (anything else was reported and left out), dictionaries in the file's order.

/// <summary>An OpenAPI document: its title, first server, paths, component schemas, and the requests Twilio makes to an app.</summary>
internal sealed class SpecDocument
{
    public SpecDocument(string? title, string? serverUrl, Dictionary<string, SpecPathItem> paths, Dictionary<string, SpecSchema> schemas, List<SpecWebhook>? webhooks = null)
    {
        Title = title; ServerUrl = serverUrl; Paths = paths; Schemas = schemas; Webhooks = webhooks ?? new List<SpecWebhook>();
    }
    public string? Title { get; }
    public string? ServerUrl { get; }
    public Dictionary<string, SpecPathItem> Paths { get; }
    /// <summary><c>components/schemas</c>: what a <c>$ref</c> to <c>#/components/schemas/{name}</c> leads to.</summary>
    public Dictionary<string, SpecSchema> Schemas { get; }
    /// <summary>OpenAPI 3.1 <c>webhooks</c> and the <c>callbacks</c> of operations, in the file's order.</summary>
    public List<SpecWebhook> Webhooks { get; }
}

/// <summary>Where a request the API makes to an app is declared.</summary>
internal enum WebhookSource
{
    /// <summary>An entry of the document's <c>webhooks</c> (OpenAPI 3.1).</summary>
    Webhook,

    /// <summary>An expression of an operation's <c>callbacks</c> entry (OpenAPI 3.0 and 3.1).</summary>
    Callback,
}

/// <summary>
/// A request the API makes to an app (a webhook, or an operation's callback): its name in the spec, the path item
/// describing it (its operations' request bodies are the payloads), and where it is written.
/// </summary>
internal sealed class SpecWebhook
{
    public SpecWebhook(string name, WebhookSource source, SpecPathItem item, string pointer)
    {
        Name = name; Source = source; Item = item; Pointer = pointer;
    }
    /// <summary>The key under <c>webhooks</c>, or under an operation's <c>callbacks</c>.</summary>
    public string Name { get; }
    public WebhookSource Source { get; }
    public SpecPathItem Item { get; }
    /// <summary>The path item's pointer (a component's, when the entry is a <c>$ref</c> to one).</summary>
    public string Pointer { get; }
}

internal sealed class SpecPathItem
{
    public SpecPathItem(List<(HttpMethod Method, SpecOperation Operation)> operations, List<SpecParameter> parameters, string? serverUrl)
    {
        Operations = operations; Parameters = parameters; ServerUrl = serverUrl;
    }
    public List<(HttpMethod Method, SpecOperation Operation)> Operations { get; }
    public List<SpecParameter> Parameters { get; }
    public string? ServerUrl { get; }
}

internal sealed class SpecOperation
{
    public SpecOperation(string? operationId, string? summary, string? description, List<SpecParameter> parameters,
        Dictionary<string, SpecSchema?>? requestBody, Dictionary<string, Dictionary<string, SpecSchema?>?> responses)
    {
        OperationId = operationId; Summary = summary; Description = description; Parameters = parameters; RequestBody = requestBody; Responses = responses;
    }
    public string? OperationId { get; }
    public string? Summary { get; }
    public string? Description { get; }
    public List<SpecParameter> Parameters { get; }
    /// <summary>The request body's content: media type → schema (null when the media type has none).</summary>
    public Dictionary<string, SpecSchema?>? RequestBody { get; }
    /// <summary>Status code → the response's content (media type → schema), null when the response has no content.</summary>
    public Dictionary<string, Dictionary<string, SpecSchema?>?> Responses { get; }
}

internal enum ParameterLocation { Query, Header, Path, Cookie }

internal sealed class SpecParameter
{
    public SpecParameter(string name, ParameterLocation? location, bool required, string? description, SpecSchema? schema, string pointer)
    {
        Name = name; In = location; Required = required; Description = description; Schema = schema; Pointer = pointer;
    }
    public string Name { get; }
    /// <summary>Null for a location OpenAPI does not have (reported when read).</summary>
    public ParameterLocation? In { get; }
    public bool Required { get; }
    public string? Description { get; }
    public SpecSchema? Schema { get; }
    /// <summary>Where the parameter is written (in its operation, or under components/parameters): where its diagnostics point.</summary>
    public string Pointer { get; }
}

/// <summary>The JSON Schema <c>type</c> keyword; a schema may allow several (<c>["string", "null"]</c>).</summary>
[Flags]
internal enum SchemaTypes
{
    None = 0, Null = 1, Boolean = 2, Integer = 4, Number = 8, String = 16, Array = 32, Object = 64,
}

/// <summary>The keywords of a schema the parser reads.</summary>
internal sealed class SchemaKeywords
{
    public static readonly SchemaKeywords Empty = new();
    public SchemaTypes Type { get; set; }
    public string? Format { get; set; }
    public string? Pattern { get; set; }
    public string? Description { get; set; }
    public string? Title { get; set; }
    public List<JsonNode?>? Enum { get; set; }
    /// <summary><c>x-enum-descriptions</c>: a text per value of <see cref="Enum"/>, in its order (null for one that is not text).</summary>
    public List<string?>? EnumDescriptions { get; set; }
    public Dictionary<string, SpecSchema>? Properties { get; set; }
    public HashSet<string>? Required { get; set; }
    public SpecSchema? Items { get; set; }
    public int? MinLength { get; set; }
    public int? MaxLength { get; set; }
    /// <summary>The number as written (<c>1e400</c> stays <c>1e400</c>): the parser decides whether a double holds it.</summary>
    public string? Minimum { get; set; }
    public string? Maximum { get; set; }
    /// <summary>The <c>x-rules</c> extension, unread: the parser reads and reports it.</summary>
    public JsonNode? Rules { get; set; }
}

/// <summary>
/// A schema, or a reference to a component schema. A reference reads as the schema it finally leads to (siblings of
/// <c>$ref</c> are ignored, as OpenAPI 3.0 says), and as a schema with no keywords when it leads nowhere or only back
/// to itself: <see cref="Resolve"/> says which.
/// </summary>
internal sealed class SpecSchema
{
    private readonly SchemaKeywords _own;
    private readonly Dictionary<string, SpecSchema>? _components;
    private SchemaKeywords? _final;
    /// <summary>Where the chain stops, when it stops at a reference that points nowhere.</summary>
    private SpecSchema? _deadEnd;
    private bool _loops;

    public SpecSchema(SchemaKeywords own) => _own = own;

    public SpecSchema(string reference, string? refId, Dictionary<string, SpecSchema> components)
    {
        _own = SchemaKeywords.Empty;
        Ref = reference;
        RefId = refId;
        _components = components;
    }

    /// <summary>The <c>$ref</c> as written; null for a schema of its own.</summary>
    public string? Ref { get; }

    /// <summary>The component name a <c>$ref</c> of the form <c>#/components/schemas/{name}</c> names; null otherwise.</summary>
    public string? RefId { get; }

    /// <summary>The component schema the reference names (itself maybe a reference), or null.</summary>
    public SpecSchema? Target => RefId is not null && _components!.TryGetValue(RefId, out var target) ? target : null;

    /// <summary>Null when this schema can be read; else why not ("points nowhere…", "leads back to itself…").</summary>
    public string? Resolve()
    {
        _ = Keywords;
        if (_deadEnd is null) return _loops ? "leads back to itself without ever reaching a schema" : null;
        if (_deadEnd != this) return $"leads to '{_deadEnd.Ref}', which points nowhere";
        return RefId is null
            ? "is not a reference to #/components/schemas/{name}, the only references followed"
            : "points nowhere: add that schema under components/schemas or fix the reference";
    }

    private SchemaKeywords Keywords => Ref is null ? _own : _final ??= Follow();

    /// <summary>
    /// Follows the references, a step at a time (an alias chain of any length uses no stack), and tells every reference
    /// on the way where it ends: a chain is walked once, whatever order its links are read in (not once per link).
    /// </summary>
    private SchemaKeywords Follow()
    {
        var path = new List<SpecSchema>();
        var seen = new HashSet<SpecSchema>();
        SchemaKeywords end;
        SpecSchema? deadEnd = null;
        bool loops = false;
        for (var at = this; ; )
        {
            if (at.Ref is null) { end = at._own; break; }
            if (at._final is not null) { (end, deadEnd, loops) = (at._final, at._deadEnd, at._loops); break; }
            if (!seen.Add(at)) { (end, loops) = (SchemaKeywords.Empty, true); break; }
            path.Add(at);
            if (at.Target is not SpecSchema next) { (end, deadEnd) = (SchemaKeywords.Empty, at); break; }
            at = next;
        }
        foreach (var link in path) (link._final, link._deadEnd, link._loops) = (end, deadEnd, loops);
        return end;
    }

    public SchemaTypes Type => Keywords.Type;
    public string? Format => Keywords.Format;
    public string? Pattern => Keywords.Pattern;
    public string? Description => Keywords.Description;
    public string? Title => Keywords.Title;
    public List<JsonNode?>? Enum => Keywords.Enum;
    public List<string?>? EnumDescriptions => Keywords.EnumDescriptions;
    public Dictionary<string, SpecSchema>? Properties => Keywords.Properties;
    public HashSet<string>? Required => Keywords.Required;
    public SpecSchema? Items => Keywords.Items;
    public int? MinLength => Keywords.MinLength;
    public int? MaxLength => Keywords.MaxLength;
    public string? Minimum => Keywords.Minimum;
    public string? Maximum => Keywords.Maximum;
    public JsonNode? Rules => Keywords.Rules;
}

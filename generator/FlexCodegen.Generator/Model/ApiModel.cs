namespace FlexCodegen.Generator.Model;

/// <summary>What the emitters need to know about where the code goes.</summary>
internal sealed record EmitContext(string Namespace, string ClientName, string HintPrefix);

/// <summary>Everything generated from one spec.</summary>
/// <param name="Resources">The client and its resource tree; empty for a spec with no operations (only webhooks and
/// components), which gets no client.</param>
/// <param name="EventTypes">The catalogues of event types its webhook payloads carry.</param>
internal sealed record ApiModel(
    EmitContext Context,
    string? DefaultBaseAddress,
    EquatableArray<SidModel> Sids,
    EquatableArray<EnumModel> Enums,
    EquatableArray<ObjectModel> Objects,
    EquatableArray<RequestModel> Requests,
    EquatableArray<ResourceModel> Resources,
    EquatableArray<EventTypesModel> EventTypes = default)
{
    /// <summary>Whether a client is generated: the spec has at least one operation.</summary>
    public bool HasClient => Resources.Count > 0;
}

/// <summary>
/// The values of the enum that types the <c>EventType</c> field of webhook payloads, as string constants
/// (<c>TaskrouterEventTypes.TaskCompleted</c> is <c>"task.completed"</c>): what an app dispatches on by text, and what a
/// <c>switch</c> can take as a label, which the enum's values cannot be.
/// </summary>
/// <param name="EnumTypeName">The extensible enum the values come from, in the same namespace.</param>
/// <param name="Pointer">Where the enum is declared.</param>
internal sealed record EventTypesModel(string TypeName, string EnumTypeName, EquatableArray<EnumMember> Members, string? Description, string? Pointer);

/// <summary>
/// A strongly typed id: one or more fixed prefixes followed by <see cref="BodyLength"/> characters, each one of
/// <see cref="BodyChars"/>; <see cref="Storage"/> says how the generated struct holds it, decided by the parser.
/// </summary>
/// <param name="SharedNamespace">For one of Twilio's id kinds (<see cref="Names.TwilioIds"/>): the namespace its one type is in, whichever specs have it; null for an id of this spec's own.</param>
internal sealed record SidModel(string TypeName, EquatableArray<string> Prefixes, int BodyLength, string BodyChars, SidStorage Storage, string CharDescription, string Pattern, string? Description, string? SharedNamespace = null);

/// <summary>How a generated id holds its value.</summary>
internal enum SidStorage
{
    /// <summary>A body of 32 hex digits, held as numbers (the runtime's <c>HexSid</c>): parsing a valid id allocates nothing.</summary>
    Hex,

    /// <summary>Any other body, held as its text (the runtime's <c>TextSid</c>).</summary>
    Text,
}

/// <summary>An extensible string enum.</summary>
internal sealed record EnumModel(string TypeName, EquatableArray<EnumMember> Members, string? Description, string? Pointer = null);

/// <param name="Description">What the value means, from the schema's <c>x-enum-descriptions</c>.</param>
internal sealed record EnumMember(string Name, string WireValue, string? Description = null);

/// <summary>A response (or overlay-typed) object.</summary>
/// <param name="Sent">Whether a request can carry it (in a field, or inside an object a field holds): only then does it
/// get the checks a request runs before anything is sent. An object only ever read from answers has none to compile.</param>
internal sealed record ObjectModel(string TypeName, EquatableArray<PropertyModel> Properties, string? Description, bool Sent = false);

/// <summary>A field of a model or request; <see cref="Pointer"/> is where the spec declares it (a JSON pointer).</summary>
internal sealed record PropertyModel(string JsonName, string Name, TypeRef Type, bool Required, string? Description, Constraints Constraints, string? Pointer = null);

/// <summary>Checks a request builder applies before anything is sent.</summary>
internal sealed record Constraints(int? MinLength, int? MaxLength, string? Minimum, string? Maximum, string? Pattern)
{
    public static readonly Constraints None = new(null, null, null, null, null);
}

internal enum ValueKind { String, Boolean, Int32, Int64, Double, DateTime, Uri, UriMap, Json, Sid, Enum, Object, Array }

/// <summary>
/// The C# type of a value: a primitive, a generated type, or an array of one. A generated type keeps its short
/// <see cref="Name"/> (for messages and lookups) apart from its <see cref="FullyQualifiedName"/> (for code), as
/// System.Text.Json's generator does.
/// </summary>
internal sealed record TypeRef(ValueKind Kind, string? Name = null, TypeRef? Item = null, string? Namespace = null)
{
    /// <summary><c>global::Twilio.Flex.V1.InteractionSid</c>: never hidden by a member of the same name.</summary>
    public string? FullyQualifiedName => Name is null ? null : Namespace is null ? Name : "global::" + Namespace + "." + Name;

    public static readonly TypeRef String = new(ValueKind.String);
    public static readonly TypeRef Json = new(ValueKind.Json);
}

internal enum FieldLocation { Query, Header, Form, Json }

/// <summary>An operation's parameters other than the path: its request type and builder.</summary>
internal sealed record RequestModel(string TypeName, string OperationId, string? Description, EquatableArray<RequestField> Fields, BodyKind Body, EquatableArray<RuleModel> Rules);

/// <summary>
/// A documented rule (from an <c>x-rules</c> extension, usually added by an overlay): when every <see cref="When"/>
/// predicate holds, every <see cref="Then"/> predicate must hold too.
/// </summary>
internal sealed record RuleModel(string Text, EquatableArray<RulePredicate> When, EquatableArray<RulePredicate> Then);

/// <summary>
/// A test on one field path (<c>Channel.properties.media_channel_sid</c>): present, absent, or one of some values. With
/// <c>[*]</c> in the path (<c>Channel.participants[*].address</c>), <see cref="ItemAt"/> is the index in
/// <see cref="Members"/> where each array item's members start, and every item must pass; otherwise -1.
/// </summary>
internal sealed record RulePredicate(string Path, EquatableArray<string> Members, ValueKind Leaf, bool? Present, EquatableArray<string> OneOf, int ItemAt = -1);

/// <summary>A request parameter and where it travels.</summary>
internal sealed record RequestField(PropertyModel Field, FieldLocation Location);

internal enum BodyKind { None, Form, Json }

/// <summary>What a request sends besides its path, so a resource calls only the encoders its request has.</summary>
[System.Flags]
internal enum RequestParts { None = 0, Query = 1, Body = 2, Headers = 4 }

internal enum OperationKind { Create, Fetch, Update, Delete, List }

/// <summary>One HTTP operation, placed on a node of the resource tree; <see cref="PathSuffix"/> ends its URL (<c>.json</c> in Twilio's 2010 API).</summary>
internal sealed record OperationModel(
    string MethodName,
    OperationKind Kind,
    string HttpMethod,
    string OperationId,
    string? Summary,
    string? RequestType,
    bool RequestRequired,
    TypeRef? Response,
    string? PageItemsProperty,
    string PathSuffix,
    string SpecPath = "",
    string SuccessStatus = "",
    RequestParts RequestParts = RequestParts.None)
{
    /// <summary>The first-page method beside a paged one: <c>ListAsync</c> → <c>GetPageAsync</c>, <c>ListFooAsync</c> → <c>ListFooPageAsync</c>.</summary>
    public string PageMethodName => MethodName == "ListAsync" ? "GetPageAsync" : MethodName.Substring(0, MethodName.Length - "Async".Length) + "PageAsync";
}

/// <summary>
/// A node of the resource tree: a class with child accessors and operations. <see cref="AccessPath"/> is how a user
/// reaches it from the client (<c>client.Interactions[interactionSid].Channels</c>).
/// </summary>
internal sealed record ResourceModel(string ClassName, string PathTemplate, bool IsRoot, EquatableArray<ChildModel> Children, EquatableArray<OperationModel> Operations, string AccessPath = "client");

/// <summary>A step down the tree: a property for a fixed segment, an indexer for a parameter.</summary>
internal sealed record ChildModel(string ClassName, string Segment, string? PropertyName, TypeRef? IndexerType, string? ParameterName);

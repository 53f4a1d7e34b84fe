namespace FlexCodegen.Generator.Names;

/// <summary>
/// The names each emitter declares in the types it writes (members, nested types, and what every type inherits), so a
/// spec name never takes one of them. <c>GeneratedMembersTests</c> compiles each kind of type and fails when an emitter
/// declares a name missing here: the lists follow the emitters, not memory.
/// </summary>
internal static class GeneratedMembers
{
    private static readonly string[] Inherited = { "ToString", "Equals", "GetHashCode", "GetType", "MemberwiseClone", "Finalize", "ReferenceEquals" };

    /// <summary>An extensible enum (EnumEmitter).</summary>
    public static readonly string[] Enum = With("IsKnown", "KnownValues", "Value", "ReadJson", "WriteJson", "JsonConverter", "TypeConverter", "ReadJsonValue", "ReadJsonName", "FromText", "WriteJsonValue", "WriteJsonName", "PrintMembers");

    /// <summary>A JSON object (ObjectEmitter).</summary>
    public static readonly string[] Object = With("AdditionalProperties", "Read", "ReadJson", "Parse", "WriteTo", "WriteJson", "Validate", "JsonConverter", "TypeConverter");

    /// <summary>A request and its builder (RequestEmitter).</summary>
    public static readonly string[] Request = With("CreateBuilder", "ToBuilder", "Builder", "Build", "ToQueryString", "ToContent", "ToHeaders", "Validate");

    /// <summary>A catalogue of event types (EventTypesEmitter): a static class of constants, declaring nothing else.</summary>
    public static readonly string[] EventTypes = With();

    /// <summary>A resource or collection class, and the root client (ClientEmitter).</summary>
    public static readonly string[] Resource = With("Path", "Pipeline", "Dispose", "DefaultBaseAddress");

    private static string[] With(params string[] declared)
    {
        var all = new string[Inherited.Length + declared.Length];
        Inherited.CopyTo(all, 0);
        declared.CopyTo(all, Inherited.Length);
        return all;
    }
}

using FlexCodegen.Generator.Model;

namespace FlexCodegen.Generator.Emit;

/// <summary>How each kind of value is spelled, read, written and form-encoded in generated code.</summary>
internal static class Types
{
    public const string Rt = "global::FlexCodegen.Runtime";
    public const string Json = "global::System.Text.Json";

    /// <summary>On every generated type, so analyzers and coverage tools treat it as generated.</summary>
    public static readonly string GeneratedCode =
        "[global::System.CodeDom.Compiler.GeneratedCode(\"FlexCodegen\", \"" + (typeof(Types).Assembly.GetName().Version?.ToString(3) ?? "0.0.0") + "\")]";

    /// <summary>On plumbing types (converters), as Refit marks its generated plumbing.</summary>
    public const string ExcludeFromCoverage = "[global::System.Diagnostics.CodeAnalysis.ExcludeFromCodeCoverage]";

    public static bool IsValueType(TypeRef t) => t.Kind is ValueKind.Boolean or ValueKind.Int32 or ValueKind.Int64 or ValueKind.Double or ValueKind.DateTime or ValueKind.Json or ValueKind.Sid or ValueKind.Enum;

    /// <summary>The C# type, without nullability.</summary>
    public static string Name(TypeRef t) => t.Kind switch
    {
        ValueKind.String => "string",
        ValueKind.Boolean => "bool",
        ValueKind.Int32 => "int",
        ValueKind.Int64 => "long",
        ValueKind.Double => "double",
        ValueKind.DateTime => "global::System.DateTimeOffset",
        ValueKind.Uri => "global::System.Uri",
        ValueKind.UriMap => "global::System.Collections.Generic.IReadOnlyDictionary<string, global::System.Uri>",
        ValueKind.Json => Json + ".JsonElement",
        ValueKind.Array => "global::System.Collections.Generic.IReadOnlyList<" + Name(t.Item!) + ">",
        _ => t.Name!,
    };

    public static string Nullable(TypeRef t) => Name(t) + "?";

    /// <summary>An expression reading a nullable value from <paramref name="reader"/> (positioned on the value).</summary>
    public static string Read(TypeRef t, string reader) => t.Kind switch
    {
        ValueKind.String => $"{Rt}.TwilioJson.ReadString(ref {reader})",
        ValueKind.Boolean => $"{Rt}.TwilioJson.ReadBool(ref {reader})",
        ValueKind.Int32 => $"{Rt}.TwilioJson.ReadInt32(ref {reader})",
        ValueKind.Int64 => $"{Rt}.TwilioJson.ReadInt64(ref {reader})",
        ValueKind.Double => $"{Rt}.TwilioJson.ReadDouble(ref {reader})",
        ValueKind.DateTime => $"{Rt}.TwilioJson.ReadDateTime(ref {reader})",
        ValueKind.Uri => $"{Rt}.TwilioJson.ReadUri(ref {reader})",
        ValueKind.UriMap => $"{Rt}.TwilioJson.ReadUriMap(ref {reader})",
        ValueKind.Json => $"{Rt}.TwilioJson.ReadElement(ref {reader})",
        ValueKind.Sid or ValueKind.Enum => $"{t.Name}.ReadJson(ref {reader})",
        ValueKind.Object => $"({reader}.TokenType == {Json}.JsonTokenType.Null ? null : {t.Name}.Read(ref {reader}))",
        ValueKind.Array => $"{Rt}.TwilioJson.ReadArray(ref {reader}, static (ref {Json}.Utf8JsonReader item) => {ReadItem(t.Item!, "item")})",
        _ => "default",
    };

    private static string ReadItem(TypeRef t, string reader) =>
        IsValueType(t) ? $"{Read(t, reader)}.GetValueOrDefault()" : $"{Read(t, reader)}!";

    /// <summary>Statements writing a non-null value <paramref name="value"/> (already unwrapped) to <c>writer</c>.</summary>
    public static string Write(TypeRef t, string value) => t.Kind switch
    {
        ValueKind.String => $"writer.WriteStringValue({value});",
        ValueKind.Boolean => $"writer.WriteBooleanValue({value});",
        ValueKind.Int32 or ValueKind.Int64 or ValueKind.Double => $"writer.WriteNumberValue({value});",
        ValueKind.DateTime => $"{Rt}.TwilioJson.WriteDateTime(writer, {value});",
        ValueKind.Uri => $"writer.WriteStringValue({value}.OriginalString);",
        ValueKind.UriMap => $"{Rt}.TwilioJson.WriteUriMap(writer, {value});",
        ValueKind.Json => $"{value}.WriteTo(writer);",
        ValueKind.Sid or ValueKind.Enum => $"writer.WriteStringValue({value}.ToString());",
        ValueKind.Object => $"{value}.WriteJson(writer);",
        ValueKind.Array => $"writer.WriteStartArray(); foreach (var item in {value}) {{ {Write(t.Item!, "item")} }} writer.WriteEndArray();",
        _ => "",
    };

    /// <summary>The value of a non-null <paramref name="value"/> as Twilio's form/query text.</summary>
    public static string FormText(TypeRef t, string value) => t.Kind switch
    {
        ValueKind.String => value,
        ValueKind.Boolean or ValueKind.Int32 or ValueKind.Int64 or ValueKind.Double or ValueKind.DateTime => $"{Rt}.TwilioForm.Text({value})",
        ValueKind.Uri => $"{value}.OriginalString",
        ValueKind.Json => $"{Rt}.TwilioJson.ToCompactString({value})",
        ValueKind.Object => $"{Rt}.TwilioJson.ToCompactString({value})",
        ValueKind.UriMap => $"{Rt}.TwilioJson.ToCompactString({Rt}.TwilioJson.UriMapElement({value}))",
        _ => $"{value}.ToString()",
    };

    /// <summary>The type's own name, for messages: <c>global::Twilio.Flex.V1.InteractionSid</c> → <c>InteractionSid</c>.</summary>
    public static string Short(string qualified) => qualified.Substring(qualified.LastIndexOf('.') + 1);

    public static string Hint(EmitContext context, string typeName) => context.HintPrefix + "." + typeName + ".g.cs";
}

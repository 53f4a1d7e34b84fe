using FlexCodegen.Generator.Model;

namespace FlexCodegen.Generator.Emit;

/// <summary>How each kind of value is read from JSON, written to JSON and written as Twilio form text in generated code.</summary>
internal static class Codecs
{
    private const string Runtime = TypeNames.Runtime;
    private const string Json = TypeNames.Json;

    /// <summary>An expression reading a nullable value from <paramref name="reader"/> (positioned on the value).</summary>
    public static string Read(TypeRef t, string reader) => t.Kind switch
    {
        ValueKind.String => $"{Runtime}.TwilioJson.ReadString(ref {reader})",
        ValueKind.Boolean => $"{Runtime}.TwilioJson.ReadBool(ref {reader})",
        ValueKind.Int32 => $"{Runtime}.TwilioJson.ReadInt32(ref {reader})",
        ValueKind.Int64 => $"{Runtime}.TwilioJson.ReadInt64(ref {reader})",
        ValueKind.Double => $"{Runtime}.TwilioJson.ReadDouble(ref {reader})",
        ValueKind.DateTime => $"{Runtime}.TwilioJson.ReadDateTime(ref {reader})",
        ValueKind.Uri => $"{Runtime}.TwilioJson.ReadUri(ref {reader})",
        ValueKind.UriMap => $"{Runtime}.TwilioJson.ReadUriMap(ref {reader})",
        ValueKind.Json => $"{Runtime}.TwilioJson.ReadElement(ref {reader})",
        ValueKind.Sid or ValueKind.Enum => $"{t.FullyQualifiedName}.ReadJson(ref {reader})",
        ValueKind.Object => $"{Runtime}.TwilioJson.ReadModel<{t.FullyQualifiedName}>(ref {reader})",
        ValueKind.Array => $"{Runtime}.TwilioJson.ReadArray(ref {reader}, static (ref {Json}.Utf8JsonReader item) => {ReadItem(t.Item!, "item")})",
        _ => "default",
    };

    private static string ReadItem(TypeRef t, string reader) =>
        TypeNames.IsValueType(t) ? $"{Read(t, reader)}.GetValueOrDefault()" : $"{Read(t, reader)}!";

    /// <summary>Statements writing a non-null value <paramref name="value"/> (already unwrapped) to <c>writer</c>.</summary>
    public static string Write(TypeRef t, string value) => t.Kind switch
    {
        ValueKind.String => $"writer.WriteStringValue({value});",
        ValueKind.Boolean => $"writer.WriteBooleanValue({value});",
        ValueKind.Int32 or ValueKind.Int64 or ValueKind.Double => $"writer.WriteNumberValue({value});",
        ValueKind.DateTime => $"{Runtime}.TwilioJson.WriteDateTime(writer, {value});",
        ValueKind.Uri => $"writer.WriteStringValue({value}.OriginalString);",
        ValueKind.UriMap => $"{Runtime}.TwilioJson.WriteUriMap(writer, {value});",
        ValueKind.Json => $"{Runtime}.TwilioJson.WriteElement(writer, {value});",
        ValueKind.Sid or ValueKind.Enum => $"writer.WriteStringValue({value}.ToString());",
        ValueKind.Object => $"{value}.WriteJson(writer);",
        ValueKind.Array => $"writer.WriteStartArray(); foreach (var item in {value}) {{ {Write(t.Item!, "item")} }} writer.WriteEndArray();",
        _ => "",
    };

    /// <summary>
    /// One statement writing the nullable field <paramref name="value"/> under <paramref name="utf8Name"/> (a <c>u8</c>
    /// literal) with the model writer <c>json</c>, leaving it out when null; null when no runtime overload takes the type.
    /// </summary>
    public static string? Field(TypeRef t, string utf8Name, string value) => t.Kind switch
    {
        ValueKind.String or ValueKind.Boolean or ValueKind.Int32 or ValueKind.Int64 or ValueKind.Double or ValueKind.DateTime
            or ValueKind.Json or ValueKind.UriMap or ValueKind.Object or ValueKind.Sid or ValueKind.Enum => $"json.Write({utf8Name}, {value});",
        ValueKind.Array => t.Item!.Kind switch
        {
            ValueKind.String or ValueKind.Json => $"json.Write({utf8Name}, {value});",
            ValueKind.Object => $"json.WriteModels({utf8Name}, {value});",
            ValueKind.Sid or ValueKind.Enum => $"json.WriteTexts({utf8Name}, {value});",
            _ => null,
        },
        _ => null,
    };

    /// <summary>The value of a non-null <paramref name="value"/> as Twilio's form/query text.</summary>
    public static string FormText(TypeRef t, string value) => t.Kind switch
    {
        ValueKind.String => value,
        ValueKind.Boolean or ValueKind.Int32 or ValueKind.Int64 or ValueKind.Double or ValueKind.DateTime => $"{Runtime}.TwilioForm.Text({value})",
        ValueKind.Uri => $"{value}.OriginalString",
        ValueKind.Json => $"{Runtime}.TwilioJson.ToCompactString({value})",
        ValueKind.Object => $"{Runtime}.TwilioJson.ToCompactString({value})",
        ValueKind.UriMap => $"{Runtime}.TwilioJson.ToCompactString({Runtime}.TwilioJson.UriMapElement({value}))",
        _ => $"{value}.ToString()",
    };
}

using System;
using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FlexCodegen.Runtime;

/// <summary>
/// Not for direct use: what every generated id and enum implements (explicitly), so one runtime converter reads and
/// writes them all as JSON strings and dictionary keys, and converts them from text, without reflection.
/// </summary>
/// <typeparam name="TSelf">The id or enum type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface ITwilioTextValue<TSelf> where TSelf : struct, ITwilioTextValue<TSelf>
{
    /// <summary>Not for direct use. Reads a JSON value (null gives null); unless the type says otherwise, any string, through <see cref="FromText"/>.</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <returns>The value, or null.</returns>
    /// <exception cref="JsonException">The value is neither a string nor null (the message names the type).</exception>
    static virtual TSelf? ReadJsonValue(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => TSelf.FromText(reader.GetString()!),
        _ => throw new JsonException(typeof(TSelf).Name + ": expected a JSON string, got " + reader.TokenType + "."),
    };

    /// <summary>Not for direct use. Reads a JSON property name; unless the type says otherwise, through <see cref="FromText"/>.</summary>
    /// <param name="reader">The reader, on the name.</param>
    /// <returns>The value.</returns>
    static virtual TSelf ReadJsonName(ref Utf8JsonReader reader) => TSelf.FromText(reader.GetString()!);

    /// <summary>Not for direct use. The value from text (configuration, route and query binding).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The value.</returns>
    static abstract TSelf FromText(string text);

    /// <summary>Not for direct use. Writes the value as a JSON value; unless the type says otherwise, its <c>ToString()</c> as a string.</summary>
    /// <param name="writer">The writer.</param>
    void WriteJsonValue(Utf8JsonWriter writer) => writer.WriteStringValue(ToString());

    /// <summary>Not for direct use. Writes the value as a JSON property name; unless the type says otherwise, its <c>ToString()</c>.</summary>
    /// <param name="writer">The writer.</param>
    void WriteJsonName(Utf8JsonWriter writer) => writer.WritePropertyName(ToString()!);
}

/// <summary>
/// Not for direct use: the <see cref="JsonConverter"/> every generated id and enum names in its <c>[JsonConverter]</c>,
/// so they read and write themselves in an application's own types, as values and as dictionary keys.
/// </summary>
/// <typeparam name="T">The id or enum type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class TwilioTextJsonConverter<T> : JsonConverter<T> where T : struct, ITwilioTextValue<T>
{
    /// <inheritdoc/>
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => T.ReadJsonValue(ref reader) ?? default;

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => value.WriteJsonValue(writer);

    /// <inheritdoc/>
    public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => T.ReadJsonName(ref reader);

    /// <inheritdoc/>
    public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => value.WriteJsonName(writer);
}

/// <summary>
/// Not for direct use: the <see cref="TypeConverter"/> every generated id and enum names, so configuration binding and
/// ASP.NET route and query binding read them from text.
/// </summary>
/// <typeparam name="T">The id or enum type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class TwilioTextTypeConverter<T> : TypeConverter where T : struct, ITwilioTextValue<T>
{
    /// <inheritdoc/>
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) =>
        sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

    /// <inheritdoc/>
    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text ? T.FromText(text) : base.ConvertFrom(context, culture, value);

    /// <inheritdoc/>
    public override bool CanConvertTo(ITypeDescriptorContext? context, Type? destinationType) =>
        destinationType == typeof(string) || base.CanConvertTo(context, destinationType);

    /// <inheritdoc/>
    public override object? ConvertTo(ITypeDescriptorContext? context, CultureInfo? culture, object? value, Type destinationType) =>
        destinationType == typeof(string) && value is T v ? v.ToString() : base.ConvertTo(context, culture, value, destinationType);
}

using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Text.Json;

namespace FlexCodegen.Runtime;

/// <summary>
/// Not for direct use (generated code calls it). A generated model's JSON field names, in the order of its
/// properties, made once per model type: it finds a field by its UTF-8 name and names the model and field in errors.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class JsonModelFields
{
    private readonly string _typeName;
    private readonly string[] _names;
    private readonly Utf8NameTable _table;

    /// <summary>Not for direct use. The fields of the model <paramref name="typeName"/>.</summary>
    /// <param name="typeName">The model's C# name, for messages.</param>
    /// <param name="jsonNames">The JSON names of its properties, in order; a field's number is its index here.</param>
    public JsonModelFields(string typeName, params string[] jsonNames)
    {
        _typeName = typeName ?? throw new ArgumentNullException(nameof(typeName));
        _names = jsonNames ?? throw new ArgumentNullException(nameof(jsonNames));
        _table = new Utf8NameTable(jsonNames);
    }

    /// <summary>Not for direct use. Starts reading a model; the reader must be on the object's start.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The state of this read, for <see cref="JsonModelReader.Next"/>.</returns>
    /// <exception cref="JsonException">The reader is not on an object.</exception>
    public JsonModelReader Start(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException(_typeName + ": expected a JSON object, got " + reader.TokenType + ".");
        return new JsonModelReader(this);
    }

    internal int Find(ref Utf8JsonReader reader) => _table.Find(ref reader);

    internal string Name(int field) => _names[field];

    internal string TypeName => _typeName;
}

/// <summary>
/// Not for direct use (generated code calls it). One read of a generated model: steps from field to field, keeps the
/// fields the spec does not describe, and names the field that failed.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct JsonModelReader
{
    private readonly JsonModelFields _fields;
    private string? _current;
    private Dictionary<string, JsonElement>? _unknown;
    private long _valueStart;

    internal JsonModelReader(JsonModelFields fields)
    {
        _fields = fields;
        _current = null;
        _unknown = null;
        _valueStart = -1;
    }

    /// <summary>
    /// Not for direct use. The fields the spec does not describe, and the described ones whose value was not the form
    /// the spec promises, as they came (null when there were none).
    /// </summary>
    public readonly IReadOnlyDictionary<string, JsonElement>? Unknown => _unknown;

    /// <summary>
    /// Not for direct use. Moves to the next field the model describes and onto its value; a field it does not describe
    /// is read into <see cref="Unknown"/> on the way.
    /// </summary>
    /// <param name="reader">The reader.</param>
    /// <param name="field">The field's number (its index in the model's <see cref="JsonModelFields"/>).</param>
    /// <returns>False at the object's end.</returns>
    public bool Next(ref Utf8JsonReader reader, out int field)
    {
        while (true)
        {
            _current = null;
            if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName)
            {
                field = -1;
                return false;
            }
            field = _fields.Find(ref reader);
            string? unknown = field < 0 ? reader.GetString()! : null;
            reader.Read();
            _current = unknown ?? _fields.Name(field);
            _valueStart = reader.TokenStartIndex;
            if (unknown is null) return true;
            var value = TwilioJson.ReadAny(ref reader);
            (_unknown ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal))[unknown] = value;
        }
    }

    /// <summary>
    /// Not for direct use. Keeps the value of the field being read as it came, when <paramref name="exception"/> says only
    /// that it is not the form expected (an id with another prefix, a date in another format, a string where an object
    /// was promised): the typed property stays null, the value goes to <see cref="Unknown"/> under its own name and is
    /// written back unchanged, the pipeline logs the field, and the read goes on with the next field. False (the read
    /// fails, naming the field) for a broken document, a passed limit, or a reader that cannot be put back on the value.
    /// </summary>
    /// <param name="reader">The reader, on the value that failed (readers of arrays and nested objects put it back there).</param>
    /// <param name="exception">What the field's reader threw.</param>
    /// <returns>True when the value was kept and the reader is past it.</returns>
    public bool Keep(ref Utf8JsonReader reader, Exception exception)
    {
        if (_current is null || reader.TokenStartIndex != _valueStart || !KeptFields.IsAboutTheValue(exception)) return false;
        var value = TwilioJson.ReadAny(ref reader);
        (_unknown ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal))[_current] = value;
        KeptFields.Report(_fields.TypeName + "." + _current, exception.Message);
        return true;
    }

    /// <summary>
    /// Not for direct use. The exception to throw for one that ended the read of a field: a <see cref="JsonException"/>
    /// whose message names the model and the field; null (rethrow nothing, let it pass) for exceptions that are not
    /// about the data, or that came between fields.
    /// </summary>
    /// <param name="exception">What was thrown.</param>
    /// <returns>The exception to throw instead, or null.</returns>
    public readonly Exception? Error(Exception exception) =>
        _current is not null && exception is JsonException or FormatException or InvalidOperationException
            ? new JsonException(_fields.TypeName + "." + _current + ": " + exception.Message, exception)
            : null;
}

/// <summary>Not for direct use (generated code calls it). Writes a generated model's fields; a null field is left out.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct JsonModelWriter
{
    private readonly Utf8JsonWriter _writer;

    /// <summary>Not for direct use. Starts the object.</summary>
    /// <param name="writer">The writer.</param>
    public JsonModelWriter(Utf8JsonWriter writer)
    {
        _writer = writer ?? throw new ArgumentNullException(nameof(writer));
        writer.WriteStartObject();
    }

    /// <summary>Not for direct use. Writes the fields the spec does not describe, as they came, and ends the object.</summary>
    /// <param name="unknown">The model's additional properties.</param>
    public void End(IReadOnlyDictionary<string, JsonElement>? unknown)
    {
        if (unknown is not null)
        {
            foreach (var pair in unknown)
            {
                _writer.WritePropertyName(pair.Key);
                TwilioJson.WriteElement(_writer, pair.Value);
            }
        }
        _writer.WriteEndObject();
    }

    /// <summary>Not for direct use. Writes a string field.</summary>
    /// <param name="name">The field's JSON name, UTF-8.</param>
    /// <param name="value">The value; null leaves the field out.</param>
    public void Write(ReadOnlySpan<byte> name, string? value)
    {
        if (value is null) return;
        _writer.WritePropertyName(name);
        _writer.WriteStringValue(value);
    }

    /// <summary>Not for direct use. Writes a URL field kept as the text that was read (<paramref name="text"/>) or as set (<paramref name="uri"/>).</summary>
    /// <param name="name">The field's JSON name, UTF-8.</param>
    /// <param name="text">The text read, if any.</param>
    /// <param name="uri">The URI set, if any.</param>
    public void Write(ReadOnlySpan<byte> name, string? text, Uri? uri) => Write(name, text ?? uri?.OriginalString);

    /// <summary>Not for direct use. Writes a boolean field.</summary>
    /// <param name="name">The field's JSON name, UTF-8.</param>
    /// <param name="value">The value; null leaves the field out.</param>
    public void Write(ReadOnlySpan<byte> name, bool? value)
    {
        if (value is not bool v) return;
        _writer.WritePropertyName(name);
        _writer.WriteBooleanValue(v);
    }

    /// <summary>Not for direct use. Writes an integer field.</summary>
    /// <param name="name">The field's JSON name, UTF-8.</param>
    /// <param name="value">The value; null leaves the field out.</param>
    public void Write(ReadOnlySpan<byte> name, int? value)
    {
        if (value is not int v) return;
        _writer.WritePropertyName(name);
        _writer.WriteNumberValue(v);
    }

    /// <summary>Not for direct use. Writes an integer field.</summary>
    /// <param name="name">The field's JSON name, UTF-8.</param>
    /// <param name="value">The value; null leaves the field out.</param>
    public void Write(ReadOnlySpan<byte> name, long? value)
    {
        if (value is not long v) return;
        _writer.WritePropertyName(name);
        _writer.WriteNumberValue(v);
    }

    /// <summary>Not for direct use. Writes a number field.</summary>
    /// <param name="name">The field's JSON name, UTF-8.</param>
    /// <param name="value">The value; null leaves the field out.</param>
    public void Write(ReadOnlySpan<byte> name, double? value)
    {
        if (value is not double v) return;
        _writer.WritePropertyName(name);
        _writer.WriteNumberValue(v);
    }

    /// <summary>Not for direct use. Writes a date-time field as ISO-8601 UTC.</summary>
    /// <param name="name">The field's JSON name, UTF-8.</param>
    /// <param name="value">The value; null leaves the field out.</param>
    public void Write(ReadOnlySpan<byte> name, DateTimeOffset? value)
    {
        if (value is not DateTimeOffset v) return;
        _writer.WritePropertyName(name);
        TwilioJson.WriteDateTime(_writer, v);
    }

    /// <summary>Not for direct use. Writes a free-form field as it came.</summary>
    /// <param name="name">The field's JSON name, UTF-8.</param>
    /// <param name="value">The value; null leaves the field out.</param>
    public void Write(ReadOnlySpan<byte> name, JsonElement? value)
    {
        if (value is not JsonElement v) return;
        _writer.WritePropertyName(name);
        TwilioJson.WriteElement(_writer, v);
    }

    /// <summary>Not for direct use. Writes a links field.</summary>
    /// <param name="name">The field's JSON name, UTF-8.</param>
    /// <param name="value">The value; null leaves the field out.</param>
    public void Write(ReadOnlySpan<byte> name, IReadOnlyDictionary<string, Uri>? value)
    {
        if (value is null) return;
        _writer.WritePropertyName(name);
        TwilioJson.WriteUriMap(_writer, value);
    }

    /// <summary>Not for direct use. Writes a nested model field.</summary>
    /// <param name="name">The field's JSON name, UTF-8.</param>
    /// <param name="value">The value; null leaves the field out.</param>
    public void Write(ReadOnlySpan<byte> name, IJsonWritable? value)
    {
        if (value is null) return;
        _writer.WritePropertyName(name);
        value.WriteTo(_writer);
    }

    /// <summary>Not for direct use. Writes an id or enum field as its text (<c>ToString()</c>: a <c>default</c> id writes as "").</summary>
    /// <typeparam name="T">The id or enum type.</typeparam>
    /// <param name="name">The field's JSON name, UTF-8.</param>
    /// <param name="value">The value; null leaves the field out.</param>
    public void Write<T>(ReadOnlySpan<byte> name, T? value) where T : struct, ITwilioTextValue<T>
    {
        if (value is not T v) return;
        _writer.WritePropertyName(name);
        _writer.WriteStringValue(v.ToString());
    }

    /// <summary>Not for direct use. Writes an array of strings.</summary>
    /// <param name="name">The field's JSON name, UTF-8.</param>
    /// <param name="value">The value; null leaves the field out.</param>
    public void Write(ReadOnlySpan<byte> name, IReadOnlyList<string>? value)
    {
        if (value is null) return;
        _writer.WritePropertyName(name);
        _writer.WriteStartArray();
        foreach (var item in value) _writer.WriteStringValue(item);
        _writer.WriteEndArray();
    }

    /// <summary>Not for direct use. Writes an array of free-form values as they came.</summary>
    /// <param name="name">The field's JSON name, UTF-8.</param>
    /// <param name="value">The value; null leaves the field out.</param>
    public void Write(ReadOnlySpan<byte> name, IReadOnlyList<JsonElement>? value)
    {
        if (value is null) return;
        _writer.WritePropertyName(name);
        _writer.WriteStartArray();
        foreach (var item in value) TwilioJson.WriteElement(_writer, item);
        _writer.WriteEndArray();
    }

    /// <summary>Not for direct use. Writes an array of nested models.</summary>
    /// <typeparam name="T">The model type.</typeparam>
    /// <param name="name">The field's JSON name, UTF-8.</param>
    /// <param name="value">The value; null leaves the field out.</param>
    public void WriteModels<T>(ReadOnlySpan<byte> name, IReadOnlyList<T>? value) where T : IJsonWritable
    {
        if (value is null) return;
        _writer.WritePropertyName(name);
        _writer.WriteStartArray();
        foreach (var item in value) item.WriteTo(_writer);
        _writer.WriteEndArray();
    }

    /// <summary>Not for direct use. Writes an array of ids or enum values as their texts (<c>ToString()</c>).</summary>
    /// <typeparam name="T">The id or enum type.</typeparam>
    /// <param name="name">The field's JSON name, UTF-8.</param>
    /// <param name="value">The value; null leaves the field out.</param>
    public void WriteTexts<T>(ReadOnlySpan<byte> name, IReadOnlyList<T>? value) where T : struct, ITwilioTextValue<T>
    {
        if (value is null) return;
        _writer.WritePropertyName(name);
        _writer.WriteStartArray();
        foreach (var item in value) _writer.WriteStringValue(item.ToString());
        _writer.WriteEndArray();
    }
}

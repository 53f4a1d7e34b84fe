using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;

namespace FlexCodegen.Runtime;

/// <summary>Not for direct use (generated code calls it). A value that writes its own JSON (generated models, typed Channel/Routing objects).</summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public interface IJsonWritable
{
    /// <summary>Writes this value as one JSON value.</summary>
    void WriteTo(Utf8JsonWriter writer);
}

/// <summary>Not for direct use (generated code calls it). Reflection-free JSON helpers the generated readers and writers call.</summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class TwilioJson
{
    /// <summary>Reads a string or null.</summary>
    public static string? ReadString(ref Utf8JsonReader reader) =>
        reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False => Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray()),
            _ => throw new JsonException($"expected a string, got {reader.TokenType}"),
        };

    /// <summary>Reads a boolean (also "true"/"false" strings, as some Twilio fields send).</summary>
    public static bool? ReadBool(ref Utf8JsonReader reader) =>
        reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            JsonTokenType.String when bool.TryParse(reader.GetString(), out bool b) => b,
            _ => throw new JsonException($"expected a boolean, got {reader.TokenType}"),
        };

    /// <summary>Reads a 32-bit integer (also a numeric string).</summary>
    public static int? ReadInt32(ref Utf8JsonReader reader) =>
        reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.Number => reader.GetInt32(),
            JsonTokenType.String when int.TryParse(reader.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int i) => i,
            _ => throw new JsonException($"expected an integer, got {reader.TokenType}"),
        };

    /// <summary>Reads a 64-bit integer (also a numeric string).</summary>
    public static long? ReadInt64(ref Utf8JsonReader reader) =>
        reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.Number => reader.GetInt64(),
            JsonTokenType.String when long.TryParse(reader.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long i) => i,
            _ => throw new JsonException($"expected an integer, got {reader.TokenType}"),
        };

    /// <summary>Reads a number (also a numeric string, as Twilio sends prices).</summary>
    public static double? ReadDouble(ref Utf8JsonReader reader) =>
        reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.Number => reader.GetDouble(),
            JsonTokenType.String when double.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d) => d,
            _ => throw new JsonException($"expected a number, got {reader.TokenType}"),
        };

    /// <summary>Reads ISO-8601 or RFC 2822 (<c>Mon, 16 Aug 2010 03:45:01 +0000</c>) date-times.</summary>
    public static DateTimeOffset? ReadDateTime(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.String) throw new JsonException($"expected a date-time string, got {reader.TokenType}");
        if (reader.TryGetDateTimeOffset(out var iso)) return iso;
        string text = reader.GetString()!;
        if (DateTimeOffset.TryParseExact(text, "ddd, dd MMM yyyy HH:mm:ss zzz", CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var rfc)) return rfc;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var any)) return any;
        throw new JsonException($"'{MessageText.Quote(text)}' is not a date-time");
    }

    /// <summary>
    /// A URL field's text as a <see cref="Uri"/>, or null when there is none or it is not a URI (a getter never throws
    /// over what a server sent; the text itself is kept and written back as it came).
    /// </summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public static Uri? ToUri(string? text) => text is not null && Uri.TryCreate(text, UriKind.RelativeOrAbsolute, out var uri) ? uri : null;

    /// <summary>Reads an absolute or relative URI.</summary>
    public static Uri? ReadUri(ref Utf8JsonReader reader)
    {
        string? text = ReadString(ref reader);
        if (text is null) return null;
        return ToUri(text) ?? throw new JsonException($"'{MessageText.Quote(text)}' is not a URI");
    }

    /// <summary>Reads any JSON value, detached from the buffer; each value inside it counts against the body's budget.</summary>
    public static JsonElement? ReadElement(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        ResponseBudget.TakeInside(reader);
        // Its own copy of the bytes, made once (JsonDocument.ParseValue and Clone made two, and a document to drop).
        return JsonElement.ParseValue(ref reader);
    }

    /// <summary>Reads any JSON value, null included, detached from the buffer; it and each value inside it count against the body's budget.</summary>
    public static JsonElement ReadAny(ref Utf8JsonReader reader)
    {
        ResponseBudget.Take();
        ResponseBudget.TakeInside(reader);
        return JsonElement.ParseValue(ref reader);
    }

    /// <summary>Reads a nested generated model, or null.</summary>
    /// <remarks>
    /// A nested model keeps its own fields of the wrong form, and refuses what is not an object before moving the
    /// reader, so the field that holds it can keep that value as it came; no copy of the reader is needed here.
    /// </remarks>
    public static T? ReadModel<T>(ref Utf8JsonReader reader) where T : class, ITwilioJsonModel<T> =>
        reader.TokenType == JsonTokenType.Null ? null : T.ReadJson(ref reader);

    /// <summary>A links map as a JSON element (for form encoding).</summary>
    public static JsonElement UriMapElement(IReadOnlyDictionary<string, Uri> map)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer)) WriteUriMap(writer, map);
        using var doc = JsonDocument.Parse(buffer.WrittenMemory);
        return doc.RootElement.Clone();
    }

    /// <summary>Reads an array with <paramref name="readItem"/> per element.</summary>
    public static List<T>? ReadArray<T>(ref Utf8JsonReader reader, JsonValueReader<T> readItem) => ReadArray(ref reader, readItem, int.MaxValue);

    /// <summary>Reads an array of at most <paramref name="maxItems"/> elements (more is a <see cref="JsonException"/>).</summary>
    internal static List<T>? ReadArray<T>(ref Utf8JsonReader reader, JsonValueReader<T> readItem, int maxItems)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException($"expected an array, got {reader.TokenType}");
        var list = new List<T>();
        var start = reader;
        try
        {
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (list.Count == maxItems)
                    throw new JsonLimitException(string.Create(CultureInfo.InvariantCulture, $"the array has more than {maxItems} items"));
                ResponseBudget.Take();
                list.Add(readItem(ref reader));
            }
        }
        catch (Exception ex) when (KeptFields.IsAboutTheValue(ex))
        {
            // Back on the array's start, so the field that holds it can keep the whole array as it came.
            reader = start;
            throw;
        }
        return list;
    }

    /// <summary>
    /// Reads an object of string-valued links (<c>links</c>); each URI is parsed on first access. A link that is not a
    /// string (null, a number, an object) is no <see cref="Uri"/> of the map, and is written back as it came.
    /// </summary>
    public static IReadOnlyDictionary<string, Uri>? ReadUriMap(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException($"expected an object of links, got {reader.TokenType}");
        var links = new List<KeyValuePair<string, string>>(4);
        List<JsonElement?>? asCame = null; // made only when a link is not a string: null, a number, an object, ...
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string key = reader.GetString()!;
            reader.Read();
            ResponseBudget.Take();
            if (reader.TokenType == JsonTokenType.String)
            {
                links.Add(new KeyValuePair<string, string>(key, reader.GetString()!));
                asCame?.Add(null);
            }
            else
            {
                asCame ??= new List<JsonElement?>(new JsonElement?[links.Count]);
                links.Add(new KeyValuePair<string, string>(key, ""));
                asCame.Add(ReadAny(ref reader));
            }
        }
        return new LazyUriMap(links.ToArray(), asCame?.ToArray());
    }

    /// <summary>Writes a URI map.</summary>
    public static void WriteUriMap(Utf8JsonWriter writer, IReadOnlyDictionary<string, Uri> map)
    {
        writer.WriteStartObject();
        if (map is LazyUriMap lazy)
        {
            // No need to parse what is only written back; a link that was not a string is written as it came.
            for (int i = 0; i < lazy.Text.Count; i++)
            {
                writer.WritePropertyName(lazy.Text[i].Key);
                if (lazy.AsCame(i) is JsonElement value) WriteElement(writer, value);
                else writer.WriteStringValue(lazy.Text[i].Value);
            }
        }
        else
            foreach (var pair in map) writer.WriteString(pair.Key, pair.Value.OriginalString);
        writer.WriteEndObject();
    }

    /// <summary>
    /// Writes a JSON value read from a response as it came. Its raw text is copied, not re-encoded: a string a server
    /// sent with a lone surrogate (<c>"\ud800"</c>) is kept, where <see cref="JsonElement.WriteTo"/> would throw.
    /// Not for direct use: generated writers call it.
    /// </summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public static void WriteElement(Utf8JsonWriter writer, JsonElement value)
    {
        if (writer is null) throw new ArgumentNullException(nameof(writer));
        writer.WriteRawValue(value.GetRawText(), skipInputValidation: true);
    }

    /// <summary>Writes a date-time as ISO-8601 UTC, with the fraction of a second when it has one (nothing read is lost).</summary>
    public static void WriteDateTime(Utf8JsonWriter writer, DateTimeOffset value) =>
        writer.WriteStringValue(value.UtcTicks % TimeSpan.TicksPerSecond == 0
            ? TwilioForm.Text(value)
            : value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));

    /// <summary>
    /// How the client writes JSON: compact, escaping only what JSON requires (quotes, backslashes, control
    /// characters), so <c>+13115552368</c> stays <c>+13115552368</c> as in Twilio's docs, not <c>\u002B13115552368</c>.
    /// Still valid JSON; inside a form body it is percent-encoded anyway.
    /// </summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false };

    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    /// <summary>A writer over a per-thread buffer, reused call after call; give it back with <see cref="ReturnWriter"/>.</summary>
    internal static ArrayBufferWriter<byte> RentWriter(out Utf8JsonWriter writer)
    {
        var buffer = t_buffer ?? new ArrayBufferWriter<byte>(512);
        t_buffer = null;
        writer = t_writer ?? new Utf8JsonWriter(buffer, WriterOptions);
        t_writer = null;
        writer.Reset(buffer);
        return buffer;
    }

    internal static void ReturnWriter(ArrayBufferWriter<byte> buffer, Utf8JsonWriter writer)
    {
        if (buffer.Capacity > 64 * 1024) return; // keep no large buffer alive
        buffer.Clear();
        t_buffer = buffer;
        t_writer = writer;
    }

    /// <summary>Compact JSON text of a free-form value.</summary>
    public static string ToCompactString(JsonElement value) => ToCompactString(value, static (v, writer) => v.WriteTo(writer));

    /// <summary>Compact JSON text of a value that writes itself.</summary>
    public static string ToCompactString(IJsonWritable value) => ToCompactString(value, static (v, writer) => v.WriteTo(writer));

    private static string ToCompactString<T>(T value, Action<T, Utf8JsonWriter> write) =>
        WithWriter(value, write, 0, static (_, utf8) => Encoding.UTF8.GetString(utf8));

    /// <summary>Writes <paramref name="value"/> with the reused per-thread writer and hands the bytes to <paramref name="use"/>.</summary>
    internal static TResult WithWriter<T, TState, TResult>(T value, Action<T, Utf8JsonWriter> write, TState state, SpanFunc<TState, TResult> use)
    {
        var buffer = RentWriter(out var writer);
        try
        {
            write(value, writer);
            writer.Flush();
            return use(state, buffer.WrittenSpan);
        }
        finally
        {
            ReturnWriter(buffer, writer);
        }
    }

    internal delegate TResult SpanFunc<in TState, out TResult>(TState state, ReadOnlySpan<byte> utf8);

    /// <summary>Parses UTF-8 JSON with a generated reader, under the budget a response is read with (<see cref="ResponseBudget"/>).</summary>
    public static T Parse<T>(ReadOnlySpan<byte> utf8Json, JsonValueReader<T> read)
    {
        bool budget = ResponseBudget.Begin();
        try
        {
            var reader = new Utf8JsonReader(utf8Json);
            reader.Read();
            return read(ref reader);
        }
        finally
        {
            if (budget) ResponseBudget.End();
        }
    }

    /// <summary>Parses JSON text with a generated reader.</summary>
    public static T Parse<T>(string json, JsonValueReader<T> read) => Parse(Encoding.UTF8.GetBytes(json), read);
}

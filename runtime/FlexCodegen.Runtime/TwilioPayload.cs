using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text.Json;

namespace FlexCodegen.Runtime;

/// <summary>
/// Reads what Twilio sends to an application (a webhook's or event callback's form fields, or its JSON body) into a
/// generated model, with the same tolerance and the same limits as an answer from Twilio's API: numbers and booleans sent
/// as text are read as such, a value of the wrong form is kept in the model's <c>AdditionalProperties</c> (its property
/// reads null), a field the model does not describe is kept there too, and no payload makes more than the value budget
/// an answer may make (100,000 values).
/// </summary>
public static class TwilioPayload
{
    /// <summary>
    /// Reads form fields (<c>application/x-www-form-urlencoded</c>, already decoded) into <typeparamref name="T"/>: each
    /// field becomes a JSON string under its own name, and a name sent more than once a JSON array of its values, in the
    /// order sent (a model field that is an array reads it; any other keeps it in <c>AdditionalProperties</c>). A null
    /// value is JSON null. JSON text is UTF-8, so a lone surrogate in a name or value reads as U+FFFD.
    /// </summary>
    /// <typeparam name="T">A generated model.</typeparam>
    /// <param name="form">The fields, in the order sent.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="form"/> is null.</exception>
    /// <exception cref="JsonException">The fields hold more values than an answer may, or the model's reader refused them.</exception>
    public static T FromForm<T>(IEnumerable<KeyValuePair<string, string?>> form) where T : class, ITwilioJsonModel<T>
    {
        if (form is null) throw new ArgumentNullException(nameof(form));
        bool budget = ResponseBudget.Begin();
        try
        {
            // Names in first-seen order, each with its values; the budget bounds how many are made.
            var order = new List<string>();
            var values = new Dictionary<string, List<string?>>(StringComparer.Ordinal);
            foreach (var pair in form)
            {
                ResponseBudget.Take();
                string name = pair.Key ?? "";
                if (!values.TryGetValue(name, out var list))
                {
                    values[name] = list = new List<string?>(1);
                    order.Add(name);
                }
                list.Add(pair.Value);
            }

            var buffer = new ArrayBufferWriter<byte>(256);
            try
            {
                Write(buffer, order, values);
            }
            catch (ArgumentException ex)
            {
                // The relaxed encoder escapes a lone surrogate; should a writer refuse a text instead, say so as a refused payload.
                throw new JsonException("a field's name or value could not be written as JSON (" + MessageText.Quote(ex.Message, 200) + ")", ex);
            }
            return Read<T>(buffer.WrittenSpan);
        }
        finally
        {
            if (budget) ResponseBudget.End();
        }
    }

    private static void Write(ArrayBufferWriter<byte> buffer, List<string> order, Dictionary<string, List<string?>> values)
    {
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = TwilioJson.WriterOptions.Encoder, SkipValidation = false }))
        {
            writer.WriteStartObject();
            foreach (string name in order)
            {
                writer.WritePropertyName(name);
                var list = values[name];
                if (list.Count == 1)
                {
                    WriteValue(writer, list[0]);
                    continue;
                }
                writer.WriteStartArray();
                foreach (string? value in list) WriteValue(writer, value);
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
    }

    /// <summary>
    /// Reads a JSON body (UTF-8) into <typeparamref name="T"/>, as an answer from Twilio's API is read (comments skipped).
    /// </summary>
    /// <typeparam name="T">A generated model.</typeparam>
    /// <param name="utf8Json">The body's bytes.</param>
    /// <returns>The model.</returns>
    /// <exception cref="JsonException">The body is not one JSON object, holds more values than an answer may, or is nested deeper than 64 levels.</exception>
    public static T FromJson<T>(ReadOnlySpan<byte> utf8Json) where T : class, ITwilioJsonModel<T>
    {
        bool budget = ResponseBudget.Begin();
        try
        {
            return Read<T>(utf8Json);
        }
        finally
        {
            if (budget) ResponseBudget.End();
        }
    }

    private static T Read<T>(ReadOnlySpan<byte> utf8Json) where T : class, ITwilioJsonModel<T>
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw new JsonException("expected one JSON object");
            T model = T.ReadJson(ref reader);
            if (reader.Read()) throw new JsonException("more than one JSON value");
            return model;
        }
        catch (Exception ex) when (ex is not JsonException && ex is FormatException or InvalidOperationException or ArgumentException or OverflowException)
        {
            throw new JsonException(MessageText.Quote(ex.Message, 300), ex);
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, string? value)
    {
        if (value is null) writer.WriteNullValue();
        else writer.WriteStringValue(value);
    }
}

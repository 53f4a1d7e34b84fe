using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using Microsoft.AspNetCore.Http;

namespace FlexCodegen.AspNetCore;

/// <summary>
/// One request from Twilio that passed the signature check, beside its typed payload: the HTTP context, and what makes it
/// unique, for handling Twilio's retries idempotently.
/// </summary>
/// <remarks>
/// Twilio retries a callback that failed or timed out, so the same event can arrive more than once. Keep the
/// <see cref="DeduplicationKey"/> of what you have handled (a unique index in your store) and skip what you have seen.
/// </remarks>
public sealed class TwilioWebhookContext
{
    /// <summary>The header Twilio sends with the same value on every retry of one callback: <c>I-Twilio-Idempotency-Token</c>.</summary>
    public const string IdempotencyTokenHeader = "I-Twilio-Idempotency-Token";

    private readonly IReadOnlyList<KeyValuePair<string, string?>>? _form;
    private readonly ReadOnlyMemory<byte> _json;

    internal TwilioWebhookContext(HttpContext httpContext, IReadOnlyList<KeyValuePair<string, string?>>? form, ReadOnlyMemory<byte> json, string? eventTypeField, string? eventIdField)
    {
        HttpContext = httpContext;
        _form = form;
        _json = json;
        IdempotencyToken = httpContext.Request.Headers[IdempotencyTokenHeader] is { Count: 1 } token && token[0] is { Length: > 0 } text ? text : null;
        EventType = eventTypeField is null ? null : Field(eventTypeField);
        EventId = eventIdField is null ? null : Field(eventIdField);
    }

    /// <summary>The request's HTTP context.</summary>
    public HttpContext HttpContext { get; }

    /// <summary>The request's services (<see cref="HttpContext.RequestServices"/>).</summary>
    public IServiceProvider Services => HttpContext.RequestServices;

    /// <summary>Cancelled when the caller goes away (<see cref="HttpContext.RequestAborted"/>).</summary>
    public CancellationToken RequestAborted => HttpContext.RequestAborted;

    /// <summary>The event's type (<c>task.completed</c>), from the field the endpoint dispatches on; null for a plain webhook or when absent.</summary>
    public string? EventType { get; }

    /// <summary>The event's own id (a TaskRouter event's <c>Sid</c>, <c>EV…</c>), from the endpoint's id field; null when absent.</summary>
    public string? EventId { get; }

    /// <summary>The <c>I-Twilio-Idempotency-Token</c> header: the same on every retry of one callback; null when not sent.</summary>
    public string? IdempotencyToken { get; }

    /// <summary>
    /// What identifies this event across Twilio's retries: <see cref="EventId"/> when the payload carries one, else
    /// <see cref="IdempotencyToken"/>; null when the request carries neither.
    /// </summary>
    public string? DeduplicationKey => EventId ?? IdempotencyToken;

    /// <summary>
    /// A field of the payload as text, as it was signed: a form field's value, or a top-level string (or number or
    /// boolean, as its JSON text) of a JSON body. Null when there is no such field.
    /// </summary>
    /// <param name="name">The field's name, case-sensitive (<c>EventType</c>).</param>
    /// <returns>The value, or null.</returns>
    public string? Field(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_form is not null)
        {
            foreach (var pair in _form)
                if (string.Equals(pair.Key, name, StringComparison.Ordinal)) return pair.Value;
            return null;
        }
        return JsonField(_json.Span, name);
    }

    private static string? JsonField(ReadOnlySpan<byte> json, string name)
    {
        if (json.IsEmpty) return null;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool match = reader.ValueTextEquals(name);
                reader.Read();
                if (match)
                    return reader.TokenType switch
                    {
                        JsonTokenType.String => reader.GetString(),
                        JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
                        _ => null,
                    };
                reader.Skip();
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // A field whose text cannot be read (a string that is not UTF-8) is absent, as the model kept it as it came.
        }
        return null;
    }

    /// <summary>The event's type and ids, never the payload.</summary>
    /// <returns>A short description.</returns>
    public override string ToString() =>
        $"TwilioWebhookContext {{ EventType = {FormBody.Quote(EventType)}, EventId = {FormBody.Quote(EventId)}, IdempotencyToken = {FormBody.Quote(IdempotencyToken)} }}";
}

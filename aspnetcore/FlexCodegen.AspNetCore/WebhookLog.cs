using Microsoft.Extensions.Logging;

namespace FlexCodegen.AspNetCore;

/// <summary>
/// Every log line of the webhook endpoints, with a stable event id (listed in the README), in the category
/// <c>FlexCodegen.AspNetCore.TwilioWebhooks</c>. No line holds the auth token, a signature, or a request's query string;
/// received texts (event types, reasons) are quoted bounded, control characters replaced.
/// </summary>
internal static partial class WebhookLog
{
    /// <summary>The logger category.</summary>
    public const string Category = "FlexCodegen.AspNetCore.TwilioWebhooks";

    [LoggerMessage(EventId = 2001, EventName = "WebhookSignatureMissing", Level = LogLevel.Warning, Message = "{Method} {Path}: no X-Twilio-Signature header (or more than one); answered 403")]
    public static partial void SignatureMissing(ILogger logger, string method, string path);

    [LoggerMessage(EventId = 2002, EventName = "WebhookSignatureMismatch", Level = LogLevel.Warning, Message = "{Method} {Path}: X-Twilio-Signature is not Twilio's signature of {Url} (query not shown) and the body; answered 403. Behind a proxy, set TwilioWebhookOptions.PublicBaseUrl or run UseForwardedHeaders() first")]
    public static partial void SignatureMismatch(ILogger logger, string method, string path, string url);

    [LoggerMessage(EventId = 2003, EventName = "WebhookBodyRefused", Level = LogLevel.Warning, Message = "{Method} {Path}: answered {Status}: {Reason}")]
    public static partial void BodyRefused(ILogger logger, string method, string path, int status, string reason);

    [LoggerMessage(EventId = 2004, EventName = "WebhookEventUnhandled", Level = LogLevel.Information, Message = "{Path}: no handler for event type '{EventType}' (event {EventId}); acknowledged with 204")]
    public static partial void EventUnhandled(ILogger logger, string path, string eventType, string? eventId);

    [LoggerMessage(EventId = 2005, EventName = "WebhookReceived", Level = LogLevel.Debug, Message = "{Path}: '{EventType}' (event {EventId}, idempotency token {IdempotencyToken}) passed the signature check")]
    public static partial void Received(ILogger logger, string path, string? eventType, string? eventId, string? idempotencyToken);
}

using Microsoft.Extensions.Logging;

namespace FlexCodegen.Runtime;

/// <summary>
/// Every log line of the runtime, with a stable event id (listed in the README). No message carries credentials: they
/// hold operation ids, methods, paths, statuses, Twilio error codes and quoted (bounded) exception messages.
/// </summary>
internal static partial class RuntimeLog
{
    [LoggerMessage(EventId = 1001, EventName = "RequestSucceeded", Level = LogLevel.Debug, Message = "{OperationId} {Method} {Path}: {Status}")]
    public static partial void RequestSucceeded(ILogger logger, string operationId, string method, string path, int status);

    [LoggerMessage(EventId = 1002, EventName = "RequestFailed", Level = LogLevel.Warning, Message = "{OperationId} {Method} {Path}: {Status} (Twilio code {TwilioCode})")]
    public static partial void RequestFailed(ILogger logger, string operationId, string method, string path, int status, int? twilioCode);

    [LoggerMessage(EventId = 1003, EventName = "TransportFailed", Level = LogLevel.Warning, Message = "{OperationId} {Method} {Path}: no complete answer ({Error})")]
    public static partial void TransportFailed(ILogger logger, string operationId, string method, string path, string error);

    [LoggerMessage(EventId = 1004, EventName = "FieldKeptAsItCame", Level = LogLevel.Warning, Message = "{OperationId}: {Field} was not the form the spec promises in {Count} value(s) of the answer ({Reason}); kept as it came in AdditionalProperties, the property reads null")]
    public static partial void FieldKeptAsItCame(ILogger logger, string operationId, string field, int count, string reason);

    [LoggerMessage(EventId = 1101, EventName = "RetryingAfterStatus", Level = LogLevel.Warning, Message = "{Method} {Path}: {Status} on attempt {Attempt}, retrying in {DelayMs} ms")]
    public static partial void RetryingAfterStatus(ILogger logger, string method, string? path, int status, int attempt, long delayMs);

    [LoggerMessage(EventId = 1102, EventName = "RetryingAfterTransportFailure", Level = LogLevel.Warning, Message = "{Method} {Path}: transport failure on attempt {Attempt} ({Error}), retrying in {DelayMs} ms")]
    public static partial void RetryingAfterTransportFailure(ILogger logger, string method, string? path, int attempt, string error, long delayMs);

    [LoggerMessage(EventId = 1201, EventName = "RetryLayerLeftOut", Level = LogLevel.Debug, Message = "The handler chain of {ClientName} holds {HandlerType}, so Twilio's own retry handler is left out: one layer retries")]
    public static partial void RetryLayerLeftOut(ILogger logger, string clientName, string handlerType);
}

using System;
using System.Collections.Generic;
using System.Net;

namespace FlexCodegen.Runtime;

/// <summary>Twilio answered with a non-success status. Carries Twilio's error fields as they came.</summary>
public sealed class TwilioApiException : Exception
{
    internal TwilioApiException(string message, HttpStatusCode status, int? code, string? twilioMessage, string? moreInfo,
        IReadOnlyDictionary<string, string>? details, string? requestId, string? operationId)
        : base(message)
    {
        Status = status;
        Code = code;
        TwilioMessage = twilioMessage;
        MoreInfo = moreInfo;
        Details = details ?? new Dictionary<string, string>();
        RequestId = requestId;
        OperationId = operationId;
    }

    /// <summary>The HTTP status.</summary>
    public HttpStatusCode Status { get; }

    /// <summary>Twilio's error code (e.g. 20404), when the body had one.</summary>
    public int? Code { get; }

    /// <summary>Twilio's own message, when the body had one.</summary>
    public string? TwilioMessage { get; }

    /// <summary>Link to Twilio's page for the error code.</summary>
    public string? MoreInfo { get; }

    /// <summary>Twilio's <c>details</c> object, flattened to strings (nested values as raw JSON).</summary>
    public IReadOnlyDictionary<string, string> Details { get; }

    /// <summary>The <c>Twilio-Request-Id</c> header, for support requests.</summary>
    public string? RequestId { get; }

    /// <summary>The operation that failed (e.g. <c>UpdateInteractionChannel</c>).</summary>
    public string? OperationId { get; }
}

/// <summary>The request never got an HTTP answer: a connection failure, or the per-attempt timeout.</summary>
public sealed class TwilioTransportException : Exception
{
    internal TwilioTransportException(string message, bool isTimeout, Exception inner) : base(message, inner) => IsTimeout = isTimeout;

    /// <summary>True when the attempt ran out of time (not when the caller cancelled).</summary>
    public bool IsTimeout { get; }
}

/// <summary>A response body could not be read as the spec describes.</summary>
public sealed class TwilioResponseException : Exception
{
    internal TwilioResponseException(string message, Exception? inner = null) : base(message, inner) { }
}

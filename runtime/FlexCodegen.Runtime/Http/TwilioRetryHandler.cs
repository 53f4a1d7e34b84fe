using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FlexCodegen.Runtime;

/// <summary>
/// Twilio's retry layer as a handler (as Kiota composes its own): 429 is retried for any method, honouring
/// <c>Retry-After</c>; 502/503/504 and failures before a complete answer for GET and DELETE only (a POST is never sent
/// again once the server may have acted); exponential backoff with jitter, bounded by <see cref="RetryOptions"/>, timed by
/// <see cref="TwilioClientOptions.TimeProvider"/>. Not for direct use: generated clients and <c>AddFlexClient</c> add it,
/// and <c>AddFlexClient</c> leaves it out when the client's handler chain already holds a resilience handler, so exactly
/// one layer retries.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class TwilioRetryHandler : DelegatingHandler
{
    /// <summary>The logging category of the retries: <c>FlexCodegen.Runtime.TwilioRetryHandler</c>.</summary>
    public const string LogCategory = "FlexCodegen.Runtime.TwilioRetryHandler";

    private readonly RetryOptions _retry;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Not for direct use. A retry handler with the options' retry rules, clock and logger.</summary>
    /// <param name="options">The client's options (already validated).</param>
    public TwilioRetryHandler(TwilioClientOptions options)
    {
        if (options is null) throw new ArgumentNullException(nameof(options));
        _retry = options.Retry;
        _time = options.TimeProvider ?? TimeProvider.System;
        _logger = options.Logger ?? options.LoggerFactory?.CreateLogger(LogCategory) ?? NullLogger.Instance;
    }

    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var current = request;
        for (int attempt = 0; ; attempt++)
        {
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(current, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex) when (!cancellationToken.IsCancellationRequested)
            {
                if (ex is TwilioAttemptException counted) counted.Attempts = attempt + 1;
                if (attempt >= _retry.MaxRetries || !TwilioRetryRules.IsIdempotent(request.Method)) throw;
                TimeSpan wait = TwilioRetryRules.Backoff(_retry, attempt, null);
                // The wait starts before the line is logged: whoever sees the line (a test moving a fake clock) finds the wait pending.
                Task pause = Task.Delay(wait, _time, cancellationToken);
                RuntimeLog.RetryingAfterTransportFailure(_logger, request.Method.Method, request.RequestUri?.AbsolutePath, attempt + 1, MessageText.Quote(ex.Message, 300), (long)wait.TotalMilliseconds);
                await pause.ConfigureAwait(false);
                current = Copy(request);
                continue;
            }

            int status = (int)response.StatusCode;
            if (attempt >= _retry.MaxRetries || !TwilioRetryRules.IsRetryableStatus(request.Method, status)) return response;
            TimeSpan delay = TwilioRetryRules.Backoff(_retry, attempt, TwilioRetryRules.RetryAfter(response, _time));
            response.Dispose();
            Task waiting = Task.Delay(delay, _time, cancellationToken);
            RuntimeLog.RetryingAfterStatus(_logger, request.Method.Method, request.RequestUri?.AbsolutePath, status, attempt + 1, (long)delay.TotalMilliseconds);
            await waiting.ConfigureAwait(false);
            current = Copy(request);
        }
    }

    // HttpClient refuses to send one message twice, so a retry through a handed-in HttpClient sends a copy; the content is
    // buffered bytes, read again as they are.
    private static HttpRequestMessage Copy(HttpRequestMessage request)
    {
        var copy = new HttpRequestMessage(request.Method, request.RequestUri) { Content = request.Content, Version = request.Version, VersionPolicy = request.VersionPolicy };
        foreach (KeyValuePair<string, IEnumerable<string>> header in request.Headers)
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        return copy;
    }
}

using System;
using System.Net.Http;

namespace FlexCodegen.Runtime;

/// <summary>
/// Twilio's retry rules, in one place: 429 means Twilio did not act, so any method may be sent again; a 502, 503 or 504
/// and a failure before a complete answer are retried for GET and DELETE only, since a POST may already have acted.
/// </summary>
internal static class TwilioRetryRules
{
    /// <summary>GET and DELETE may be sent again: repeating them changes nothing on Twilio's side.</summary>
    public static bool IsIdempotent(HttpMethod method) => method == HttpMethod.Get || method == HttpMethod.Delete;

    public static bool IsRetryableStatus(HttpMethod method, int status)
    {
        if (status == 429) return true; // Twilio did not process the request: safe for any method
        return IsIdempotent(method) && (status == 502 || status == 503 || status == 504);
    }

    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is TimeSpan delta) return delta;
        if (header?.Date is DateTimeOffset date) return date - time.GetUtcNow();
        return null;
    }

    /// <summary>Exponential backoff with "equal jitter", or <c>Retry-After</c> when the server said; never over <c>MaxDelay</c>.</summary>
    public static TimeSpan Backoff(RetryOptions retry, int attempt, TimeSpan? retryAfter)
    {
        TimeSpan wait;
        if (retryAfter is TimeSpan ra && ra > TimeSpan.Zero)
        {
            wait = ra;
        }
        else
        {
            double baseMs = retry.BaseDelay.TotalMilliseconds * Math.Pow(2, attempt);
            wait = TimeSpan.FromMilliseconds(baseMs * (0.5 + Random.Shared.NextDouble() * 0.5));
        }
        return wait > retry.MaxDelay ? retry.MaxDelay : wait;
    }
}

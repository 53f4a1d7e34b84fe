using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace FlexCodegen.Runtime;

/// <summary>Reads one value from JSON; generated code supplies one per model.</summary>
public delegate T JsonValueReader<T>(ref Utf8JsonReader reader);

/// <summary>
/// The HTTP core every generated client shares: base address, Basic auth, retries, error mapping, tracing.
/// Thread-safe; create one per application (or let <c>IHttpClientFactory</c> hand in the <see cref="HttpClient"/>).
/// </summary>
public sealed class TwilioPipeline : IDisposable
{
    /// <summary>The source of one <see cref="Activity"/> per operation.</summary>
    public static readonly ActivitySource ActivitySource = new("FlexCodegen", typeof(TwilioPipeline).Assembly.GetName().Version?.ToString());

    private static readonly string UserAgent = "FlexCodegen/" + (typeof(TwilioPipeline).Assembly.GetName().Version?.ToString(3) ?? "0") + " (.NET " + Environment.Version.ToString(2) + ")";

    private const int ErrorBodyLimit = 64 * 1024; // Twilio's error JSON is a few hundred bytes; the rest of a huge error page is never read

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly TwilioClientOptions _options;
    private readonly AuthenticationHeaderValue _auth;
    private readonly string _basePath;

    /// <summary>Creates a pipeline with its own <see cref="HttpClient"/>, which follows no redirects.</summary>
    public TwilioPipeline(TwilioClientOptions options, Uri? defaultBaseAddress)
        : this(new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false }), options, defaultBaseAddress, ownsHttp: true)
    {
    }

    /// <summary>
    /// Creates a pipeline over a caller's <see cref="HttpClient"/> (not disposed by this pipeline). Turn automatic
    /// redirects off on its handler: a redirected request is refused as an error, but by then it has been re-sent.
    /// </summary>
    public TwilioPipeline(HttpClient httpClient, TwilioClientOptions options, Uri? defaultBaseAddress)
        : this(httpClient, options, defaultBaseAddress, ownsHttp: false)
    {
    }

    private TwilioPipeline(HttpClient httpClient, TwilioClientOptions options, Uri? defaultBaseAddress, bool ownsHttp)
    {
        if (httpClient is null) throw new ArgumentNullException(nameof(httpClient));
        if (options is null) throw new ArgumentNullException(nameof(options));
        // A copy, validated: changing the caller's object later changes nothing here.
        _options = options.Snapshot();
        _options.Validate();
        _http = httpClient;
        _ownsHttp = ownsHttp;
        // The spec's server is held to the same rule as the option: credentials never go over plain http to another machine.
        if (_options.BaseAddress is null)
        {
            if (defaultBaseAddress is null)
                throw new ArgumentException("TwilioClientOptions.BaseAddress: required, because the spec names no server a client may send credentials to.", nameof(options));
            TwilioClientOptions.CheckBaseAddress(defaultBaseAddress, "TwilioClientOptions.BaseAddress: required, because the spec's server is not usable: it");
        }
        BaseAddress = TrimSlash(_options.BaseAddress ?? defaultBaseAddress!);
        _basePath = BaseAddress.AbsolutePath.TrimEnd('/');
        _auth = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(_options.UserName + ":" + _options.Password)));
    }

    /// <summary>The address requests go to (the spec's server unless overridden).</summary>
    public Uri BaseAddress { get; }

    /// <summary>Sends a request and reads the body with <paramref name="read"/>.</summary>
    public async Task<T> SendAsync<T>(HttpMethod method, string pathAndQuery, HttpContent? body, IReadOnlyList<KeyValuePair<string, string>>? headers,
        JsonValueReader<T> read, string operationId, CancellationToken cancellationToken)
    {
        byte[] bytes = await SendRawAsync(method, ToUri(pathAndQuery), body, headers, operationId, cancellationToken).ConfigureAwait(false);
        return ReadBody(bytes, read, operationId);
    }

    /// <summary>Sends a request whose answer has no body worth reading (e.g. DELETE).</summary>
    public async Task SendAsync(HttpMethod method, string pathAndQuery, HttpContent? body, IReadOnlyList<KeyValuePair<string, string>>? headers,
        string operationId, CancellationToken cancellationToken)
        => await SendRawAsync(method, ToUri(pathAndQuery), body, headers, operationId, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// GETs a page URL (a page's <c>next_page_url</c>, absolute or relative to <see cref="BaseAddress"/>). A URL that
    /// resolves to another scheme, host or port, or that carries user info, is refused with
    /// <see cref="TwilioResponseException"/> and nothing is sent: credentials go to the API's own origin only.
    /// </summary>
    public async Task<T> GetAbsoluteAsync<T>(Uri url, JsonValueReader<T> read, string operationId, CancellationToken cancellationToken) =>
        await GetResolvedAsync(ResolvePageUrl(url, operationId), read, operationId, cancellationToken).ConfigureAwait(false);

    /// <summary>GETs a URL that <see cref="ResolvePageUrl"/> already accepted.</summary>
    internal async Task<T> GetResolvedAsync<T>(Uri resolved, JsonValueReader<T> read, string operationId, CancellationToken cancellationToken)
    {
        byte[] bytes = await SendRawAsync(HttpMethod.Get, resolved, null, null, operationId, cancellationToken).ConfigureAwait(false);
        return ReadBody(bytes, read, operationId);
    }

    /// <summary>Resolves a page URL against <see cref="BaseAddress"/> and refuses one on another origin (see <see cref="GetAbsoluteAsync{T}"/>).</summary>
    public Uri ResolvePageUrl(Uri url, string operationId)
    {
        if (url is null) throw new ArgumentNullException(nameof(url));
        Uri? resolved = url.IsAbsoluteUri ? url : Uri.TryCreate(BaseAddress, url, out var r) ? r : null;
        if (resolved is null || !IsSameOrigin(resolved))
            throw new TwilioResponseException($"{operationId}: the page URL '{MessageText.Quote(url.OriginalString)}' is not on {BaseAddress.GetLeftPart(UriPartial.Authority)}; refused, nothing was sent.");
        return resolved;
    }

    private bool IsSameOrigin(Uri uri) =>
        uri.IsAbsoluteUri
        && string.Equals(uri.Scheme, BaseAddress.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.IdnHost, BaseAddress.IdnHost, StringComparison.OrdinalIgnoreCase)
        && uri.Port == BaseAddress.Port
        && uri.UserInfo.Length == 0;

    // Generated code passes a path that starts with one '/' and has every value escaped; it is resolved as a path under the base.
    private Uri ToUri(string pathAndQuery)
    {
        if (pathAndQuery is null || !pathAndQuery.StartsWith("/", StringComparison.Ordinal) || pathAndQuery.StartsWith("//", StringComparison.Ordinal) || pathAndQuery.IndexOf('\\') >= 0
            || !Uri.TryCreate(BaseAddress, _basePath + pathAndQuery, out var uri) || !IsSameOrigin(uri))
            throw new ArgumentException($"'{MessageText.Quote(pathAndQuery)}' is not a path on {BaseAddress}.", nameof(pathAndQuery));
        return uri;
    }

    private static T ReadBody<T>(byte[] bytes, JsonValueReader<T> read, string operationId)
    {
        bool budget = ResponseBudget.Begin();
        try
        {
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            reader.Read();
            return read(ref reader);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or ArgumentException or OverflowException)
        {
            throw new TwilioResponseException($"{operationId}: the response body is not the JSON the spec describes ({MessageText.Quote(ex.Message, 300)}). Body starts: {Excerpt(bytes)}", ex);
        }
        finally
        {
            if (budget) ResponseBudget.End();
        }
    }

    private async Task<byte[]> SendRawAsync(HttpMethod method, Uri uri, HttpContent? body, IReadOnlyList<KeyValuePair<string, string>>? headers,
        string operationId, CancellationToken cancellationToken)
    {
        CheckHeaders(headers, operationId);
        using var activity = ActivitySource.StartActivity(operationId, ActivityKind.Client);
        activity?.SetTag("twilio.operation_id", operationId);
        activity?.SetTag("http.request.method", method.Method);
        activity?.SetTag("url.path", uri.AbsolutePath);

        // The body is buffered once, so every retry sends the same bytes; the pipeline owns the content it was handed.
        byte[]? bodyBytes = null;
        MediaTypeHeaderValue? contentType = null;
        if (body is not null)
        {
            using (body)
            {
                // A form from TwilioForm already holds its bytes; other content is read once.
                bodyBytes = body is BufferedContent buffered ? buffered.Bytes : await body.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                contentType = body.Headers.ContentType;
            }
        }
        int attempt = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var request = new HttpRequestMessage(method, uri);
            bool ownAuthorization = false;
            if (headers is not null)
            {
                foreach (var header in headers)
                {
                    // A spec-declared Authorization header (Flex Insights' "Token …") replaces the account's Basic credentials for this
                    // request: one scheme, never two in one header.
                    ownAuthorization |= string.Equals(header.Key, "Authorization", StringComparison.OrdinalIgnoreCase);
                    request.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }
            if (!ownAuthorization) request.Headers.Authorization = _auth;
            request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
            request.Headers.TryAddWithoutValidation("Accept", "application/json");
            if (bodyBytes is not null)
            {
                request.Content = new ByteArrayContent(bodyBytes);
                request.Content.Headers.ContentType = contentType;
            }

            // One deadline for the whole attempt: headers and body alike.
            using var attemptCts = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken) : new CancellationTokenSource();
            attemptCts.CancelAfter(_options.Timeout);
            Exception transportError;
            try
            {
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attemptCts.Token).ConfigureAwait(false);
                int status = (int)response.StatusCode;
                activity?.SetTag("http.response.status_code", status);
                if (response.RequestMessage?.RequestUri is Uri answeredFor && answeredFor != uri)
                {
                    activity?.SetStatus(ActivityStatusCode.Error, "redirected");
                    throw new TwilioResponseException($"{operationId}: {method.Method} {uri.AbsolutePath} was redirected to another URL, and the client follows no redirects (turn AllowAutoRedirect off on the HttpClient's handler); the answer was discarded.");
                }
                if (status >= 200 && status < 300)
                {
                    Log(LogLevel.Debug, "{Operation} {Method} {Path}: {Status}", operationId, method.Method, uri.AbsolutePath, status);
                    return await ReadBytesAsync(response, _options.MaxResponseContentBytes, truncate: false, operationId, attemptCts.Token).ConfigureAwait(false);
                }

                if (attempt < _options.Retry.MaxRetries && IsRetryable(method, status))
                {
                    TimeSpan? retryAfter = RetryAfter(response);
                    Log(LogLevel.Warning, "{Operation} {Method} {Path}: {Status} on attempt {Attempt}, retrying", operationId, method.Method, uri.AbsolutePath, status, attempt + 1);
                    await Task.Delay(Backoff(attempt, retryAfter), cancellationToken).ConfigureAwait(false);
                    attempt++;
                    continue;
                }

                byte[] errorBody = await ReadBytesAsync(response, ErrorBodyLimit, truncate: true, operationId, attemptCts.Token).ConfigureAwait(false);
                var error = ErrorReader.Create(response, errorBody, operationId, method.Method, uri.AbsolutePath);
                activity?.SetStatus(ActivityStatusCode.Error, error.Message);
                if (error.Code is int code) activity?.SetTag("twilio.error_code", code);
                Log(LogLevel.Warning, "{Operation} {Method} {Path}: {Status} (Twilio code {Code})", operationId, method.Method, uri.AbsolutePath, status, error.Code);
                throw error;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException or System.IO.IOException)
            {
                transportError = ex;
            }

            // No complete answer: a connection failure, a truncated or reset body, or the attempt's deadline.
            bool timedOut = transportError is OperationCanceledException;
            bool retry = attempt < _options.Retry.MaxRetries && IsIdempotent(method);
            Log(LogLevel.Warning, "{Operation} {Method} {Path}: transport failure on attempt {Attempt} ({Error}){Retry}", operationId, method.Method, uri.AbsolutePath, attempt + 1, MessageText.Quote(transportError.Message, 300), retry ? ", retrying" : "");
            if (!retry)
            {
                activity?.SetStatus(ActivityStatusCode.Error, timedOut ? "timeout" : "transport");
                string what = timedOut
                    ? "timed out after " + _options.Timeout.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " s"
                    : "failed before a complete response arrived";
                throw new TwilioTransportException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{operationId}: {method.Method} {uri.AbsolutePath} {what} (attempt {attempt + 1}): {MessageText.Quote(transportError.Message, 300)}"), timedOut, transportError);
            }
            await Task.Delay(Backoff(attempt, null), cancellationToken).ConfigureAwait(false);
            attempt++;
        }
    }

    /// <summary>Header values come from request builders, which refuse line breaks; this is the second line of defence.</summary>
    private static void CheckHeaders(IReadOnlyList<KeyValuePair<string, string>>? headers, string operationId)
    {
        if (headers is null) return;
        foreach (var header in headers)
        {
            if (string.IsNullOrEmpty(header.Key) || header.Key.IndexOfAny(HeaderBreakers) >= 0 || header.Key.IndexOfAny(HeaderNameBreakers) >= 0)
                throw new ArgumentException($"{operationId}: header name '{MessageText.Quote(header.Key)}' is not a valid HTTP header name; nothing was sent.", nameof(headers));
            if (header.Value is null || header.Value.IndexOfAny(HeaderBreakers) >= 0)
                throw new ArgumentException($"{operationId}: header {header.Key} must not contain CR, LF or NUL; nothing was sent.", nameof(headers));
        }
    }

    private static readonly char[] HeaderBreakers = { '\r', '\n', '\0' };
    private static readonly char[] HeaderNameBreakers = { ' ', ':', '\t' };

    /// <summary>GET and DELETE may be sent again: repeating them changes nothing on Twilio's side.</summary>
    private static bool IsIdempotent(HttpMethod method) => method == HttpMethod.Get || method == HttpMethod.Delete;

    private static bool IsRetryable(HttpMethod method, int status)
    {
        if (status == 429) return true; // Twilio did not process the request: safe for any method
        return IsIdempotent(method) && (status == 502 || status == 503 || status == 504);
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is TimeSpan delta) return delta;
        if (header?.Date is DateTimeOffset date) return date - DateTimeOffset.UtcNow;
        return null;
    }

    private TimeSpan Backoff(int attempt, TimeSpan? retryAfter)
    {
        TimeSpan wait;
        if (retryAfter is TimeSpan ra && ra > TimeSpan.Zero)
        {
            wait = ra;
        }
        else
        {
            double baseMs = _options.Retry.BaseDelay.TotalMilliseconds * Math.Pow(2, attempt);
            wait = TimeSpan.FromMilliseconds(baseMs * (0.5 + Random.Shared.NextDouble() * 0.5)); // "equal jitter"
        }
        return wait > _options.Retry.MaxDelay ? _options.Retry.MaxDelay : wait;
    }

    /// <summary>
    /// Reads the body up to <paramref name="limit"/> bytes. Past it, an error body is cut (only its start is quoted), and a
    /// success body fails with <see cref="TwilioResponseException"/> without reading the rest.
    /// </summary>
    private static async Task<byte[]> ReadBytesAsync(HttpResponseMessage response, long limit, bool truncate, string operationId, CancellationToken cancellationToken)
    {
        long? declared = response.Content.Headers.ContentLength;
        if (declared > limit && !truncate) throw TooLarge(operationId, limit, declared);
        using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        if (declared is long length && length <= limit)
        {
            // The usual case: one exact buffer. A body that ends early is a transport failure.
            byte[] exact = new byte[length];
            int filled = 0;
            while (filled < exact.Length)
            {
                int n = await stream.ReadAsync(exact.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                if (n == 0) throw new System.IO.IOException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"the body ended after {filled} of the {length} bytes its Content-Length announced."));
                filled += n;
            }
            return exact;
        }

        using var buffer = new System.IO.MemoryStream();
        byte[] chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            while (true)
            {
                int n = await stream.ReadAsync(chunk.AsMemory(), cancellationToken).ConfigureAwait(false);
                if (n == 0) break;
                long room = limit - buffer.Length;
                if (n > room)
                {
                    if (!truncate) throw TooLarge(operationId, limit, null);
                    buffer.Write(chunk, 0, (int)room);
                    break;
                }
                buffer.Write(chunk, 0, n);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        return buffer.ToArray();
    }

    private static TwilioResponseException TooLarge(string operationId, long limit, long? declared) =>
        new($"{operationId}: the response body {(declared is long d ? "announces " + d.ToString(System.Globalization.CultureInfo.InvariantCulture) + " bytes, more than" : "is larger than")} TwilioClientOptions.MaxResponseContentBytes ({limit.ToString(System.Globalization.CultureInfo.InvariantCulture)}); it was not read.");

    internal static string Excerpt(byte[] bytes)
    {
        const int max = 200;
        string text = Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, max)).Replace('\n', ' ').Replace('\r', ' ');
        return bytes.Length > max ? text + "…" : (text.Length == 0 ? "(empty)" : text);
    }

    private void Log(LogLevel level, string template, params object?[] args)
    {
        var logger = _options.Logger;
        if (logger is null || !logger.IsEnabled(level)) return;
#pragma warning disable CA2254 // templates are constants chosen above
        logger.Log(level, template, args);
#pragma warning restore CA2254
    }

    private static Uri TrimSlash(Uri uri) => uri.OriginalString.EndsWith("/", StringComparison.Ordinal) ? new Uri(uri.OriginalString.TrimEnd('/')) : uri;

    /// <summary>Disposes the <see cref="HttpClient"/> only when this pipeline created it.</summary>
    public void Dispose()
    {
        if (_ownsHttp) _http.Dispose();
    }

    /// <summary>Never shows credentials.</summary>
    public override string ToString() => $"TwilioPipeline {{ BaseAddress = {BaseAddress}, {_options} }}";
}

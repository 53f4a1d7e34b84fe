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

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly TwilioClientOptions _options;
    private readonly AuthenticationHeaderValue _auth;

    /// <summary>Creates a pipeline with its own <see cref="HttpClient"/>.</summary>
    public TwilioPipeline(TwilioClientOptions options, Uri defaultBaseAddress)
        : this(new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }), options, defaultBaseAddress, ownsHttp: true)
    {
    }

    /// <summary>Creates a pipeline over a caller's <see cref="HttpClient"/> (not disposed by this pipeline).</summary>
    public TwilioPipeline(HttpClient httpClient, TwilioClientOptions options, Uri defaultBaseAddress)
        : this(httpClient, options, defaultBaseAddress, ownsHttp: false)
    {
    }

    private TwilioPipeline(HttpClient httpClient, TwilioClientOptions options, Uri defaultBaseAddress, bool ownsHttp)
    {
        if (httpClient is null) throw new ArgumentNullException(nameof(httpClient));
        if (options is null) throw new ArgumentNullException(nameof(options));
        options.Validate();
        _http = httpClient;
        _ownsHttp = ownsHttp;
        _options = options;
        BaseAddress = TrimSlash(options.BaseAddress ?? defaultBaseAddress);
        _auth = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(options.UserName + ":" + options.Password)));
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

    /// <summary>GETs an absolute URL (a page's <c>next_page_url</c>); only URLs on <see cref="BaseAddress"/>'s host are followed.</summary>
    public async Task<T> GetAbsoluteAsync<T>(Uri url, JsonValueReader<T> read, string operationId, CancellationToken cancellationToken)
    {
        if (!url.IsAbsoluteUri)
            url = ToUri(url.OriginalString);
        else if (!string.Equals(url.Host, BaseAddress.Host, StringComparison.OrdinalIgnoreCase) || url.Port != BaseAddress.Port)
            url = new Uri(BaseAddress, url.PathAndQuery); // never send credentials to another host
        byte[] bytes = await SendRawAsync(HttpMethod.Get, url, null, null, operationId, cancellationToken).ConfigureAwait(false);
        return ReadBody(bytes, read, operationId);
    }

    private Uri ToUri(string pathAndQuery) => new(BaseAddress.OriginalString + pathAndQuery, UriKind.Absolute);

    private static T ReadBody<T>(byte[] bytes, JsonValueReader<T> read, string operationId)
    {
        try
        {
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            reader.Read();
            return read(ref reader);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            throw new TwilioResponseException($"{operationId}: the response body is not the JSON the spec describes ({ex.Message}). Body starts: {Excerpt(bytes)}", ex);
        }
    }

    private async Task<byte[]> SendRawAsync(HttpMethod method, Uri uri, HttpContent? body, IReadOnlyList<KeyValuePair<string, string>>? headers,
        string operationId, CancellationToken cancellationToken)
    {
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
                bodyBytes = await body.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                contentType = body.Headers.ContentType;
            }
        }
        int attempt = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var request = new HttpRequestMessage(method, uri);
            request.Headers.Authorization = _auth;
            request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (headers is not null)
                foreach (var header in headers) request.Headers.TryAddWithoutValidation(header.Key, header.Value);
            if (bodyBytes is not null)
            {
                request.Content = new ByteArrayContent(bodyBytes);
                request.Content.Headers.ContentType = contentType;
            }

            HttpResponseMessage? response = null;
            Exception? transportError = null;
            bool timedOut = false;
            using var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attemptCts.CancelAfter(_options.Timeout);
            try
            {
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attemptCts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (OperationCanceledException ex)
            {
                transportError = ex;
                timedOut = true;
            }
            catch (HttpRequestException ex)
            {
                transportError = ex;
            }

            if (response is null)
            {
                bool retry = attempt < _options.Retry.MaxRetries && (method == HttpMethod.Get || method == HttpMethod.Delete);
                Log(LogLevel.Warning, "{Operation} {Method} {Path}: transport failure on attempt {Attempt} ({Error}){Retry}", operationId, method.Method, uri.AbsolutePath, attempt + 1, transportError!.Message, retry ? ", retrying" : "");
                if (!retry)
                {
                    activity?.SetStatus(ActivityStatusCode.Error, timedOut ? "timeout" : "transport");
                    string what = timedOut ? $"timed out after {_options.Timeout.TotalSeconds:0.###} s" : "failed before a response arrived";
                    throw new TwilioTransportException($"{operationId}: {method.Method} {uri.AbsolutePath} {what} (attempt {attempt + 1}): {transportError.Message}", timedOut, transportError);
                }
                await Task.Delay(Backoff(attempt, null), cancellationToken).ConfigureAwait(false);
                attempt++;
                continue;
            }

            using (response)
            {
                int status = (int)response.StatusCode;
                activity?.SetTag("http.response.status_code", status);
                if (status >= 200 && status < 300)
                {
                    Log(LogLevel.Debug, "{Operation} {Method} {Path}: {Status}", operationId, method.Method, uri.AbsolutePath, status);
                    return await ReadBytesAsync(response, cancellationToken).ConfigureAwait(false);
                }

                if (attempt < _options.Retry.MaxRetries && IsRetryable(method, status))
                {
                    TimeSpan? retryAfter = RetryAfter(response);
                    Log(LogLevel.Warning, "{Operation} {Method} {Path}: {Status} on attempt {Attempt}, retrying", operationId, method.Method, uri.AbsolutePath, status, attempt + 1);
                    await Task.Delay(Backoff(attempt, retryAfter), cancellationToken).ConfigureAwait(false);
                    attempt++;
                    continue;
                }

                byte[] errorBody = await ReadBytesAsync(response, cancellationToken).ConfigureAwait(false);
                var error = ErrorReader.Create(response, errorBody, operationId, method.Method, uri.AbsolutePath);
                activity?.SetStatus(ActivityStatusCode.Error, error.Message);
                if (error.Code is int code) activity?.SetTag("twilio.error_code", code);
                Log(LogLevel.Warning, "{Operation} {Method} {Path}: {Status} (Twilio code {Code})", operationId, method.Method, uri.AbsolutePath, status, error.Code);
                throw error;
            }
        }
    }

    private static bool IsRetryable(HttpMethod method, int status)
    {
        if (status == 429) return true; // Twilio did not process the request: safe for any method
        bool idempotent = method == HttpMethod.Get || method == HttpMethod.Delete;
        return idempotent && (status == 502 || status == 503 || status == 504);
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

    private static async Task<byte[]> ReadBytesAsync(HttpResponseMessage response, CancellationToken cancellationToken)
        => await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);

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

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using System.ComponentModel;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FlexCodegen.Runtime;

/// <summary>Not for direct use (generated code calls it). Reads one value from JSON; generated code supplies one per model.</summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public delegate T JsonValueReader<T>(ref Utf8JsonReader reader);

/// <summary>
/// Not for direct use: the HTTP core generated clients call. It builds the request (base address, Basic auth, headers),
/// sends it down a handler chain (<see cref="TwilioRetryHandler"/>, <see cref="TwilioAttemptHandler"/>), maps the
/// answer to a result or an exception, logs and traces. Thread-safe.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class TwilioPipeline : IDisposable
{
    /// <summary>The source of one <see cref="Activity"/> per operation.</summary>
    public static readonly ActivitySource ActivitySource = new("FlexCodegen", typeof(TwilioPipeline).Assembly.GetName().Version?.ToString());

    private static readonly string UserAgent = "FlexCodegen/" + (typeof(TwilioPipeline).Assembly.GetName().Version?.ToString(3) ?? "0") + " (.NET " + Environment.Version.ToString(2) + ")";


    /// <summary>The logging category of request outcomes: <c>FlexCodegen.Runtime.TwilioPipeline</c>.</summary>
    public const string LogCategory = "FlexCodegen.Runtime.TwilioPipeline";

    // Either a chain this pipeline built and owns (retries, attempt, then sockets or a handed-in HttpClient), or an
    // HttpClient from IHttpClientFactory whose chain AddFlexClient composed.
    private readonly HttpMessageInvoker? _chain;
    private readonly HttpClient? _factoryClient;
    private readonly TwilioClientOptions _options;
    private readonly AuthenticationHeaderValue _auth;
    private readonly string _basePath;
    private readonly ILogger _logger;

    /// <summary>Not for direct use. Creates a pipeline with its own connections, which follow no redirects.</summary>
    /// <param name="options">The options; copied and validated.</param>
    /// <param name="defaultBaseAddress">The spec's server, if any.</param>
    public TwilioPipeline(TwilioClientOptions options, Uri? defaultBaseAddress)
        : this(null, options, defaultBaseAddress, factoryClient: null)
    {
    }

    /// <summary>
    /// Not for direct use. Creates a pipeline over a caller's <see cref="HttpClient"/> (not disposed by this pipeline),
    /// with Twilio's retry and attempt handlers in front of it. Turn automatic redirects off on its handler: a
    /// redirected request is refused as an error, but by then it has been re-sent.
    /// </summary>
    /// <param name="httpClient">The caller's client.</param>
    /// <param name="options">The options; copied and validated.</param>
    /// <param name="defaultBaseAddress">The spec's server, if any.</param>
    public TwilioPipeline(HttpClient httpClient, TwilioClientOptions options, Uri? defaultBaseAddress)
        : this(httpClient ?? throw new ArgumentNullException(nameof(httpClient)), options, defaultBaseAddress, factoryClient: null)
    {
    }

    /// <summary>
    /// Not for direct use. A pipeline over an <see cref="HttpClient"/> from <c>IHttpClientFactory</c> whose handler chain
    /// already holds one retry layer and <see cref="TwilioAttemptHandler"/> (see <see cref="TwilioHandlerChain.Configure"/>).
    /// </summary>
    /// <param name="httpClient">The factory's client.</param>
    /// <param name="options">The options; copied and validated.</param>
    /// <param name="defaultBaseAddress">The spec's server, if any.</param>
    /// <returns>The pipeline.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static TwilioPipeline OverHandlerChain(HttpClient httpClient, TwilioClientOptions options, Uri? defaultBaseAddress) =>
        new(null, options, defaultBaseAddress, httpClient ?? throw new ArgumentNullException(nameof(httpClient)));

    private TwilioPipeline(HttpClient? callersClient, TwilioClientOptions options, Uri? defaultBaseAddress, HttpClient? factoryClient)
    {
        if (options is null) throw new ArgumentNullException(nameof(options));
        // A copy, validated: changing the caller's object later changes nothing here.
        _options = options.Snapshot();
        _options.Validate();
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
        _logger = _options.Logger ?? _options.LoggerFactory?.CreateLogger(LogCategory) ?? NullLogger.Instance;
        _factoryClient = factoryClient;
        if (factoryClient is null)
        {
            HttpMessageHandler bottom = callersClient is null
                ? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false }
                : new HttpClientSender(callersClient);
            _chain = new HttpMessageInvoker(TwilioHandlerChain.Create(_options, bottom), disposeHandler: true);
        }
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

    /// <summary>Sends a request with the method named by its HTTP text (<c>GET</c>, <c>POST</c>, …), so generated code needs no <see cref="HttpMethod"/> expression.</summary>
    public Task<T> SendAsync<T>(string method, string pathAndQuery, HttpContent? body, IReadOnlyList<KeyValuePair<string, string>>? headers,
        JsonValueReader<T> read, string operationId, CancellationToken cancellationToken)
        => SendAsync(Method(method), pathAndQuery, body, headers, read, operationId, cancellationToken);

    /// <summary>Sends a request, by its HTTP method's text, whose answer has no body worth reading (e.g. DELETE).</summary>
    public Task SendAsync(string method, string pathAndQuery, HttpContent? body, IReadOnlyList<KeyValuePair<string, string>>? headers,
        string operationId, CancellationToken cancellationToken)
        => SendAsync(Method(method), pathAndQuery, body, headers, operationId, cancellationToken);

    // The common methods are shared instances; any other is made from the spec's text.
    private static HttpMethod Method(string method) => method switch
    {
        "GET" => HttpMethod.Get,
        "POST" => HttpMethod.Post,
        "DELETE" => HttpMethod.Delete,
        "PUT" => HttpMethod.Put,
        "PATCH" => HttpMethod.Patch,
        _ => new HttpMethod(method),
    };

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

    private T ReadBody<T>(byte[] bytes, JsonValueReader<T> read, string operationId)
    {
        bool budget = ResponseBudget.Begin();
        bool collect = KeptFields.Begin();
        try
        {
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            reader.Read();
            T result = read(ref reader);
            if (collect)
            {
                collect = false;
                foreach (var kept in KeptFields.End())
                    RuntimeLog.FieldKeptAsItCame(_logger, operationId, kept.Key, kept.Value.Count, kept.Value.Reason);
            }
            return result;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or ArgumentException or OverflowException)
        {
            throw new TwilioResponseException($"{operationId}: the response body is not the JSON the spec describes ({MessageText.Quote(ex.Message, 300)}). Body starts: {Excerpt(bytes)}", ex);
        }
        finally
        {
            if (budget) ResponseBudget.End();
            if (collect) KeptFields.End();
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
        // A form from TwilioForm already holds its bytes and is sent as it is.
        BufferedContent? content = null;
        if (body is not null)
        {
            if (body is BufferedContent buffered)
            {
                content = buffered;
            }
            else
            {
                using (body)
                {
                    content = new BufferedContent(await body.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
                    content.Headers.ContentType = body.Headers.ContentType;
                }
            }
        }

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
        request.Content = content;

        Exception transportError;
        try
        {
            using var response = _factoryClient is not null
                ? await _factoryClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false)
                : await _chain!.SendAsync(request, cancellationToken).ConfigureAwait(false);
            int status = (int)response.StatusCode;
            activity?.SetTag("http.response.status_code", status);
            if (response.RequestMessage?.RequestUri is Uri answeredFor && answeredFor != uri)
            {
                activity?.SetStatus(ActivityStatusCode.Error, "redirected");
                throw new TwilioResponseException($"{operationId}: {method.Method} {uri.AbsolutePath} was redirected to another URL, and the client follows no redirects (turn AllowAutoRedirect off on the HttpClient's handler); the answer was discarded.");
            }
            bool success = status >= 200 && status < 300;
            // The attempt handler has read the body within the attempt's deadline; another chain's body is read here.
            byte[] bytes = response.Content is BufferedContent read
                ? read.Bytes
                : await TwilioAttemptHandler.ReadBytesAsync(response, success ? _options.MaxResponseContentBytes : TwilioAttemptHandler.ErrorBodyLimit, truncate: !success, request, cancellationToken).ConfigureAwait(false);
            if (success)
            {
                RuntimeLog.RequestSucceeded(_logger, operationId, method.Method, uri.AbsolutePath, status);
                return bytes;
            }

            var error = ErrorReader.Create(response, bytes, operationId, method.Method, uri.AbsolutePath);
            activity?.SetStatus(ActivityStatusCode.Error, error.Message);
            if (error.Code is int code) activity?.SetTag("twilio.error_code", code);
            RuntimeLog.RequestFailed(_logger, operationId, method.Method, uri.AbsolutePath, status, error.Code);
            throw error;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (TwilioResponseException ex) when (!ex.Message.StartsWith(operationId, StringComparison.Ordinal))
        {
            // The attempt handler's size cap does not know the operation; the message names it.
            throw new TwilioResponseException(operationId + ": " + ex.Message, ex);
        }
        catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException or System.IO.IOException or TimeoutException || IsResilienceTimeout(ex))
        {
            transportError = ex;
        }

        // No complete answer: a connection failure, a truncated or reset body, or the attempt's deadline.
        var attempt = transportError as TwilioAttemptException;
        bool timedOut = attempt?.IsTimeout ?? (transportError is OperationCanceledException or TimeoutException || IsResilienceTimeout(transportError));
        string message = MessageText.Quote(attempt?.InnerException is { } inner && !attempt.IsTimeout ? inner.Message : transportError.Message, 300);
        RuntimeLog.TransportFailed(_logger, operationId, method.Method, uri.AbsolutePath, message);
        activity?.SetStatus(ActivityStatusCode.Error, timedOut ? "timeout" : "transport");
        string what = timedOut
            ? "timed out after " + _options.Timeout.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " s"
            : "failed before a complete response arrived";
        string attempts = attempt is { Attempts: > 0 } ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $" (attempt {attempt.Attempts})") : "";
        throw new TwilioTransportException($"{operationId}: {method.Method} {uri.AbsolutePath} {what}{attempts}: {message}", timedOut, transportError);
    }

    // A resilience handler's own attempt or total timeout (Polly's TimeoutRejectedException, by name: the runtime does not
    // reference Polly) is a timeout like the client's own.
    private static bool IsResilienceTimeout(Exception ex) => ex.GetType().FullName == "Polly.Timeout.TimeoutRejectedException";

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

    internal static string Excerpt(byte[] bytes)
    {
        const int max = 200;
        string text = Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, max)).Replace('\n', ' ').Replace('\r', ' ');
        return bytes.Length > max ? text + "…" : (text.Length == 0 ? "(empty)" : text);
    }

    private static Uri TrimSlash(Uri uri) => uri.OriginalString.EndsWith("/", StringComparison.Ordinal) ? new Uri(uri.OriginalString.TrimEnd('/')) : uri;

    /// <summary>Disposes the connections this pipeline created (never a handed-in or factory <see cref="HttpClient"/>).</summary>
    public void Dispose() => _chain?.Dispose();

    /// <summary>Never shows credentials.</summary>
    public override string ToString() => $"TwilioPipeline {{ BaseAddress = {BaseAddress}, {_options} }}";
}

using System;
using System.Buffers;
using System.ComponentModel;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace FlexCodegen.Runtime;

/// <summary>
/// One HTTP attempt, headers and body: <see cref="TwilioClientOptions.Timeout"/> covers both, and the body is read here
/// (at most <see cref="TwilioClientOptions.MaxResponseContentBytes"/>, an error body at most 64 KiB), so a body that
/// stalls, is cut or is reset fails this attempt as an <see cref="HttpRequestException"/>, which any retry layer above
/// (Twilio's <see cref="TwilioRetryHandler"/> or a resilience handler) sees as a transient failure. Not for direct use:
/// generated clients and <c>AddFlexClient</c> put it at the bottom of the handler chain.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class TwilioAttemptHandler : DelegatingHandler
{
    internal const int ErrorBodyLimit = 64 * 1024; // Twilio's error JSON is a few hundred bytes; the rest of a huge error page is never read

    private readonly TimeSpan _timeout;
    private readonly long _maxBytes;
    private readonly TimeProvider _time;

    /// <summary>Not for direct use. An attempt handler with the options' timeout and size cap.</summary>
    /// <param name="options">The client's options (already validated).</param>
    public TwilioAttemptHandler(TwilioClientOptions options)
    {
        if (options is null) throw new ArgumentNullException(nameof(options));
        _timeout = options.Timeout;
        _maxBytes = options.MaxResponseContentBytes;
        _time = options.TimeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var attempt = RentDeadlineSource(cancellationToken);
        ITimer? timer = Deadline(attempt);
        HttpResponseMessage? response = null;
        try
        {
            response = await base.SendAsync(request, attempt.Token).ConfigureAwait(false);
            int status = (int)response.StatusCode;
            bool success = status >= 200 && status < 300;
            byte[] bytes = await ReadBytesAsync(response, success ? _maxBytes : ErrorBodyLimit, truncate: !success, request, attempt.Token).ConfigureAwait(false);
            var content = new BufferedContent(bytes);
            // The body's Content-Type is not carried over: nothing reads it once the bytes are here, and a headers object per
            // call would cost 180 bytes (ClientOnlyBenchmarks).
            response.Content.Dispose();
            response.Content = content;
            return response;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            response?.Dispose();
            throw;
        }
        catch (OperationCanceledException ex)
        {
            response?.Dispose();
            throw new TwilioAttemptException("the attempt timed out after " + _timeout.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " s", isTimeout: true, ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or System.IO.IOException)
        {
            response?.Dispose();
            if (ex is TwilioAttemptException) throw;
            throw new TwilioAttemptException(ex.Message, isTimeout: false, ex);
        }
        catch
        {
            response?.Dispose();
            throw;
        }
        finally
        {
            timer?.Dispose();
            ReturnDeadlineSource(attempt, cancellationToken);
        }
    }

    // One deadline source kept for the next attempt: a call with no token of its own (the common case) then allocates no
    // CancellationTokenSource and no timer. TryReset refuses a source that was cancelled or whose timer ever fired, and
    // drops every registration, so a reused source carries nothing over from the attempt before.
    private CancellationTokenSource? _spareDeadline;

    private CancellationTokenSource RentDeadlineSource(CancellationToken cancellationToken) =>
        cancellationToken.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken)
            : Interlocked.Exchange(ref _spareDeadline, null) ?? new CancellationTokenSource();

    private void ReturnDeadlineSource(CancellationTokenSource source, CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled && source.TryReset() && Interlocked.CompareExchange(ref _spareDeadline, source, null) is null) return;
        source.Dispose();
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing) Interlocked.Exchange(ref _spareDeadline, null)?.Dispose();
        base.Dispose(disposing);
    }

    // CancelAfter is the system clock; another TimeProvider (a FakeTimeProvider in tests) gets a timer of its own.
    private ITimer? Deadline(CancellationTokenSource attempt)
    {
        if (_timeout == Timeout.InfiniteTimeSpan) return null;
        if (ReferenceEquals(_time, TimeProvider.System))
        {
            attempt.CancelAfter(_timeout);
            return null;
        }
        return _time.CreateTimer(static state => ((CancellationTokenSource)state!).Cancel(), attempt, _timeout, Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// Reads the body up to <paramref name="limit"/> bytes. Past it, an error body is cut (only its start is quoted), and a
    /// success body fails with <see cref="TwilioResponseException"/> without reading the rest.
    /// </summary>
    internal static async Task<byte[]> ReadBytesAsync(HttpResponseMessage response, long limit, bool truncate, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        long? declared = response.Content.Headers.ContentLength;
        if (declared > limit && !truncate) throw TooLarge(request, limit, declared);
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
                    if (!truncate) throw TooLarge(request, limit, null);
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

    private static TwilioResponseException TooLarge(HttpRequestMessage request, long limit, long? declared) =>
        new($"{request.Method.Method} {request.RequestUri?.AbsolutePath}: the response body {(declared is long d ? "announces " + d.ToString(System.Globalization.CultureInfo.InvariantCulture) + " bytes, more than" : "is larger than")} TwilioClientOptions.MaxResponseContentBytes ({limit.ToString(System.Globalization.CultureInfo.InvariantCulture)}); it was not read.");
}

/// <summary>An attempt that brought no complete answer: a connection failure, a cut or reset body, or the attempt's deadline.</summary>
internal sealed class TwilioAttemptException : HttpRequestException
{
    public TwilioAttemptException(string message, bool isTimeout, Exception inner) : base(message, inner) => IsTimeout = isTimeout;

    public bool IsTimeout { get; }

    /// <summary>How many attempts were made, when Twilio's retry handler made them (0 when unknown).</summary>
    public int Attempts { get; set; }
}

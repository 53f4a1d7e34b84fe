using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using FlexCodegen.Runtime;

namespace FlexCodegen.Emulator;

/// <summary>
/// Posts TaskRouter events to workspaces' callback URLs as TaskRouter does: form-encoded, signed with the auth token
/// (<see cref="TwilioSignature"/>), with an idempotency token that a retry repeats. One queue and one loop per workspace,
/// so a workspace's events arrive in the order they happened, one at a time, and a slow receiver holds up only its own
/// workspace; requests only enqueue, never wait. A failed attempt (no connection, no answer before the timeout, a 5xx)
/// is retried a bounded number of times after waits on the emulator's clock (the timeout itself is real time); a 4xx or another non-2xx answer is final,
/// as Twilio retries those only when the URL's connection overrides ask for it. Every attempt is recorded.
/// </summary>
internal sealed class EventCallbacks : IAsyncDisposable
{
    private readonly TimeProvider _clock;
    private readonly string _authToken;
    private readonly int _retries;
    private readonly TimeSpan _retryDelay;
    private readonly TimeSpan _timeout;
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stopping = new();
    // Two locks, never one inside the other. Enqueue runs under the store's lock and takes only _queuesGate; a test's
    // predicate runs under _gate and may call the emulator (the store's lock): with one lock for both, the two orders
    // could deadlock.
    private readonly object _queuesGate = new();
    private readonly Dictionary<string, (Channel<Pending> Queue, Task Loop)> _workspaces = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private readonly List<EventDelivery> _deliveries = new();
    private readonly List<(Func<EventDelivery, bool> Match, TaskCompletionSource<EventDelivery> Found)> _waiters = new();
    private volatile bool _disposed;

    /// <summary>An event on its way: where it goes and what is sent, the same on every attempt.</summary>
    private sealed record Pending(EmulatedEvent Event, string Url, string Signature, string IdempotencyToken);

    /// <summary>What one attempt came to: the status answered, or why none came; and whether it is worth another.</summary>
    private readonly record struct Outcome(int? StatusCode, string? Error, bool Retryable);

    /// <summary>Thrown inside the connection: the host resolved to no address the emulator may call.</summary>
    private sealed class AddressRefusedException(string message) : Exception(message);

    public EventCallbacks(TimeProvider clock, FlexEmulatorOptions options)
    {
        _clock = clock;
        _authToken = options.AuthToken;
        _retries = options.EventCallbackRetries;
        _retryDelay = options.EventCallbackRetryDelay;
        _timeout = options.EventCallbackTimeout;
        bool allowNonLoopback = options.AllowNonLoopbackEventCallbacks;
        var handler = new SocketsHttpHandler
        {
            // A developer's HTTP_PROXY must not see loopback callbacks, nor carry them off the machine.
            UseProxy = false,
            // A redirect could lead anywhere, past the loopback rule: the 3xx is the answer.
            AllowAutoRedirect = false,
            // Twilio's default connect timeout; real time, as it bounds the network rather than the emulated world.
            ConnectTimeout = TimeSpan.FromSeconds(5),
            ConnectCallback = (context, cancellationToken) => ConnectAsync(context.DnsEndPoint, allowNonLoopback, cancellationToken),
        };
        // Attempts end on the emulator's clock (the timeout below), never on HttpClient's own.
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Every attempt so far, in the order they ended.</summary>
    public IReadOnlyList<EventDelivery> Deliveries
    {
        get { lock (_gate) return _deliveries.ToArray(); }
    }

    /// <summary>
    /// Queues an event for the URL it is to go to; returns at once (the caller holds the store's lock). Called in the
    /// order events happen, so each workspace's queue is in that order.
    /// </summary>
    public void Enqueue(EmulatedEvent e, string callbackUrl)
    {
        string url = CallbackAddress.Posted(callbackUrl);
        var pending = new Pending(e, url, TwilioSignature.Compute(_authToken, url, Parameters(e)), Guid.NewGuid().ToString("D"));
        lock (_queuesGate)
        {
            if (_disposed) return;
            if (!_workspaces.TryGetValue(e.WorkspaceSid, out var workspace))
            {
                var queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
                workspace = (queue, Task.Run(() => DeliverAllAsync(queue.Reader)));
                _workspaces[e.WorkspaceSid] = workspace;
            }
            workspace.Queue.Writer.TryWrite(pending);
        }
    }

    /// <summary>The first attempt, made or to come, that <paramref name="match"/> accepts.</summary>
    public Task<EventDelivery> WaitAsync(Func<EventDelivery, bool> match, CancellationToken cancellationToken)
    {
        var found = new TaskCompletionSource<EventDelivery>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            foreach (var delivery in _deliveries)
                if (match(delivery)) return Task.FromResult(delivery);
            if (_disposed) return Task.FromException<EventDelivery>(new ObjectDisposedException(nameof(FlexEmulator), "The emulator is stopped: no more deliveries will be made."));
            _waiters.Add((match, found));
        }
        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.Register(() =>
            {
                lock (_gate) _waiters.RemoveAll(w => w.Found == found);
                found.TrySetCanceled(cancellationToken);
            });
            _ = found.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        return found.Task;
    }

    private static IEnumerable<KeyValuePair<string, string?>> Parameters(EmulatedEvent e) =>
        e.Fields.Select(f => new KeyValuePair<string, string?>(f.Key, f.Value));

    private async Task DeliverAllAsync(ChannelReader<Pending> queue)
    {
        try
        {
            await foreach (var pending in queue.ReadAllAsync(_stopping.Token))
                await DeliverAsync(pending, _stopping.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    /// <summary>Attempts until delivered, refused for good, or out of retries; the wait before retry n is the delay doubled n-1 times.</summary>
    private async Task DeliverAsync(Pending pending, CancellationToken stopping)
    {
        for (int attempt = 1; ; attempt++)
        {
            var at = _clock.GetUtcNow();
            Outcome outcome;
            try
            {
                outcome = await AttemptAsync(pending, stopping);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stopping.IsCancellationRequested)
            {
                // Nothing the receiver did: an emulator bug must show in the records, not end the workspace's loop.
                outcome = new Outcome(null, $"Failed: {ex.GetType().Name}: {ex.Message}", false);
            }
            bool willRetry = outcome.Retryable && attempt <= _retries;
            DateTimeOffset? next = willRetry ? _clock.GetUtcNow() + _retryDelay * Math.Pow(2, attempt - 1) : null;
            Record(new EventDelivery(pending.Event.Sid, pending.Event.Type, pending.Event.WorkspaceSid, pending.Url, attempt,
                outcome.StatusCode, outcome.Error, at, pending.IdempotencyToken, next));
            if (next is not { } due) return;
            // An absolute moment: a test that advances the clock as soon as it sees the record above is never missed.
            await EmulatorClock.WhenReached(_clock, due, stopping);
        }
    }

    /// <summary>
    /// One POST. Its timeout is real time, not the emulator's clock: it bounds the network, like the connect timeout,
    /// and a test that moves the clock for its own reasons while a delivery is under way must not turn a receiver's
    /// prompt answer into a timeout.
    /// </summary>
    private async Task<Outcome> AttemptAsync(Pending pending, CancellationToken stopping)
    {
        using var sending = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        sending.CancelAfter(_timeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, pending.Url)
        {
            Content = new FormUrlEncodedContent(pending.Event.Fields.Select(f => new KeyValuePair<string?, string?>(f.Key, f.Value))),
        };
        request.Headers.TryAddWithoutValidation(TwilioSignature.HeaderName, pending.Signature);
        request.Headers.TryAddWithoutValidation("I-Twilio-Idempotency-Token", pending.IdempotencyToken);
        request.Headers.TryAddWithoutValidation("User-Agent", "TwilioProxy/1.1 (FlexCodegen.Emulator)");
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, sending.Token);
            int status = (int)response.StatusCode;
            return new Outcome(status, null, status >= 500);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return new Outcome(null, $"Timeout: no answer within {_timeout}", true);
        }
        catch (HttpRequestException ex) when (ex.InnerException is AddressRefusedException refused)
        {
            return new Outcome(null, "Refused: " + refused.Message, false);
        }
        catch (HttpRequestException ex)
        {
            string kind = ex.InnerException is SocketException socket ? socket.SocketErrorCode.ToString() : ex.HttpRequestError.ToString();
            return new Outcome(null, $"{kind}: {ex.Message}", true);
        }
    }

    /// <summary>
    /// Connects to the first address of the host that answers, among those the loopback rule allows (all of them when
    /// non-loopback callbacks are allowed): a name that resolves elsewhere is refused at the socket, not only by its text.
    /// </summary>
    private static async ValueTask<System.IO.Stream> ConnectAsync(DnsEndPoint endpoint, bool allowNonLoopback, CancellationToken cancellationToken)
    {
        string host = endpoint.Host.TrimStart('[').TrimEnd(']');
        IPAddress[] addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);
        if (!allowNonLoopback) addresses = addresses.Where(IPAddress.IsLoopback).ToArray();
        if (addresses.Length == 0)
            throw new AddressRefusedException($"{host} resolves to no loopback address; the emulator calls only loopback unless FlexEmulatorOptions.AllowNonLoopbackEventCallbacks is set");
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw last!;
    }

    private void Record(EventDelivery delivery)
    {
        var found = new List<(TaskCompletionSource<EventDelivery> Found, EventDelivery Delivery)>();
        lock (_gate)
        {
            _deliveries.Add(delivery);
            for (int i = 0; i < _waiters.Count; i++)
            {
                bool matches;
                try
                {
                    matches = _waiters[i].Match(delivery);
                }
                catch (Exception ex)
                {
                    // A test's predicate that throws fails that test's wait, not the delivery loop.
                    _waiters[i].Found.TrySetException(ex);
                    _waiters.RemoveAt(i--);
                    continue;
                }
                if (!matches) continue;
                found.Add((_waiters[i].Found, delivery));
                _waiters.RemoveAt(i--);
            }
        }
        foreach (var (waiter, match) in found) waiter.TrySetResult(match);
    }

    /// <summary>Stops every loop (an attempt under way is abandoned, queued events are dropped) and fails the waits left.</summary>
    public async ValueTask DisposeAsync()
    {
        Task[] loops;
        List<TaskCompletionSource<EventDelivery>> waiters;
        lock (_queuesGate)
        {
            if (_disposed) return;
            _disposed = true;
            loops = _workspaces.Values.Select(w => w.Loop).ToArray();
            foreach (var workspace in _workspaces.Values) workspace.Queue.Writer.TryComplete();
        }
        lock (_gate)
        {
            waiters = _waiters.Select(w => w.Found).ToList();
            _waiters.Clear();
        }
        _stopping.Cancel();
        await Task.WhenAll(loops);
        foreach (var waiter in waiters)
            waiter.TrySetException(new ObjectDisposedException(nameof(FlexEmulator), "The emulator stopped before such a delivery was made."));
        _http.Dispose();
        _stopping.Dispose();
    }
}

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace FlexCodegen.Client.Tests;

/// <summary>One request as it arrived on the socket: request line, every header line as sent, body.</summary>
public sealed record RawRequest(string Method, string Target, IReadOnlyList<KeyValuePair<string, string>> Headers, string Body)
{
    /// <summary>Every value of a header, in order (a header sent twice shows twice).</summary>
    public string[] All(string name) => Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToArray();

    public string? Header(string name) => All(name).FirstOrDefault();
}

/// <summary>
/// A byte-level HTTP/1.1 server over <see cref="TcpListener"/>: each test writes the raw answer, so it can send what no
/// well-behaved server would (stalled, truncated, reset, endless or huge bodies, redirects). One request per connection;
/// every loop is bounded, and disposing stops everything.
/// </summary>
public sealed class RawHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<RawRequest, int, Stream, Socket, CancellationToken, Task> _respond;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly ConcurrentBag<Task> _connections = new();
    private int _count;

    private RawHttpServer(IPAddress address, Func<RawRequest, int, Stream, Socket, CancellationToken, Task> respond)
    {
        _respond = respond;
        _listener = new TcpListener(address, 0);
        _listener.Start();
        var endpoint = (IPEndPoint)_listener.LocalEndpoint;
        BaseAddress = new Uri($"http://{endpoint.Address}:{endpoint.Port}");
        _accepting = AcceptAsync();
    }

    public Uri BaseAddress { get; }

    public int Port => BaseAddress.Port;

    public ConcurrentQueue<RawRequest> Requests { get; } = new();

    public int Count => Volatile.Read(ref _count);

    /// <summary>Starts a server on <paramref name="address"/> (127.0.0.1 unless given); <paramref name="respond"/> gets the 1-based request number.</summary>
    public static RawHttpServer Start(Func<RawRequest, int, Stream, Socket, CancellationToken, Task> respond, string address = "127.0.0.1") =>
        new(IPAddress.Parse(address), respond);

    /// <summary>Starts a server whose answers are whole byte strings.</summary>
    public static RawHttpServer Start(Func<RawRequest, int, string> respond, string address = "127.0.0.1") =>
        Start((req, n, stream, _, ct) => WriteAsync(stream, respond(req, n), ct), address);

    /// <summary>A complete HTTP/1.1 answer with a JSON body and a correct Content-Length.</summary>
    public static string Json(int status, string body, string extraHeaders = "") =>
        $"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n{extraHeaders}\r\n{body}";

    public static async Task WriteAsync(Stream stream, string text, CancellationToken ct)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        await stream.WriteAsync(bytes, ct);
        await stream.FlushAsync(ct);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try { socket = await _listener.AcceptSocketAsync(_stop.Token); }
            catch (Exception) { return; }
            _connections.Add(Task.Run(() => ServeAsync(socket)));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using var stream = new NetworkStream(socket, ownsSocket: true);
        try
        {
            var request = await ReadRequestAsync(stream, _stop.Token);
            if (request is null) return;
            int n = Interlocked.Increment(ref _count);
            Requests.Enqueue(request);
            await _respond(request, n, stream, socket, _stop.Token);
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        catch (IOException)
        {
            // the client went away mid-answer: what a hostile server's victim does
        }
        catch (SocketException)
        {
        }
    }

    private static async Task<RawRequest?> ReadRequestAsync(Stream stream, CancellationToken ct)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 64 * 1024)
        {
            if (await stream.ReadAsync(one, ct) == 0) return null;
            head.Add(one[0]);
            int c = head.Count;
            if (c >= 4 && head[c - 4] == '\r' && head[c - 3] == '\n' && head[c - 2] == '\r' && head[c - 1] == '\n') break;
        }
        var lines = Encoding.Latin1.GetString(head.ToArray()).Split("\r\n");
        var requestLine = lines[0].Split(' ');
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            int colon = line.IndexOf(':');
            headers.Add(colon < 0 ? new(line, "") : new(line.Substring(0, colon), line.Substring(colon + 1).Trim()));
        }
        int length = headers.Where(h => h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Select(h => int.Parse(h.Value)).FirstOrDefault();
        var body = new byte[length];
        int read = 0;
        while (read < length)
        {
            int got = await stream.ReadAsync(body.AsMemory(read), ct);
            if (got == 0) break;
            read += got;
        }
        return new RawRequest(requestLine[0], requestLine.Length > 1 ? requestLine[1] : "", headers, Encoding.UTF8.GetString(body, 0, read));
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _accepting;
        await Task.WhenAll(_connections.ToArray()).WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { });
        _stop.Dispose();
    }
}

using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FlexCodegen.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlexCodegen.Client.Tests;

/// <summary>What a test server received.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, string? Authorization, string? UserAgent, string? ContentType, string Body, DateTimeOffset At);

/// <summary>A real Kestrel server on a free 127.0.0.1 port; each test scripts its answers.</summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    public const string AccountSid = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    public const string AuthToken = "tok-7f3e9b1c-secret-never-print";

    private readonly WebApplication _app;
    private int _count;

    private LoopbackServer(WebApplication app) => _app = app;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    public int Count => Volatile.Read(ref _count);

    private readonly ConcurrentDictionary<int, TaskCompletionSource> _arrivals = new();

    /// <summary>Completes once the server holds its <paramref name="count"/>th request: a state to wait for, not a duration.</summary>
    public Task Received(int count)
    {
        var arrival = _arrivals.GetOrAdd(count, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (Count >= count) arrival.TrySetResult();
        return arrival.Task.WaitAsync(StateWait.HangGuard);
    }

    /// <summary>Starts a server; <paramref name="handler"/> gets the 1-based number of the request.</summary>
    public static async Task<LoopbackServer> StartAsync(Func<HttpContext, int, Task> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new LoopbackServer(app);
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            string body = await reader.ReadToEndAsync();
            int n = Interlocked.Increment(ref server._count);
            server.Requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "",
                context.Request.Headers.Authorization.FirstOrDefault(), context.Request.Headers.UserAgent.FirstOrDefault(), context.Request.ContentType, body, DateTimeOffset.UtcNow));
            foreach (var (count, arrival) in server._arrivals)
                if (n >= count) arrival.TrySetResult();
            await handler(context, n);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address);
        return server;
    }

    public static Task Json(HttpContext context, int status, string json, params (string Name, string Value)[] headers)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        foreach (var (name, value) in headers) context.Response.Headers[name] = value;
        return context.Response.WriteAsync(json);
    }

    public TwilioClientOptions Options(int maxRetries = 3) => new()
    {
        AccountSid = AccountSid,
        AuthToken = AuthToken,
        BaseAddress = BaseAddress,
        Retry = new RetryOptions { MaxRetries = maxRetries, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromSeconds(5) },
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

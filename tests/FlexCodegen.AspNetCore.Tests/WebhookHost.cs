using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using FlexCodegen.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace FlexCodegen.AspNetCore.Tests;

/// <summary>An app on Kestrel at 127.0.0.1, port 0, its logs in a <see cref="FakeLogCollector"/>: real HTTP, no fixed port.</summary>
internal sealed class WebhookHost : IAsyncDisposable
{
    public const string Token = "0123456789abcdef0123456789abcdef";

    private readonly WebApplication _app;

    private WebhookHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        Client = new HttpClient { BaseAddress = address };
    }

    public Uri Address { get; }
    public HttpClient Client { get; }
    public FakeLogCollector Logs => _app.Services.GetFakeLogCollector();

    /// <summary>Starts an app whose options come from the <c>Twilio</c> section (<paramref name="settings"/>, the token by default).</summary>
    /// <param name="register">Registers the webhook options instead of <c>AddTwilioWebhooks(section)</c>.</param>
    public static async Task<WebhookHost> StartAsync(Action<WebApplication> map, IDictionary<string, string?>? settings = null, Action<WebApplication>? before = null,
        Action<WebApplicationBuilder>? register = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Debug).AddFakeLogging();
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?> { ["Twilio:AuthToken"] = Token });
        if (register is null) builder.Services.AddTwilioWebhooks(builder.Configuration.GetSection("Twilio"));
        else register(builder);
        var app = builder.Build();
        before?.Invoke(app);
        map(app);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new WebhookHost(app, new Uri(address));
    }

    /// <summary>The URL a request to <paramref name="pathAndQuery"/> arrives at, as the app sees it.</summary>
    public string Url(string pathAndQuery) => Address.GetLeftPart(UriPartial.Authority) + pathAndQuery;

    /// <summary>A form POST signed as Twilio signs it for <paramref name="signedUrl"/> (the request's own URL unless told).</summary>
    public Task<HttpResponseMessage> PostFormAsync(string pathAndQuery, IReadOnlyList<KeyValuePair<string, string?>> fields, string? signedUrl = null,
        string? signature = null, string token = Token, IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, pathAndQuery) { Content = new StringContent(Encode(fields), Encoding.UTF8, "application/x-www-form-urlencoded") };
        request.Content.Headers.ContentType!.CharSet = null; // as Twilio sends it
        request.Headers.Add(TwilioSignature.HeaderName, signature ?? TwilioSignature.Compute(token, signedUrl ?? Url(pathAndQuery), fields));
        foreach (var header in headers ?? Array.Empty<KeyValuePair<string, string>>()) request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        return Client.SendAsync(request);
    }

    /// <summary>A raw body with the content type and signature given (no signature header when null).</summary>
    public Task<HttpResponseMessage> PostRawAsync(string pathAndQuery, string body, string contentType, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, pathAndQuery) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        if (signature is not null) request.Headers.TryAddWithoutValidation(TwilioSignature.HeaderName, signature);
        return Client.SendAsync(request);
    }

    public static string Encode(IEnumerable<KeyValuePair<string, string?>> fields) =>
        string.Join("&", fields.Select(f => Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(f.Value ?? "")));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

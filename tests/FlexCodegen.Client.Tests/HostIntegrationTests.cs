using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FlexCodegen.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Twilio;
using Twilio.Flex.V1;
using Xunit;

namespace FlexCodegen.Client.Tests;

/// <summary>
/// The client in a real generic host, as a new user writes it: <c>AddFlexClient(configuration.GetSection("Twilio"))</c>,
/// with and without <c>AddStandardResilienceHandler()</c>, against real loopback servers.
/// </summary>
public class HostIntegrationTests
{
    private static readonly InteractionSid Kd = InteractionSid.Parse(Samples.InteractionSid);
    private static readonly InteractionChannelSid Uo = InteractionChannelSid.Parse(Samples.ChannelSid);

    private static HostApplicationBuilder Builder(Uri baseAddress, IDictionary<string, string?>? overrides = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        var settings = new Dictionary<string, string?>
        {
            ["Twilio:AccountSid"] = LoopbackServer.AccountSid,
            ["Twilio:AuthToken"] = LoopbackServer.AuthToken,
            ["Twilio:BaseAddress"] = baseAddress.ToString(),
        };
        foreach (var pair in overrides ?? new Dictionary<string, string?>()) settings[pair.Key] = pair.Value;
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Logging.AddFakeLogging();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        return builder;
    }

    // The standard handler's own waits are set to zero: what is counted is attempts, not time.
    private static void NoWaits(HttpStandardResilienceOptions o)
    {
        o.Retry.Delay = TimeSpan.Zero;
        o.Retry.UseJitter = false;
    }

    [Fact]
    public async Task With_the_standard_resilience_handler_a_get_against_an_always_503_server_is_sent_at_most_4_times()
    {
        await using var server = await LoopbackServer.StartAsync((ctx, _) => LoopbackServer.Json(ctx, 503, "{}"));
        var builder = Builder(server.BaseAddress);
        builder.Services.AddFlexClient(builder.Configuration.GetSection("Twilio")).AddStandardResilienceHandler(NoWaits);
        using var host = builder.Build();
        await host.StartAsync();

        var client = host.Services.GetRequiredService<FlexClient>();
        var ex = await Assert.ThrowsAsync<TwilioApiException>(() => client.Interactions[Kd].Channels[Uo].FetchAsync());

        Assert.Equal(503, (int)ex.Status);
        Assert.Equal(4, server.Count); // the standard handler's 1 + 3, not 4 × Twilio's 4
        Assert.Contains(host.Services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Id == 1201 && r.Message.Contains("ResilienceHandler"));
        await host.StopAsync();
    }

    [Fact]
    public async Task A_resilience_handler_added_to_every_client_by_ConfigureHttpClientDefaults_is_the_only_retry_layer_too()
    {
        await using var server = await LoopbackServer.StartAsync((ctx, _) => LoopbackServer.Json(ctx, 503, "{}"));
        var builder = Builder(server.BaseAddress);
        // What Aspire's service defaults do: every HttpClient gets the standard handler.
        builder.Services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler(NoWaits));
        builder.Services.AddFlexClient(builder.Configuration.GetSection("Twilio"));
        using var host = builder.Build();
        await host.StartAsync();

        var client = host.Services.GetRequiredService<FlexClient>();
        await Assert.ThrowsAsync<TwilioApiException>(() => client.Interactions[Kd].Channels[Uo].FetchAsync());

        Assert.Equal(4, server.Count);
        await host.StopAsync();
    }

    [Fact]
    public async Task The_standard_handlers_attempt_timeout_on_the_hosts_clock_ends_as_a_TwilioTransportException_with_IsTimeout()
    {
        await using var server = await LoopbackServer.StartAsync(async (ctx, _) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, ctx.RequestAborted).ContinueWith(_ => { }); // holds the request until the client lets go
        });
        var clock = new FakeTimeProvider();
        var builder = Builder(server.BaseAddress);
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddFlexClient(builder.Configuration.GetSection("Twilio")).AddStandardResilienceHandler(o =>
        {
            NoWaits(o);
            o.Retry.MaxRetryAttempts = 1;
            o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(5);
            o.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(60);
        });
        using var host = builder.Build();
        await host.StartAsync();

        var client = host.Services.GetRequiredService<FlexClient>();
        var fetch = client.Interactions[Kd].Channels[Uo].FetchAsync();
        // Each attempt's deadline is set before its request leaves: once the server holds it, moving the clock ends it.
        await server.Received(1);
        clock.Advance(TimeSpan.FromSeconds(5));
        await server.Received(2);
        clock.Advance(TimeSpan.FromSeconds(5));

        var ex = await Assert.ThrowsAsync<TwilioTransportException>(() => fetch.WaitAsync(StateWait.HangGuard));
        Assert.True(ex.IsTimeout);
        Assert.Equal(2, server.Count);
        await host.StopAsync();
    }

    [Fact]
    public async Task With_a_resilience_policy_that_never_retries_posts_a_post_is_sent_once()
    {
        await using var server = await LoopbackServer.StartAsync((ctx, _) => LoopbackServer.Json(ctx, 429, "{}"));
        var builder = Builder(server.BaseAddress);
        builder.Services.AddFlexClient(builder.Configuration.GetSection("Twilio")).AddStandardResilienceHandler(o =>
        {
            NoWaits(o);
            o.Retry.DisableForUnsafeHttpMethods();
        });
        using var host = builder.Build();
        await host.StartAsync();

        var client = host.Services.GetRequiredService<FlexClient>();
        await Assert.ThrowsAsync<TwilioApiException>(() => client.Interactions[Kd].Channels[Uo].UpdateAsync(
            UpdateInteractionChannelRequest.CreateBuilder().WithStatus(InteractionChannelUpdateChannelStatus.Closed).Build()));

        Assert.Equal(1, server.Count); // the user's policy says POST is never re-sent; Twilio's layer is out of the chain
        await host.StopAsync();
    }

    [Fact]
    public async Task Without_a_resilience_handler_a_429_then_200_is_retried_on_the_hosts_clock_and_logged_through_the_hosts_logger()
    {
        await using var server = await LoopbackServer.StartAsync((ctx, n) => n == 1
            ? LoopbackServer.Json(ctx, 429, "{}", ("Retry-After", "30"))
            : LoopbackServer.Json(ctx, 200, Samples.Channel()));
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var builder = Builder(server.BaseAddress);
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddFlexClient(builder.Configuration.GetSection("Twilio"));
        using var host = builder.Build();
        await host.StartAsync();
        var logs = host.Services.GetFakeLogCollector();

        var client = host.Services.GetRequiredService<FlexClient>();
        var fetch = client.Interactions[Kd].Channels[Uo].FetchAsync();

        // Retry-After: 30 is waited on the host's TimeProvider: the retry is logged when the wait starts, and only moving the
        // clock by 30 s lets it go on.
        await StateWait.UntilLogged(logs, 1101, "the retry (its wait has started)");
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.False(fetch.IsCompleted);
        Assert.Equal(1, server.Count);
        clock.Advance(TimeSpan.FromSeconds(1));
        var channel = await fetch.WaitAsync(StateWait.HangGuard);

        Assert.Equal(Samples.ChannelSid, channel.Sid.ToString());
        Assert.Equal(2, server.Count);
        var retry = Assert.Single(logs.GetSnapshot(), r => r.Id.Id == 1101);
        Assert.Equal(TwilioRetryHandler.LogCategory, retry.Category);
        Assert.Equal(LogLevel.Warning, retry.Level);
        Assert.Contains("429", retry.Message);
        Assert.Contains(logs.GetSnapshot(), r => r.Id.Id == 1001 && r.Category == TwilioPipeline.LogCategory);
        Assert.DoesNotContain(logs.GetSnapshot(), r => r.Message.Contains(LoopbackServer.AuthToken));
        await host.StopAsync();
    }

    [Theory]
    [InlineData("Twilio:AuthToken", null, "Twilio:AuthToken")]
    [InlineData("Twilio:AccountSid", "AC123", "Twilio:AccountSid")]
    [InlineData("Twilio:Retry:MaxRetries", "11", "Twilio:Retry:MaxRetries")]
    [InlineData("Twilio:MaxResponseContentBytes", "10", "Twilio:MaxResponseContentBytes")]
    public async Task A_missing_or_invalid_option_fails_StartAsync_naming_the_configuration_key(string key, string? value, string named)
    {
        var builder = Builder(new Uri("http://127.0.0.1:1"), new Dictionary<string, string?> { [key] = value });
        builder.Services.AddFlexClient(builder.Configuration.GetSection("Twilio"));
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(named, ex.Message);
        Assert.DoesNotContain(LoopbackServer.AuthToken, ex.Message);
    }

    [Fact]
    public async Task A_307_to_another_port_reaches_nothing_through_the_factorys_handler()
    {
        await using var elsewhere = RawHttpServer.Start((_, _) => RawHttpServer.Json(200, Samples.Channel()));
        await using var legit = RawHttpServer.Start((_, _) => $"HTTP/1.1 307 Moved\r\nLocation: http://127.0.0.1:{elsewhere.Port}/v1/elsewhere\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        var builder = Builder(legit.BaseAddress);
        builder.Services.AddFlexClient(builder.Configuration.GetSection("Twilio"));
        using var host = builder.Build();
        await host.StartAsync();

        var client = host.Services.GetRequiredService<FlexClient>();
        var ex = await Assert.ThrowsAsync<TwilioApiException>(() => client.Interactions[Kd].Channels[Uo].FetchAsync());

        Assert.Equal(307, (int)ex.Status);
        Assert.Equal(1, legit.Count);
        Assert.Equal(0, elsewhere.Count);
        await host.StopAsync();
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using FlexCodegen.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Twilio;
using Twilio.Flex.V1;
using Twilio.Taskrouter.V1;
using Xunit;

namespace FlexCodegen.Client.Tests;

/// <summary>
/// One registration for every client the project generates: one options section, read once and checked once, one call
/// that configures every client's HTTP pipeline, and the options reachable by what else needs the auth token.
/// </summary>
public class TwilioClientsRegistrationTests
{
    private static HostApplicationBuilder Builder(IDictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        return builder;
    }

    [Fact]
    public async Task A_missing_auth_token_is_reported_once_for_all_clients_naming_the_key()
    {
        var builder = Builder(new Dictionary<string, string?> { ["Twilio:AccountSid"] = LoopbackServer.AccountSid });
        builder.Services.AddTwilioClients(builder.Configuration.GetSection("Twilio"));
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        var failure = Assert.Single(ex.Failures);
        Assert.Contains("Twilio:AuthToken", failure);
        Assert.Contains("FlexClient, TaskrouterClient", failure);
    }

    [Fact]
    public async Task Every_client_is_resolved_over_the_one_section_and_talks_to_its_base_address()
    {
        await using var server = await LoopbackServer.StartAsync((ctx, _) => LoopbackServer.Json(ctx, 200, Samples.Channel()));
        var builder = Builder(new Dictionary<string, string?>
        {
            ["Twilio:AccountSid"] = LoopbackServer.AccountSid,
            ["Twilio:AuthToken"] = LoopbackServer.AuthToken,
            ["Twilio:BaseAddress"] = server.BaseAddress.ToString(),
        });
        var clients = builder.Services.AddTwilioClients(builder.Configuration.GetSection("Twilio"));
        using var host = builder.Build();
        await host.StartAsync();

        Assert.Equal(2, clients.HttpClients.Count);
        var flex = host.Services.GetRequiredService<FlexClient>();
        Assert.NotNull(host.Services.GetRequiredService<TaskrouterClient>());
        var channel = await flex.Interactions[InteractionSid.Parse(Samples.InteractionSid)].Channels[InteractionChannelSid.Parse(Samples.ChannelSid)].FetchAsync();
        Assert.Equal(Samples.ChannelSid, channel.Sid.ToString());
        // What a webhook's signature check needs, without a second read of configuration.
        Assert.Equal(LoopbackServer.AuthToken, host.Services.GetRequiredService<IOptions<TwilioClientOptions>>().Value.AuthToken);
        await host.StopAsync();
    }

    [Fact]
    public async Task One_call_adds_a_resilience_handler_to_every_client_and_each_leaves_its_own_retry_layer_out()
    {
        await using var server = await LoopbackServer.StartAsync((ctx, _) => LoopbackServer.Json(ctx, 503, "{}"));
        var builder = Builder(new Dictionary<string, string?>
        {
            ["Twilio:AccountSid"] = LoopbackServer.AccountSid,
            ["Twilio:AuthToken"] = LoopbackServer.AuthToken,
            ["Twilio:BaseAddress"] = server.BaseAddress.ToString(),
        });
        builder.Services.AddTwilioClients(builder.Configuration.GetSection("Twilio"))
            .ConfigureHttpClients(b => b.AddStandardResilienceHandler(o => { o.Retry.Delay = TimeSpan.Zero; o.Retry.UseJitter = false; }));
        using var host = builder.Build();
        await host.StartAsync();

        var flex = host.Services.GetRequiredService<FlexClient>();
        await Assert.ThrowsAsync<TwilioApiException>(() => flex.Interactions[InteractionSid.Parse(Samples.InteractionSid)].FetchAsync());
        // The standard handler's 3 retries alone: with Twilio's layer stacked under it, 16.
        Assert.Equal(4, server.Count);
        await host.StopAsync();
    }
}

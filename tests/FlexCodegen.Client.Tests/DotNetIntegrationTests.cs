using System;
using System.CodeDom.Compiler;
using System.Collections.Generic;
using System.ComponentModel;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using FlexCodegen.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Twilio;
using Twilio.Flex.V1;
using Xunit;

namespace FlexCodegen.Client.Tests;

/// <summary>The generated types in the rest of .NET: configuration, DI, JSON keys, type converters, and what IntelliSense shows.</summary>
public class DotNetIntegrationTests
{
    private const string Ws = "WSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    public sealed class FlexSettings
    {
        public WorkspaceSid WorkspaceSid { get; set; }
        public InteractionChannelType DefaultChannel { get; set; }
    }

    private static IConfiguration AppSettings(Uri baseAddress) => new ConfigurationBuilder()
        .AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes($$"""
            {
              "Twilio": {
                "AccountSid": "{{LoopbackServer.AccountSid}}",
                "AuthToken": "{{LoopbackServer.AuthToken}}",
                "BaseAddress": "{{baseAddress}}",
                "Timeout": "00:00:20",
                "Retry": { "MaxRetries": "1", "BaseDelay": "00:00:00.001" }
              },
              "Flex": { "WorkspaceSid": "{{Ws}}", "DefaultChannel": "whatsapp" }
            }
            """)))
        .Build();

    [Fact]
    public async Task Options_and_ids_bind_from_configuration_and_the_client_resolves_lazily()
    {
        int calls = 0;
        await using var server = await LoopbackServer.StartAsync((ctx, n) => { calls = n; return LoopbackServer.Json(ctx, n == 1 ? 503 : 200, n == 1 ? "{}" : Samples.Channel()); });
        var configuration = AppSettings(server.BaseAddress);
        var services = new ServiceCollection();
        services.AddFlexClient(configuration.GetSection("Twilio"));
        await using var provider = services.BuildServiceProvider();

        var settings = configuration.GetSection("Flex").Get<FlexSettings>()!;
        Assert.Equal(WorkspaceSid.Parse(Ws), settings.WorkspaceSid);
        Assert.Equal(InteractionChannelType.Whatsapp, settings.DefaultChannel);

        var client = provider.GetRequiredService<FlexClient>();
        var channel = await client.Interactions[InteractionSid.Parse(Samples.InteractionSid)].Channels[InteractionChannelSid.Parse(Samples.ChannelSid)].FetchAsync();

        Assert.Equal(Samples.ChannelSid, channel.Sid.ToString());
        Assert.Equal(2, server.Count); // Retry:MaxRetries = 1 from configuration: the 503 was retried once
        Assert.All(server.Requests, r => Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(LoopbackServer.AccountSid + ":" + LoopbackServer.AuthToken)), r.Authorization));
    }

    [Fact]
    public void A_bad_configuration_value_is_named_when_the_client_is_resolved_not_at_registration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Twilio:AccountSid"] = LoopbackServer.AccountSid,
            ["Twilio:AuthToken"] = "x",
            ["Twilio:Timeout"] = "soon",
        }).Build();
        var services = new ServiceCollection();
        services.AddFlexClient(configuration.GetSection("Twilio")); // nothing read yet
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<ArgumentException>(() => provider.GetRequiredService<FlexClient>());
        Assert.Contains("Twilio:Timeout", ex.Message);
    }

    [Fact]
    public void The_factory_overload_runs_at_resolve_time_with_the_service_provider_once()
    {
        int made = 0;
        var services = new ServiceCollection();
        services.AddSingleton(new TwilioClientOptions { AccountSid = LoopbackServer.AccountSid, AuthToken = "from-a-secret-store" });
        services.AddFlexClient(sp => { made++; return sp.GetRequiredService<TwilioClientOptions>(); });
        using var provider = services.BuildServiceProvider();
        Assert.Equal(0, made);

        var first = provider.GetRequiredService<FlexClient>();
        var second = provider.GetRequiredService<FlexClient>();

        Assert.Equal(1, made);
        Assert.Equal(new Uri("https://flex-api.twilio.com"), first.Pipeline.BaseAddress);
        Assert.NotSame(first, second);
    }

    [Fact]
    public void Ids_and_enums_are_json_dictionary_keys_and_convert_from_text()
    {
        var counts = new Dictionary<InteractionSid, InteractionChannelStatus> { [InteractionSid.Parse(Samples.InteractionSid)] = InteractionChannelStatus.Active };
        string json = JsonSerializer.Serialize(counts);
        Assert.Equal($$"""{"{{Samples.InteractionSid}}":"active"}""", json);
        Assert.Equal(counts, JsonSerializer.Deserialize<Dictionary<InteractionSid, InteractionChannelStatus>>(json));
        var byStatus = JsonSerializer.Deserialize<Dictionary<InteractionChannelStatus, int>>("""{"paused-by-twilio":2}""")!;
        Assert.False(byStatus.Keys.Single().IsKnown);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Dictionary<InteractionSid, int>>("""{"UOaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1":1}"""));

        var sidConverter = TypeDescriptor.GetConverter(typeof(InteractionSid));
        Assert.Equal(InteractionSid.Parse(Samples.InteractionSid), sidConverter.ConvertFromInvariantString(Samples.InteractionSid));
        Assert.Equal(Samples.InteractionSid, sidConverter.ConvertToInvariantString(InteractionSid.Parse(Samples.InteractionSid)));
        Assert.Throws<FormatException>(() => sidConverter.ConvertFromInvariantString("KD123"));
        Assert.Equal(InteractionChannelType.Sms, TypeDescriptor.GetConverter(typeof(InteractionChannelType)).ConvertFromInvariantString("sms"));
    }

    [Fact]
    public void Plumbing_is_not_public_and_every_generated_type_is_marked_generated()
    {
        var generated = typeof(FlexClient).Assembly.GetTypes().Where(t => t.Namespace == "Twilio.Flex.V1" && !t.IsNested).ToList();
        Assert.True(generated.Count > 100);
        Assert.All(generated, t => Assert.NotNull(t.GetCustomAttribute<GeneratedCodeAttribute>()));

        string[] plumbing = { "Read", "ReadJson", "Validate", "WriteTo", "WriteJson", "ToQueryString", "ToContent", "ToHeaders", "ToPathSegment" };
        var exposed = generated.SelectMany(t => t.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(m => plumbing.Contains(m.Name)).Select(m => t.Name + "." + m.Name)).ToList();
        Assert.Empty(exposed);

        var builderFields = typeof(UpdateInteractionChannelRequest.Builder).GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
        Assert.NotEmpty(builderFields);
        Assert.All(builderFields, f => Assert.True(f.IsPrivate, f.Name + " is not private"));
        // Ids and enums convert through the runtime's hidden generic converters: no public nested converter classes.
        Assert.Empty(typeof(InteractionSid).GetNestedTypes(BindingFlags.Public));
        Assert.Empty(typeof(InteractionChannelStatus).GetNestedTypes(BindingFlags.Public));
    }

    [Fact]
    public void ToBuilder_round_trips_every_value()
    {
        var request = UpdateInteractionChannelRequest.CreateBuilder()
            .WithStatus(InteractionChannelUpdateChannelStatus.Inactive)
            .WithRouting(new InteractionRoutingUpdate { Status = InteractionRoutingStatus.Closed })
            .Build();

        var copy = request.ToBuilder().Build();

        Assert.Equal(request.Status, copy.Status);
        Assert.Same(request.Routing, copy.Routing);
        Assert.Equal(InteractionChannelUpdateChannelStatus.Closed, request.ToBuilder().WithStatus(InteractionChannelUpdateChannelStatus.Closed).WithRouting(null).Build().Status);
    }
}

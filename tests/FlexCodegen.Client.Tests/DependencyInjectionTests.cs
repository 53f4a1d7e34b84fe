using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Twilio;
using Twilio.Flex.V1;
using Xunit;

namespace FlexCodegen.Client.Tests;

public class DependencyInjectionTests
{
    [Fact]
    public async Task AddFlexClient_registers_a_typed_client_over_IHttpClientFactory()
    {
        await using var server = await LoopbackServer.StartAsync((ctx, _) => LoopbackServer.Json(ctx, 200, Samples.Channel()));
        var services = new ServiceCollection();
        services.AddFlexClient(o =>
        {
            o.AccountSid = LoopbackServer.AccountSid;
            o.AuthToken = LoopbackServer.AuthToken;
            o.BaseAddress = server.BaseAddress;
        });
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<FlexClient>();
        var channel = await client.Interactions[InteractionSid.Parse(Samples.InteractionSid)].Channels[InteractionChannelSid.Parse(Samples.ChannelSid)].FetchAsync();

        Assert.Equal(Samples.ChannelSid, channel.Sid.ToString());
        Assert.Equal(1, server.Count);
    }
}

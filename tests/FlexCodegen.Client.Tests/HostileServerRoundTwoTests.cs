using System;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading.Tasks;
using FlexCodegen.Runtime;
using Twilio;
using Twilio.Flex.V1;
using Xunit;

namespace FlexCodegen.Client.Tests;

/// <summary>
/// The second attack on the client: bodies that are small in bytes but huge in objects, error bodies that break a
/// naive reader, values too long to quote, and URLs that only fail when read.
/// </summary>
[Collection(nameof(HostileServer))]
public class HostileServerRoundTwoTests
{
    private static readonly InteractionSid Kd = InteractionSid.Parse(Samples.InteractionSid);
    private static readonly InteractionChannelSid Uo = InteractionChannelSid.Parse(Samples.ChannelSid);

    private static FlexClient Client(RawHttpServer server) => new(new TwilioClientOptions
    {
        AccountSid = LoopbackServer.AccountSid,
        AuthToken = LoopbackServer.AuthToken,
        BaseAddress = server.BaseAddress,
        Retry = new RetryOptions { MaxRetries = 0 },
    });

    [Fact]
    public async Task A_page_of_five_million_empty_items_is_refused_without_making_them()
    {
        const int count = 5_000_000;
        var body = new StringBuilder("{\"channels\":[", count * 3 + 100);
        for (int i = 0; i < count; i++) body.Append(i == 0 ? "{}" : ",{}");
        body.Append("],\"meta\":{\"page\":0,\"page_size\":50,\"next_page_url\":null}}");
        string response = RawHttpServer.Json(200, body.ToString());
        Assert.True(response.Length < 16 * 1024 * 1024, "the body stays under the default size cap");
        await using var server = RawHttpServer.Start((_, _) => response);
        using var client = Client(server);

        long before = GC.GetTotalAllocatedBytes(precise: true);
        var ex = await Assert.ThrowsAsync<TwilioResponseException>(async () =>
        {
            await foreach (var _ in client.Interactions[Kd].Channels.ListAsync()) { }
        });
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Contains("more than 1000 items", ex.Message);
        // The body itself is about 15 MB, read once as bytes; the items are never made.
        Assert.True(allocated < 100L * 1024 * 1024, $"allocated {allocated / (1024 * 1024)} MB for a 15 MB page");
    }

    [Fact]
    public async Task Millions_of_unknown_fields_in_one_item_are_refused_without_keeping_them()
    {
        var body = new StringBuilder(Samples.Channel().TrimEnd().TrimEnd('}'));
        for (int i = 0; i < 1_000_000; i++) body.Append(",\"x").Append(i).Append("\":0");
        body.Append('}');
        await using var server = RawHttpServer.Start((_, _) => RawHttpServer.Json(200, body.ToString()));
        using var client = Client(server);

        var ex = await Assert.ThrowsAsync<TwilioResponseException>(() => client.Interactions[Kd].Channels[Uo].FetchAsync());

        Assert.Contains("100000 values", ex.Message);
    }

    [Fact]
    public async Task A_page_of_a_thousand_items_is_read()
    {
        string items = string.Join(",", Enumerable.Repeat(Samples.Channel(), 1000));
        await using var server = RawHttpServer.Start((_, _) => RawHttpServer.Json(200, "{\"channels\":[" + items + "],\"meta\":{\"page\":0,\"page_size\":1000,\"next_page_url\":null}}"));
        using var client = Client(server);

        int n = 0;
        await foreach (var _ in client.Interactions[Kd].Channels.ListAsync()) n++;

        Assert.Equal(1000, n);
    }

    public static TheoryData<string> HostileErrorBodies() => new()
    {
        """{"code":20404,"message":"gone","details":{"a":"1","a":"2"}}""",
        """{"code":20404,"message":"\ud800 lone","more_info":"https://x"}""",
        """{"code":20404,"message":"ok","more_info":"\udc00"}""",
        """{"code":20404,"message":"ok","details":{"k":"\ud800"}}""",
        """{"code":1e400,"message":["not","a","string"]}""",
        """{"code":20404,"message":"ok","details":{"a":{"deep":[1,2,{"x":null}]}}}""",
    };

    [Theory]
    [MemberData(nameof(HostileErrorBodies))]
    public async Task An_error_body_of_any_shape_is_a_TwilioApiException(string body)
    {
        await using var server = RawHttpServer.Start((_, _) => RawHttpServer.Json(404, body));
        using var client = Client(server);

        var ex = await Assert.ThrowsAsync<TwilioApiException>(() => client.Interactions[Kd].Channels[Uo].FetchAsync());

        Assert.Equal(HttpStatusCode.NotFound, ex.Status);
    }

    [Fact]
    public async Task Long_error_texts_and_request_ids_give_a_bounded_message()
    {
        string message = new string('m', 30_000), moreInfo = "https://x/" + new string('i', 30_000), requestId = "RQ" + new string('r', 30_000);
        await using var server = RawHttpServer.Start((_, _) => RawHttpServer.Json(400,
            $$"""{"code":20001,"message":"{{message}}","more_info":"{{moreInfo}}","status":400}""", $"Twilio-Request-Id: {requestId}\r\n"));
        using var client = Client(server);

        var ex = await Assert.ThrowsAsync<TwilioApiException>(() => client.Interactions[Kd].Channels[Uo].FetchAsync());

        Assert.True(ex.Message.Length < 1000, $"message of {ex.Message.Length} characters");
        Assert.Equal(message, ex.TwilioMessage); // the field itself keeps what Twilio said
        Assert.Equal(20001, ex.Code);
    }

    [Fact]
    public async Task A_url_or_link_that_is_not_a_URI_reads_as_absent_instead_of_throwing_later()
    {
        string bad = "http://[::1";
        string body = Samples.Channel()
            .Replace($"\"url\":\"https://flex-api.twilio.com/v1/Interactions/{Samples.InteractionSid}/Channels/{Samples.ChannelSid}\"", $"\"url\":\"{bad}\"")
            .Replace("\"links\":{", $"\"links\":{{\"broken\":\"{bad}\",");
        Assert.Contains("\"broken\"", body);
        await using var server = RawHttpServer.Start((_, _) => RawHttpServer.Json(200, body));
        using var client = Client(server);

        var channel = await client.Interactions[Kd].Channels[Uo].FetchAsync();

        Assert.Null(channel.Url);
        Assert.NotNull(channel.Links);
        Assert.False(channel.Links!.ContainsKey("broken"));
        Assert.Equal(new[] { "participants" }, channel.Links.Keys.ToArray());
        Assert.Single(channel.Links);
        Assert.Contains(bad, channel.ToString()); // nothing lost: the text is written back as it came
    }
}

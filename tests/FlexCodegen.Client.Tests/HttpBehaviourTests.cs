using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using FlexCodegen.Runtime;
using Microsoft.AspNetCore.Http;
using Twilio;
using Twilio.Flex.V1;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace FlexCodegen.Client.Tests;

/// <summary>The generated client on the runtime, against a real HTTP server on loopback.</summary>
public class HttpBehaviourTests
{
    private static readonly InteractionSid Kd = InteractionSid.Parse(Samples.InteractionSid);
    private static readonly InteractionChannelSid Uo = InteractionChannelSid.Parse(Samples.ChannelSid);

    [Fact]
    public async Task Fetch_sends_basic_auth_and_user_agent_to_the_typed_path_and_decodes_the_model()
    {
        await using var server = await LoopbackServer.StartAsync((ctx, _) => LoopbackServer.Json(ctx, 200, Samples.Channel()));
        using var client = new FlexClient(server.Options());

        var channel = await client.Interactions[Kd].Channels[Uo].FetchAsync();

        var request = Assert.Single(server.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal($"/v1/Interactions/{Samples.InteractionSid}/Channels/{Samples.ChannelSid}", request.Path);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(LoopbackServer.AccountSid + ":" + LoopbackServer.AuthToken)), request.Authorization);
        Assert.StartsWith("FlexCodegen/", request.UserAgent);
        Assert.Equal(Uo, channel.Sid);
        Assert.Equal(Kd, channel.InteractionSid);
        Assert.Equal(InteractionChannelStatus.Active, channel.Status);
        Assert.Equal(InteractionChannelType.Sms, channel.Type);
        Assert.Equal(new Uri($"https://flex-api.twilio.com/v1/Interactions/{Samples.InteractionSid}/Channels/{Samples.ChannelSid}/Participants"), channel.Links!["participants"]);
    }

    [Fact]
    public async Task Api_key_auth_sends_the_key_and_secret_as_basic_credentials()
    {
        await using var server = await LoopbackServer.StartAsync((ctx, _) => LoopbackServer.Json(ctx, 200, Samples.Channel()));
        string key = "SK" + new string('b', 32);
        using var client = new FlexClient(new TwilioClientOptions { AccountSid = LoopbackServer.AccountSid, ApiKeySid = key, ApiKeySecret = "key-secret", BaseAddress = server.BaseAddress });

        await client.Interactions[Kd].Channels[Uo].FetchAsync();

        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(key + ":key-secret")), Assert.Single(server.Requests).Authorization);
    }

    [Fact]
    public async Task Update_sends_the_exact_twilio_form_bytes()
    {
        await using var server = await LoopbackServer.StartAsync((ctx, _) => LoopbackServer.Json(ctx, 200, Samples.Channel("inactive")));
        using var client = new FlexClient(server.Options());
        var request = UpdateInteractionChannelRequest.CreateBuilder()
            .WithStatus(InteractionChannelUpdateChannelStatus.Inactive)
            .WithRouting(new InteractionRoutingUpdate { Status = InteractionRoutingStatus.Closed })
            .Build();

        await client.Interactions[Kd].Channels[Uo].UpdateAsync(request);

        var sent = Assert.Single(server.Requests);
        Assert.Equal("POST", sent.Method);
        Assert.Equal("application/x-www-form-urlencoded", sent.ContentType);
        Assert.Equal("Routing=%7B%22status%22%3A%22closed%22%7D&Status=inactive", sent.Body);
    }

    [Fact]
    public async Task An_enum_value_newer_than_the_client_is_sent_as_given()
    {
        await using var server = await LoopbackServer.StartAsync((ctx, _) => LoopbackServer.Json(ctx, 200, Samples.Channel("paused")));
        using var client = new FlexClient(server.Options());
        var request = UpdateInteractionChannelRequest.CreateBuilder()
            .WithStatus(new InteractionChannelUpdateChannelStatus("paused"))
            .Build();

        var channel = await client.Interactions[Kd].Channels[Uo].UpdateAsync(request);

        Assert.Equal("Status=paused", Assert.Single(server.Requests).Body);
        Assert.Equal("paused", channel.Status.ToString()); // and read back, unknown to this client but kept
        Assert.False(channel.Status!.Value.IsKnown);
    }

    [Fact]
    public async Task List_query_parameters_are_encoded_and_paging_follows_next_page_url_lazily()
    {
        await using var server = await LoopbackServer.StartAsync((ctx, _) =>
        {
            int page = int.TryParse(ctx.Request.Query["Page"], out int p) ? p : 0;
            string next = page < 2 ? $"\"{ctx.Request.Scheme}://{ctx.Request.Host}/v1/Interactions/{Samples.InteractionSid}/Channels?PageSize=2&Page={page + 1}&PageToken=PT{page + 1}\"" : "null";
            string items = string.Join(",", Enumerable.Range(0, 2).Select(i => Samples.Channel(sid: "UO" + new string((char)('a' + page), 31) + i)));
            return LoopbackServer.Json(ctx, 200, $$$"""{"channels":[{{{items}}}],"meta":{"page":{{{page}}},"page_size":2,"next_page_url":{{{next}}},"key":"channels"}}""");
        });
        using var client = new FlexClient(server.Options());
        var list = client.Interactions[Kd].Channels.ListAsync(ListInteractionChannelRequest.CreateBuilder().WithPageSize(2).Build());

        var firstTwo = new List<InteractionChannel>();
        await foreach (var c in list)
        {
            firstTwo.Add(c);
            if (firstTwo.Count == 2) break;
        }
        Assert.Equal(1, server.Count); // the second page was never asked for

        var all = new List<InteractionChannel>();
        await foreach (var c in list) all.Add(c);
        Assert.Equal(6, all.Count);
        Assert.Equal(6, all.Select(c => c.Sid).Distinct().Count());
        var requests = server.Requests.ToArray();
        Assert.Equal("?PageSize=2", requests[1].Query);
        Assert.Equal("?PageSize=2&Page=1&PageToken=PT1", requests[2].Query);
        Assert.Equal(4, server.Count);
    }

    [Fact]
    public async Task Cancelling_mid_paging_stops_with_OperationCanceledException()
    {
        await using var server = await LoopbackServer.StartAsync((ctx, n) => LoopbackServer.Json(ctx, 200,
            $$$"""{"channels":[{{{Samples.Channel()}}}],"meta":{"next_page_url":"{{{ctx.Request.Scheme}}}://{{{ctx.Request.Host}}}/v1/x?Page={{{n}}}"}}"""));
        using var client = new FlexClient(server.Options());
        using var cts = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in client.Interactions[Kd].Channels.ListAsync(cancellationToken: cts.Token))
                cts.Cancel();
        });
        Assert.Equal(1, server.Count);
    }

    [Fact]
    public async Task A_twilio_error_becomes_TwilioApiException_with_every_field()
    {
        await using var server = await LoopbackServer.StartAsync((ctx, _) => LoopbackServer.Json(ctx, 404, Samples.NotFound, ("Twilio-Request-Id", "RQ123")));
        using var client = new FlexClient(server.Options());

        var ex = await Assert.ThrowsAsync<TwilioApiException>(() => client.Interactions[Kd].FetchAsync());

        Assert.Equal(HttpStatusCode.NotFound, ex.Status);
        Assert.Equal(20404, ex.Code);
        Assert.Equal("https://www.twilio.com/docs/errors/20404", ex.MoreInfo);
        Assert.Equal("RQ123", ex.RequestId);
        Assert.Equal("FetchInteraction", ex.OperationId);
        Assert.Contains("HTTP 404", ex.Message);
        Assert.Contains("Twilio error 20404", ex.Message);
        Assert.Equal(1, server.Count); // 404 is not retried
    }

    [Fact]
    public async Task A_body_that_is_not_twilio_json_still_gives_status_and_excerpt()
    {
        await using var server = await LoopbackServer.StartAsync((ctx, _) =>
        {
            ctx.Response.StatusCode = 500;
            return ctx.Response.WriteAsync("<html><body>upstream exploded</body></html>");
        });
        using var client = new FlexClient(server.Options());
        var request = UpdateInteractionChannelRequest.CreateBuilder().WithStatus(InteractionChannelUpdateChannelStatus.Closed).Build();

        var ex = await Assert.ThrowsAsync<TwilioApiException>(() => client.Interactions[Kd].Channels[Uo].UpdateAsync(request));

        Assert.Equal(HttpStatusCode.InternalServerError, ex.Status);
        Assert.Null(ex.Code);
        Assert.Contains("HTTP 500", ex.Message);
        Assert.Contains("upstream exploded", ex.Message);
        Assert.Equal(1, server.Count); // a POST is never retried on 500
    }

    [Fact]
    public async Task Get_is_retried_on_429_three_times_then_succeeds_with_four_requests()
    {
        await using var server = await LoopbackServer.StartAsync((ctx, n) => n <= 3
            ? LoopbackServer.Json(ctx, 429, """{"code":20429,"message":"Too Many Requests"}""")
            : LoopbackServer.Json(ctx, 200, Samples.Channel()));
        using var client = new FlexClient(server.Options());

        var channel = await client.Interactions[Kd].Channels[Uo].FetchAsync();

        Assert.Equal(Uo, channel.Sid);
        Assert.Equal(4, server.Count);
    }

    [Theory]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task Get_is_retried_on_gateway_errors(int status)
    {
        await using var server = await LoopbackServer.StartAsync((ctx, n) => n == 1 ? LoopbackServer.Json(ctx, status, "{}") : LoopbackServer.Json(ctx, 200, Samples.Channel()));
        using var client = new FlexClient(server.Options());
        await client.Interactions[Kd].Channels[Uo].FetchAsync();
        Assert.Equal(2, server.Count);
    }

    [Fact]
    public async Task Post_is_retried_on_429_only()
    {
        await using var server = await LoopbackServer.StartAsync((ctx, n) => n == 1 ? LoopbackServer.Json(ctx, 429, "{}") : n == 2 ? LoopbackServer.Json(ctx, 503, "{}") : LoopbackServer.Json(ctx, 200, Samples.Channel()));
        using var client = new FlexClient(server.Options());
        var request = UpdateInteractionChannelRequest.CreateBuilder().WithStatus(InteractionChannelUpdateChannelStatus.Closed).Build();

        var ex = await Assert.ThrowsAsync<TwilioApiException>(() => client.Interactions[Kd].Channels[Uo].UpdateAsync(request));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.Status);
        Assert.Equal(2, server.Count); // 429 retried, 503 on POST not: Twilio may have acted on it
    }

    [Fact]
    public async Task Retries_can_be_turned_off()
    {
        await using var server = await LoopbackServer.StartAsync((ctx, _) => LoopbackServer.Json(ctx, 429, "{}"));
        using var client = new FlexClient(server.Options(maxRetries: 0));
        await Assert.ThrowsAsync<TwilioApiException>(() => client.Interactions[Kd].FetchAsync());
        Assert.Equal(1, server.Count);
    }

    [Fact]
    public async Task Retry_After_is_honoured_on_the_options_TimeProvider()
    {
        await using var server = await LoopbackServer.StartAsync((ctx, n) => n == 1
            ? LoopbackServer.Json(ctx, 429, "{}", ("Retry-After", "20"))
            : LoopbackServer.Json(ctx, 200, Samples.Channel()));
        var clock = new FakeTimeProvider();
        var logger = new FakeLogger();
        var options = server.Options();
        options.Retry.MaxDelay = TimeSpan.FromMinutes(1);
        options.TimeProvider = clock;
        options.Logger = logger;
        using var client = new FlexClient(options);

        var fetch = client.Interactions[Kd].Channels[Uo].FetchAsync();
        // The retry is logged once its wait has started: then only the clock decides.
        await StateWait.UntilLogged(logger.Collector, 1101, "the retry (its wait has started)");
        clock.Advance(TimeSpan.FromSeconds(19));
        Assert.False(fetch.IsCompleted);
        Assert.Equal(1, server.Count);
        clock.Advance(TimeSpan.FromSeconds(1));
        await fetch.WaitAsync(StateWait.HangGuard);

        Assert.Equal(2, server.Count);
        Assert.Contains("retrying in 20000 ms", logger.Collector.GetSnapshot().Single(r => r.Id.Id == 1101).Message);
    }

    [Fact]
    public async Task Cancelling_mid_request_gives_OperationCanceledException_not_a_transport_error()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackServer.StartAsync(async (ctx, _) =>
        {
            arrived.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, ctx.RequestAborted).ContinueWith(_ => { });
        });
        using var client = new FlexClient(server.Options());
        using var cts = new CancellationTokenSource();

        // Cancelled once the server holds the request (a state), not after a guessed number of milliseconds.
        var fetch = client.Interactions[Kd].FetchAsync(cts.Token);
        await arrived.Task.WaitAsync(StateWait.HangGuard);
        cts.Cancel();
        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fetch);
        Assert.IsNotType<TwilioTransportException>(ex);
        Assert.Equal(1, server.Count);
    }

    [Fact]
    public async Task A_timeout_is_a_transport_error_that_says_so()
    {
        await using var server = await LoopbackServer.StartAsync(async (ctx, _) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, ctx.RequestAborted).ContinueWith(_ => { }); // holds the request until the client lets go
        });
        var clock = new FakeTimeProvider();
        var options = server.Options(maxRetries: 0);
        options.Timeout = TimeSpan.FromSeconds(30);
        options.TimeProvider = clock;
        using var client = new FlexClient(options);

        var fetch = client.Interactions[Kd].FetchAsync();
        // The attempt's deadline is set before the request leaves: once the server has it, moving the clock ends it.
        await server.Received(1);
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.False(fetch.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));

        var ex = await Assert.ThrowsAsync<TwilioTransportException>(() => fetch.WaitAsync(StateWait.HangGuard));
        Assert.True(ex.IsTimeout);
        Assert.Contains("timed out", ex.Message);
    }

    [Fact]
    public async Task Attempts_that_reuse_a_deadline_still_time_out_and_a_timed_out_deadline_is_never_reused()
    {
        // The attempt handler keeps one deadline source for the next call with no token of its own (ClientOnlyBenchmarks).
        await using var server = await LoopbackServer.StartAsync(async (ctx, n) =>
        {
            if (n == 3) await Task.Delay(Timeout.InfiniteTimeSpan, ctx.RequestAborted).ContinueWith(_ => { });
            else await LoopbackServer.Json(ctx, 200, Samples.Channel());
        });
        var clock = new FakeTimeProvider();
        var options = server.Options(maxRetries: 0);
        options.Timeout = TimeSpan.FromSeconds(30);
        options.TimeProvider = clock;
        using var client = new FlexClient(options);
        var channel = client.Interactions[Kd].Channels[Uo];

        await channel.FetchAsync();
        await channel.FetchAsync();
        var held = channel.FetchAsync();
        await server.Received(3);
        clock.Advance(TimeSpan.FromSeconds(30));
        var ex = await Assert.ThrowsAsync<TwilioTransportException>(() => held.WaitAsync(StateWait.HangGuard));
        Assert.True(ex.IsTimeout);

        // The next call gets a fresh deadline, not the one that fired.
        Assert.NotNull((await channel.FetchAsync().WaitAsync(StateWait.HangGuard)).Sid);
        Assert.Equal(4, server.Count);
    }

    [Fact]
    public async Task A_refused_connection_is_a_transport_error_after_bounded_retries()
    {
        var options = new TwilioClientOptions
        {
            AccountSid = LoopbackServer.AccountSid,
            AuthToken = LoopbackServer.AuthToken,
            BaseAddress = new Uri("http://127.0.0.1:1"),
            Retry = new RetryOptions { MaxRetries = 2, BaseDelay = TimeSpan.FromMilliseconds(1) },
        };
        using var client = new FlexClient(options);
        var ex = await Assert.ThrowsAsync<TwilioTransportException>(() => client.Interactions[Kd].FetchAsync());
        Assert.False(ex.IsTimeout);
        Assert.Contains("attempt 3", ex.Message);
    }

    [Fact]
    public async Task Malformed_json_gives_a_response_exception_naming_the_operation()
    {
        await using var server = await LoopbackServer.StartAsync((ctx, _) => LoopbackServer.Json(ctx, 200, """{"sid": "UOaaaa"""));
        using var client = new FlexClient(server.Options());
        var ex = await Assert.ThrowsAsync<TwilioResponseException>(() => client.Interactions[Kd].Channels[Uo].FetchAsync());
        Assert.Contains("FetchInteractionChannel", ex.Message);
        Assert.Contains("{\"sid\": \"UOaaaa", ex.Message);
    }

    [Fact]
    public async Task A_malformed_id_in_a_response_is_kept_and_logged_with_field_and_value()
    {
        await using var server = await LoopbackServer.StartAsync((ctx, _) => LoopbackServer.Json(ctx, 200, """{"sid":"not-a-sid","type":"sms"}"""));
        var logger = new FakeLogger();
        var options = server.Options();
        options.Logger = logger;
        using var client = new FlexClient(options);

        var channel = await client.Interactions[Kd].Channels[Uo].FetchAsync();

        Assert.Null(channel.Sid);
        Assert.Equal("sms", channel.Type.ToString());
        Assert.Equal("not-a-sid", channel.AdditionalProperties!["sid"].GetString());
        var kept = Assert.Single(logger.Collector.GetSnapshot(), r => r.Id.Id == 1004);
        Assert.Contains("InteractionChannel.sid", kept.Message);
        Assert.Contains("'not-a-sid' is not a valid InteractionChannelSid", kept.Message);
    }

    [Fact]
    public async Task A_page_larger_than_Twilios_largest_page_size_is_refused()
    {
        string items = string.Join(",", Enumerable.Range(0, Page<InteractionChannel>.MaxItems + 1).Select(_ => Samples.Channel()));
        await using var server = await LoopbackServer.StartAsync((ctx, _) => LoopbackServer.Json(ctx, 200, $$$"""{"channels":[{{{items}}}],"meta":{"next_page_url":null}}"""));
        using var client = new FlexClient(server.Options());
        var ex = await Assert.ThrowsAsync<TwilioResponseException>(() => client.Interactions[Kd].Channels.GetPageAsync());
        Assert.Contains("more than 1000 items", ex.Message);
    }

    [Fact]
    public async Task Next_page_urls_on_another_host_are_refused_and_never_receive_credentials()
    {
        await using var server = await LoopbackServer.StartAsync((ctx, n) => LoopbackServer.Json(ctx, 200, n == 1
            ? $$$"""{"channels":[{{{Samples.Channel()}}}],"meta":{"next_page_url":"https://evil.example.com/v1/Interactions/{{{Samples.InteractionSid}}}/Channels?Page=1"}}"""
            : """{"channels":[],"meta":{"next_page_url":null}}"""));
        using var client = new FlexClient(server.Options());
        var ex = await Assert.ThrowsAsync<TwilioResponseException>(async () => { await foreach (var _ in client.Interactions[Kd].Channels.ListAsync()) { } });
        Assert.Contains("evil.example.com", ex.Message);
        Assert.Equal(1, server.Count);
    }

    [Fact]
    public async Task Json_inside_form_values_escapes_only_what_json_requires()
    {
        await using var server = await LoopbackServer.StartAsync((ctx, _) => LoopbackServer.Json(ctx, 201, """{"sid":"KDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}"""));
        using var client = new FlexClient(server.Options());
        var request = CreateInteractionRequest.CreateBuilder()
            .WithChannel(new InteractionChannelSpec
            {
                Type = InteractionChannelType.Sms,
                InitiatedBy = InteractionInitiatedBy.Api,
                Participants = new[] { new InteractionParticipantSpec { Address = "+13115552368", ProxyAddress = "+14155559999", Name = "Zoë \"Z\" <z>&" } },
            })
            .WithRouting(new InteractionRouting { Properties = new InteractionRoutingProperties { WorkspaceSid = WorkspaceSid.Parse("WS" + new string('a', 32)) } })
            .Build();

        await client.Interactions.CreateAsync(request);

        string body = Assert.Single(server.Requests).Body;
        Assert.Contains("%22address%22%3A%22%2B13115552368%22", body);          // "+13115552368", as Twilio's docs send it
        Assert.DoesNotContain("%5Cu002B", body);                                  // not \u002B
        var form = System.Web.HttpUtility.ParseQueryString(body);
        var channel = System.Text.Json.JsonDocument.Parse(form["Channel"]!).RootElement;
        Assert.Equal("Zoë \"Z\" <z>&", channel.GetProperty("participants")[0].GetProperty("name").GetString()); // still valid JSON, read back exactly
        Assert.Contains("Zo%C3%AB", body);                                       // non-ASCII travels as UTF-8, percent-encoded
    }
}

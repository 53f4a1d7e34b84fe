using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using FlexCodegen.Runtime;
using Twilio;
using Twilio.Flex.V1;
using Xunit;

namespace FlexCodegen.Client.Tests;

/// <summary>The memory tests read the process's allocation counter, so nothing else runs beside them.</summary>
[CollectionDefinition(nameof(HostileServer), DisableParallelization = true)]
public sealed class HostileServer
{
}

/// <summary>
/// The client against a server an attacker controls (or impersonates), over a byte-level server: what reaches which
/// host, what the caller gets, how long it takes and how much it allocates.
/// </summary>
[Collection(nameof(HostileServer))]
public class HostileServerTests
{
    private static readonly InteractionSid Kd = InteractionSid.Parse(Samples.InteractionSid);
    private static readonly InteractionChannelSid Uo = InteractionChannelSid.Parse(Samples.ChannelSid);
    private static readonly string BasicAuth = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(LoopbackServer.AccountSid + ":" + LoopbackServer.AuthToken));

    private static TwilioClientOptions Options(RawHttpServer server, int maxRetries = 0, double timeoutSeconds = 100) => new()
    {
        AccountSid = LoopbackServer.AccountSid,
        AuthToken = LoopbackServer.AuthToken,
        BaseAddress = server.BaseAddress,
        Timeout = TimeSpan.FromSeconds(timeoutSeconds),
        Retry = new RetryOptions { MaxRetries = maxRetries, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(10) },
    };

    private static string Page(string nextPageUrl) =>
        $$$"""{"channels":[{{{Samples.Channel()}}}],"meta":{"page":0,"page_size":1,"next_page_url":{{{nextPageUrl}}},"key":"channels"}}""";

    private static string JsonString(string s) => System.Text.Json.JsonSerializer.Serialize(s);

    // ---- Credentials stay with the API's own host ----

    public static IEnumerable<object[]> HostilePageUrls() => new[]
    {
        new object[] { "@{attacker}/v1/steal" },
        new object[] { "//{attacker}/v1/steal" },
        new object[] { @"\\{attacker}\v1\steal" },
        new object[] { "http://{attacker}/v1/steal" },
        new object[] { "http://user:pass@{legit}/v1/steal" },
        new object[] { "https://{legit}/v1/steal" },
        new object[] { ".{attacker}/v1/steal" },
    };

    [Theory]
    [MemberData(nameof(HostilePageUrls))]
    public async Task A_next_page_url_never_takes_the_credentials_to_another_host(string template)
    {
        await using var attacker = RawHttpServer.Start((_, _) => RawHttpServer.Json(200, """{"channels":[],"meta":{}}"""), "127.0.0.2");
        await using var legit = RawHttpServer.Start((req, n) => RawHttpServer.Json(200, n == 1
            ? Page(JsonString(template.Replace("{attacker}", $"127.0.0.2:{attacker.Port}").Replace("{legit}", $"127.0.0.1:{n}")))
            : """{"channels":[],"meta":{"next_page_url":null}}"""));
        using var client = new FlexClient(Options(legit));

        Exception? error = null;
        try { await foreach (var _ in client.Interactions[Kd].Channels.ListAsync()) { } }
        catch (Exception ex) { error = ex; }

        Assert.Equal(0, attacker.Count);
        if (error is not null)
        {
            // Refused before sending: a clear exception, and the legit server saw only the first page.
            // Refused before sending (a URL on another origin, or one that is not a URL at all): a clear exception,
            // and the legit server saw only the first page.
            var refused = Assert.IsType<TwilioResponseException>(error);
            Assert.True(refused.Message.Contains("refused, nothing was sent") || refused.Message.Contains("next_page_url"), refused.Message);
            Assert.Equal(1, legit.Count);
        }
        else
        {
            // Resolved as a path on the API's own host (RFC 3986), which is where the credentials went.
            Assert.Equal(2, legit.Count);
            Assert.All(legit.Requests, r => Assert.Equal($"127.0.0.1:{legit.Port}", r.Header("Host")));
        }
    }

    [Theory]
    [InlineData("@evil.com/x", true)]
    [InlineData(".evil.com/x", true)]
    [InlineData("//evil.com/x", false)]
    [InlineData(@"\\evil.com\x", false)]
    [InlineData("https://evil.com/v1/x", false)]
    [InlineData("https://flex-api.twilio.com.evil.com/v1/x", false)]
    [InlineData("http://flex-api.twilio.com/v1/x", false)]
    [InlineData("https://flex-api.twilio.com:8443/v1/x", false)]
    [InlineData("https://user:secret@flex-api.twilio.com/v1/x", false)]
    [InlineData("https://flex-api.twilio.com/v1/Interactions?Page=1", true)]
    public void Page_urls_resolve_on_the_default_host_or_are_refused(string url, bool allowed)
    {
        using var client = new FlexClient(new TwilioClientOptions { AccountSid = LoopbackServer.AccountSid, AuthToken = "x" });
        var given = new Uri(url, UriKind.RelativeOrAbsolute);
        if (allowed)
        {
            Uri resolved = client.Pipeline.ResolvePageUrl(given, "ListInteractionChannel");
            Assert.Equal("https://flex-api.twilio.com", resolved.GetLeftPart(UriPartial.Authority));
        }
        else
        {
            var ex = Assert.Throws<TwilioResponseException>(() => client.Pipeline.ResolvePageUrl(given, "ListInteractionChannel"));
            Assert.Contains("flex-api.twilio.com", ex.Message);
        }
    }

    [Theory]
    [InlineData(307)]
    [InlineData(308)]
    [InlineData(302)]
    public async Task A_redirect_is_an_error_and_the_form_never_reaches_the_other_host(int status)
    {
        await using var attacker = RawHttpServer.Start((_, _) => RawHttpServer.Json(200, Samples.Channel("closed")), "127.0.0.2");
        await using var legit = RawHttpServer.Start((_, _) => $"HTTP/1.1 {status} Moved\r\nLocation: http://127.0.0.2:{attacker.Port}/v1/steal\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        using var client = new FlexClient(Options(legit));

        var ex = await Assert.ThrowsAsync<TwilioApiException>(() => client.Interactions[Kd].Channels[Uo].UpdateAsync(
            UpdateInteractionChannelRequest.CreateBuilder().WithStatus(InteractionChannelUpdateChannelStatus.Closed).Build()));

        Assert.Equal((HttpStatusCode)status, ex.Status);
        Assert.Equal(0, attacker.Count);
        Assert.Equal(1, legit.Count);
    }

    [Fact]
    public async Task A_redirect_followed_by_a_handed_in_HttpClient_is_not_returned_as_success()
    {
        await using var elsewhere = RawHttpServer.Start((_, _) => RawHttpServer.Json(200, Samples.Channel("closed")), "127.0.0.2");
        await using var legit = RawHttpServer.Start((_, _) => $"HTTP/1.1 307 Moved\r\nLocation: http://127.0.0.2:{elsewhere.Port}/v1/elsewhere\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        using var http = new HttpClient(); // redirects on, as a careless caller leaves them
        using var client = new FlexClient(http, Options(legit));

        var ex = await Assert.ThrowsAsync<TwilioResponseException>(() => client.Interactions[Kd].Channels[Uo].FetchAsync());

        Assert.Contains("redirected", ex.Message);
        Assert.Contains("AllowAutoRedirect", ex.Message);
        Assert.All(elsewhere.Requests, r => Assert.Empty(r.All("Authorization"))); // .NET drops credentials on a redirect; the answer is still refused
    }

    [Fact]
    public async Task A_request_level_Authorization_header_is_sent_alone_never_merged_with_Basic()
    {
        await using var server = RawHttpServer.Start((_, _) => RawHttpServer.Json(200, """{"roles":["wfo.full_access"],"url":"https://flex-api.twilio.com/v1/Insights/UserRoles"}"""));
        using var client = new FlexClient(Options(server));

        await client.Insights.UserRoles.FetchAsync(FetchInsightsUserRolesRequest.CreateBuilder().WithAuthorization("Token flex-ui-token").Build());
        await client.Insights.UserRoles.FetchAsync();

        var requests = server.Requests.ToArray();
        Assert.Equal(new[] { "Token flex-ui-token" }, requests[0].All("Authorization"));
        Assert.Equal(new[] { BasicAuth }, requests[1].All("Authorization"));
    }

    // ---- Nothing waits forever ----

    [Fact]
    public async Task A_body_that_stalls_after_the_headers_times_out_within_Timeout_and_a_get_is_retried()
    {
        await using var server = RawHttpServer.Start(async (_, _, stream, _, ct) =>
        {
            await RawHttpServer.WriteAsync(stream, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"sid\":", ct);
            await Task.Delay(TimeSpan.FromSeconds(120), ct); // then silence
        });
        using var client = new FlexClient(Options(server, maxRetries: 1, timeoutSeconds: 1));

        var clock = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<TwilioTransportException>(() => client.Interactions[Kd].Channels[Uo].FetchAsync());
        clock.Stop();

        Assert.True(ex.IsTimeout);
        Assert.Equal(2, server.Count);
        // Two attempts of at least Timeout each; the upper bound only has to tell "timed out" from "waited for the
        // server's two minutes of silence", with a wide margin for a busy machine.
        Assert.InRange(clock.Elapsed.TotalSeconds, 1.9, 60);
    }

    public static IEnumerable<object[]> BrokenBodies() => new[]
    {
        new object[] { "truncated" },
        new object[] { "reset" },
    };

    [Theory]
    [MemberData(nameof(BrokenBodies))]
    public async Task A_truncated_or_reset_body_is_a_transport_error_retried_for_get_only(string how)
    {
        Func<RawRequest, int, System.IO.Stream, Socket, CancellationToken, Task> respond = async (_, _, stream, socket, ct) =>
        {
            await RawHttpServer.WriteAsync(stream, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"sid\":\"UO", ct);
            if (how == "reset") socket.LingerState = new LingerOption(true, 0); // close sends RST
            socket.Close();
        };
        await using var server = RawHttpServer.Start(respond);
        using var client = new FlexClient(Options(server, maxRetries: 2));

        var get = await Assert.ThrowsAsync<TwilioTransportException>(() => client.Interactions[Kd].Channels[Uo].FetchAsync());
        Assert.False(get.IsTimeout);
        Assert.Equal(3, server.Count);

        await Assert.ThrowsAsync<TwilioTransportException>(() => client.Interactions[Kd].Channels[Uo].UpdateAsync(
            UpdateInteractionChannelRequest.CreateBuilder().WithStatus(InteractionChannelUpdateChannelStatus.Closed).Build()));
        Assert.Equal(4, server.Count); // the POST went once
    }

    // ---- Nothing grows without bound ----

    [Fact]
    public async Task A_content_length_of_three_gigabytes_is_refused_before_reading()
    {
        await using var server = RawHttpServer.Start(async (_, _, stream, _, ct) =>
        {
            await RawHttpServer.WriteAsync(stream, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 3000000000\r\n\r\n{", ct);
            await Task.Delay(TimeSpan.FromSeconds(120), ct);
        });
        using var client = new FlexClient(Options(server, maxRetries: 2));

        var clock = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<TwilioResponseException>(() => client.Interactions[Kd].Channels[Uo].FetchAsync());

        Assert.Contains("MaxResponseContentBytes", ex.Message);
        Assert.Contains("3000000000", ex.Message);
        Assert.Equal(1, server.Count); // not worth retrying
        // Refused before reading: nowhere near the server's two minutes of silence (a wide margin for a busy machine).
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
    }

    [Theory]
    [InlineData("content-length")]
    [InlineData("chunked")]
    public async Task A_huge_or_endless_success_body_stops_at_the_cap_without_buffering_it(string framing)
    {
        const long sent = 200L * 1024 * 1024;
        await using var server = RawHttpServer.Start(async (_, _, stream, _, ct) =>
        {
            string head = framing == "chunked"
                ? "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                : $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {sent}\r\n\r\n";
            await RawHttpServer.WriteAsync(stream, head, ct);
            byte[] block = Encoding.ASCII.GetBytes(new string(' ', 64 * 1024));
            byte[] chunkHead = Encoding.ASCII.GetBytes((64 * 1024).ToString("x") + "\r\n");
            byte[] crlf = Encoding.ASCII.GetBytes("\r\n");
            for (long written = 0; written < sent; written += block.Length) // bounded: 200 MB at most, or until the client hangs up
            {
                if (framing == "chunked") await stream.WriteAsync(chunkHead, ct);
                await stream.WriteAsync(block, ct);
                if (framing == "chunked") await stream.WriteAsync(crlf, ct);
            }
        });
        using var client = new FlexClient(Options(server));

        long before = GC.GetTotalAllocatedBytes(precise: true);
        var ex = await Assert.ThrowsAsync<TwilioResponseException>(() => client.Interactions[Kd].Channels[Uo].FetchAsync());
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Contains("MaxResponseContentBytes", ex.Message);
        Assert.True(allocated < 80L * 1024 * 1024, $"allocated {allocated / (1024 * 1024)} MB for a body capped at 16 MB");
    }

    [Fact]
    public async Task A_huge_error_page_is_read_only_as_far_as_the_excerpt_needs()
    {
        const long sent = 200L * 1024 * 1024;
        await using var server = RawHttpServer.Start(async (_, _, stream, _, ct) =>
        {
            await RawHttpServer.WriteAsync(stream, $"HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/html\r\nContent-Length: {sent}\r\n\r\n<html><body>", ct);
            byte[] block = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
            for (long written = 0; written < sent; written += block.Length)
                await stream.WriteAsync(block, ct);
        });
        using var client = new FlexClient(Options(server));

        long before = GC.GetTotalAllocatedBytes(precise: true);
        var ex = await Assert.ThrowsAsync<TwilioApiException>(() => client.Interactions[Kd].Channels[Uo].FetchAsync());
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal(HttpStatusCode.InternalServerError, ex.Status);
        Assert.Contains("<html><body>", ex.Message);
        Assert.True(ex.Message.Length < 1000, $"message of {ex.Message.Length} characters");
        Assert.True(allocated < 20L * 1024 * 1024, $"allocated {allocated / (1024 * 1024)} MB for a 200 MB error page");
    }

    [Fact]
    public async Task A_next_page_url_that_loops_back_ends_the_enumeration_with_an_error()
    {
        RawHttpServer? self = null;
        await using var server = RawHttpServer.Start((req, n) =>
        {
            // page 1 → page 2 → page 1 → …, as a hostile server would send forever
            string next = req.Target.Contains("Page=2") ? $"http://127.0.0.1:{self!.Port}/v1/x?Page=1" : $"http://127.0.0.1:{self!.Port}/v1/x?Page=2";
            return RawHttpServer.Json(200, Page(JsonString(next)));
        });
        self = server;
        using var client = new FlexClient(Options(server));

        int items = 0;
        var ex = await Assert.ThrowsAsync<TwilioResponseException>(async () =>
        {
            await foreach (var _ in client.Interactions[Kd].Channels.ListAsync()) items++;
        });

        Assert.Contains("already read", ex.Message);
        Assert.InRange(server.Count, 2, 3);
        Assert.Equal(server.Count, items);
    }

    [Fact]
    public async Task A_twenty_megabyte_value_gives_a_bounded_message()
    {
        string huge = new string('U', 20 * 1024 * 1024);
        string body = Samples.Channel().Replace($"\"sid\": \"{Samples.ChannelSid}\"", $"\"sid\": \"{huge}\"").Replace($"\"sid\":\"{Samples.ChannelSid}\"", $"\"sid\":\"{huge}\"");
        Assert.Contains(huge, body);
        await using var server = RawHttpServer.Start((_, _) => RawHttpServer.Json(200, body));
        var options = Options(server);
        options.MaxResponseContentBytes = 64L * 1024 * 1024;
        var logger = new Microsoft.Extensions.Logging.Testing.FakeLogger();
        options.Logger = logger;
        using var roomy = new FlexClient(options);

        // Not an id: kept as it came (the app asked for answers this large), and the log line naming it is short.
        var channel = await roomy.Interactions[Kd].Channels[Uo].FetchAsync();

        Assert.Null(channel.Sid);
        var kept = Assert.Single(logger.Collector.GetSnapshot(), r => r.Id.Id == 1004);
        Assert.True(kept.Message.Length < 1000, $"message of {kept.Message.Length} characters");
        Assert.Contains("InteractionChannelSid", kept.Message);
    }

    // ---- Options and inputs ----

    [Fact]
    public async Task A_header_value_with_a_line_break_is_refused_by_Build_and_by_the_runtime()
    {
        var ex = Assert.Throws<RequestValidationException>(() => CreatePluginConfigurationRequest.CreateBuilder()
            .WithName("n").WithFlexMetadata("x\r\nX-Injected: 1").Build());
        var violation = Assert.Single(ex.Violations);
        Assert.Equal("Flex-Metadata", violation.Field);
        Assert.Contains("line break", violation.Rule);

        await using var server = RawHttpServer.Start((_, _) => RawHttpServer.Json(200, "{}"));
        using var client = new FlexClient(Options(server));
        var runtime = await Assert.ThrowsAsync<ArgumentException>(() => client.Pipeline.SendAsync(HttpMethod.Get, "/v1/x", null,
            new[] { new KeyValuePair<string, string>("Flex-Metadata", "x\nX-Injected: 1") }, "Test", CancellationToken.None));
        Assert.Contains("Flex-Metadata", runtime.Message);
        Assert.Equal(0, server.Count);
    }

    [Fact]
    public async Task Options_are_copied_when_the_client_is_built()
    {
        await using var server = RawHttpServer.Start((_, _) => RawHttpServer.Json(503, """{"code":20503,"message":"busy","status":503}"""));
        var options = Options(server, maxRetries: 1);
        using var client = new FlexClient(options);
        options.Retry.MaxRetries = 500;
        options.Retry.MaxDelay = TimeSpan.MaxValue;
        options.BaseAddress = new Uri("https://evil.example.com");
        options.AuthToken = "changed";

        await Assert.ThrowsAsync<TwilioApiException>(() => client.Interactions[Kd].Channels[Uo].FetchAsync());

        Assert.Equal(2, server.Count);
        Assert.All(server.Requests, r => Assert.Equal(BasicAuth, r.Header("Authorization")));
    }

    [Theory]
    [InlineData("MaxRetries")]
    [InlineData("MaxDelay")]
    [InlineData("BaseDelay")]
    [InlineData("Timeout")]
    [InlineData("MaxResponseContentBytes")]
    [InlineData("Retry")]
    public void Out_of_range_options_are_refused_with_the_options_name(string option)
    {
        var options = new TwilioClientOptions { AccountSid = LoopbackServer.AccountSid, AuthToken = "x" };
        switch (option)
        {
            case "MaxRetries": options.Retry.MaxRetries = 500; break;
            case "MaxDelay": options.Retry.MaxDelay = TimeSpan.MaxValue; break;
            case "BaseDelay": options.Retry.BaseDelay = TimeSpan.MaxValue; break;
            case "Timeout": options.Timeout = TimeSpan.MaxValue; break;
            case "MaxResponseContentBytes": options.MaxResponseContentBytes = 0; break;
            case "Retry": options.Retry = null!; break;
        }
        var ex = Assert.Throws<ArgumentException>(() => new FlexClient(options));
        Assert.Contains(option, ex.Message);
    }

    [Theory]
    [InlineData("http://127.0.0.1/base?x=1#frag")]
    [InlineData("http://127.0.0.1/base?x=1")]
    [InlineData("http://127.0.0.1/base#frag")]
    [InlineData("http://user:pw@127.0.0.1/base")]
    public void A_base_address_with_a_query_fragment_or_user_info_is_refused(string address)
    {
        var ex = Assert.Throws<ArgumentException>(() => new FlexClient(new TwilioClientOptions
        {
            AccountSid = LoopbackServer.AccountSid, AuthToken = "x", BaseAddress = new Uri(address),
        }));
        Assert.Contains("BaseAddress", ex.Message);
        Assert.DoesNotContain("pw", ex.Message);
    }

    [Fact]
    public async Task A_base_address_with_a_path_keeps_it()
    {
        await using var server = RawHttpServer.Start((_, _) => RawHttpServer.Json(200, Samples.Channel()));
        var options = Options(server);
        options.BaseAddress = new Uri(server.BaseAddress, "/proxy/");
        using var client = new FlexClient(options);

        await client.Interactions[Kd].Channels[Uo].FetchAsync();

        Assert.Equal($"/proxy/v1/Interactions/{Samples.InteractionSid}/Channels/{Samples.ChannelSid}", Assert.Single(server.Requests).Target);
    }

    // ---- What held already, kept ----

    [Fact]
    public async Task A_huge_Retry_After_is_capped_by_MaxDelay_which_defaults_to_thirty_seconds()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), new RetryOptions().MaxDelay);
        await using var server = RawHttpServer.Start((_, n) => n == 1
            ? RawHttpServer.Json(429, """{"code":20429,"message":"Too many requests","status":429}""", "Retry-After: 86400\r\n")
            : RawHttpServer.Json(200, Samples.Channel()));
        var options = Options(server, maxRetries: 1);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(200);
        using var client = new FlexClient(options);

        var clock = Stopwatch.StartNew();
        await client.Interactions[Kd].Channels[Uo].FetchAsync();

        Assert.Equal(2, server.Count);
        // Capped at 200 ms: well under both the default cap (30 s) and Retry-After (a day), with room for a busy machine.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"waited {clock.Elapsed}");
    }

    [Fact]
    public async Task A_post_is_sent_once_on_a_server_error()
    {
        await using var server = RawHttpServer.Start((_, _) => RawHttpServer.Json(503, """{"code":20503,"message":"busy","status":503}"""));
        using var client = new FlexClient(Options(server, maxRetries: 3));

        var ex = await Assert.ThrowsAsync<TwilioApiException>(() => client.Interactions[Kd].Channels[Uo].UpdateAsync(
            UpdateInteractionChannelRequest.CreateBuilder().WithStatus(InteractionChannelUpdateChannelStatus.Closed).Build()));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.Status);
        Assert.Equal(1, server.Count);
    }

    [Fact]
    public async Task A_thousand_concurrent_calls_through_one_client_each_get_their_own_answer()
    {
        await using var server = RawHttpServer.Start((req, _) =>
        {
            string sid = req.Target.Substring(req.Target.LastIndexOf('/') + 1);
            return RawHttpServer.Json(200, Samples.Channel(sid: sid));
        });
        using var client = new FlexClient(Options(server));
        var sids = Enumerable.Range(0, 1000).Select(i => InteractionChannelSid.Parse("UO" + i.ToString("x32"))).ToArray();

        var channels = await Task.WhenAll(sids.Select(sid => client.Interactions[Kd].Channels[sid].FetchAsync()));

        Assert.Equal(sids, channels.Select(c => c.Sid!.Value));
        Assert.Equal(1000, server.Count);
    }

    [Fact]
    public async Task A_2010_style_page_with_a_relative_next_page_uri_is_followed_on_the_same_host()
    {
        await using var server = RawHttpServer.Start((req, n) => RawHttpServer.Json(200, n == 1
            ? """{"calls":[{"sid":"CA1"}],"page":0,"page_size":1,"uri":"/2010-04-01/Accounts/AC1/Calls.json?PageSize=1","next_page_uri":"/2010-04-01/Accounts/AC1/Calls.json?PageSize=1&Page=1&PageToken=PA1"}"""
            : """{"calls":[{"sid":"CA2"}],"page":1,"page_size":1,"uri":"/2010-04-01/Accounts/AC1/Calls.json?PageSize=1&Page=1&PageToken=PA1","next_page_uri":null}"""));
        using var client = new FlexClient(Options(server));
        var readPage = Page<string>.Reader("calls", (ref System.Text.Json.Utf8JsonReader r) =>
        {
            using var doc = System.Text.Json.JsonDocument.ParseValue(ref r);
            return doc.RootElement.GetProperty("sid").GetString()!;
        });

        var sids = new List<string>();
        await foreach (var sid in TwilioPaging.EnumerateAsync(client.Pipeline,
            ct => client.Pipeline.SendAsync(HttpMethod.Get, "/2010-04-01/Accounts/AC1/Calls.json?PageSize=1", null, null, readPage, "ListCall", ct), readPage, "ListCall"))
            sids.Add(sid);

        Assert.Equal(new[] { "CA1", "CA2" }, sids);
        Assert.Equal("/2010-04-01/Accounts/AC1/Calls.json?PageSize=1&Page=1&PageToken=PA1", server.Requests.ToArray()[1].Target);
        Assert.All(server.Requests, r => Assert.Equal(BasicAuth, r.Header("Authorization")));
    }

    [Fact]
    public async Task Messages_write_numbers_the_same_way_in_every_culture()
    {
        var saved = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("fr-FR");
        try
        {
            await using var server = RawHttpServer.Start(async (_, _, stream, _, ct) =>
            {
                await RawHttpServer.WriteAsync(stream, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{", ct);
                await Task.Delay(TimeSpan.FromSeconds(10), ct);
            });
            using var client = new FlexClient(Options(server, timeoutSeconds: 0.25));

            var ex = await Assert.ThrowsAsync<TwilioTransportException>(() => client.Interactions[Kd].Channels[Uo].FetchAsync());

            Assert.Contains("timed out after 0.25 s", ex.Message);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = saved;
        }
    }
}

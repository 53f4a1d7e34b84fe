using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using FlexCodegen.Runtime;
using Twilio;
using Twilio.Flex.V1;

namespace FlexCodegen.Benchmarks;

/// <summary>
/// The client alone: the generated client and the floor (a raw HttpClient call parsed with JsonDocument, the least a
/// hand-written caller does) against the same canned in-process handler. No network, no server: what is measured is
/// the client's own work per call.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ClientOnlyBenchmarks
{
    private const string Kd = "KDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", Uo = "UOaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1";
    private const string Api = "https://flex-api.twilio.com";
    private const string ChannelPath = "/v1/Interactions/" + Kd + "/Channels/" + Uo;

    private FlexClient _client = null!;
    private HttpClient _raw = null!;
    private InteractionChannelResource _channel = null!;
    private UpdateInteractionChannelRequest _close = null!;
    private CreateInteractionRequest _create = null!;

    [GlobalSetup]
    public void Setup()
    {
        var handler = new CannedHandler();
        _client = new FlexClient(new HttpClient(handler), new TwilioClientOptions { AccountSid = "AC" + new string('a', 32), AuthToken = "token", Retry = new RetryOptions { MaxRetries = 0 } });
        _raw = new HttpClient(handler) { BaseAddress = new Uri(Api) };
        _raw.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("AC" + new string('a', 32) + ":token")));
        _channel = _client.Interactions[InteractionSid.Parse(Kd)].Channels[InteractionChannelSid.Parse(Uo)];
        _close = UpdateInteractionChannelRequest.CreateBuilder().WithStatus(InteractionChannelUpdateChannelStatus.Closed).Build();
        _create = CreateInteractionRequest.CreateBuilder()
            .WithChannel(new InteractionChannelSpec
            {
                Type = InteractionChannelType.Sms,
                InitiatedBy = InteractionInitiatedBy.Agent,
                Participants = new[] { new InteractionParticipantSpec { Address = "+13115552368", ProxyAddress = "+192555512345" } },
            })
            .WithRouting(new InteractionRouting
            {
                Properties = new InteractionRoutingProperties
                {
                    WorkspaceSid = WorkspaceSid.Parse("WS" + new string('a', 32)),
                    WorkflowSid = WorkflowSid.Parse("WW" + new string('a', 32)),
                    QueueSid = TaskQueueSid.Parse("WQ" + new string('a', 32)),
                    WorkerSid = WorkerSid.Parse("WK" + new string('a', 32)),
                    TaskChannelUniqueName = "sms",
                },
            })
            .Build();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _raw.Dispose();
    }

    // ---- fetch a channel ----

    [Benchmark(Baseline = true), BenchmarkCategory("Fetch")]
    public async Task<string?> FetchFloor()
    {
        using var response = await _raw.GetAsync(ChannelPath);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
        return doc.RootElement.GetProperty("status").GetString();
    }

    [Benchmark, BenchmarkCategory("Fetch")]
    public async Task<InteractionChannelStatus?> FetchGenerated() => (await _channel.FetchAsync()).Status;

    // ---- update a channel to closed ----

    [Benchmark(Baseline = true), BenchmarkCategory("Update")]
    public async Task<string?> UpdateFloor()
    {
        using var content = new FormUrlEncodedContent(new[] { new KeyValuePair<string, string>("Status", "closed") });
        using var response = await _raw.PostAsync(ChannelPath, content);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
        return doc.RootElement.GetProperty("status").GetString();
    }

    [Benchmark, BenchmarkCategory("Update")]
    public async Task<InteractionChannelStatus?> UpdateGenerated() => (await _channel.UpdateAsync(_close)).Status;

    // ---- create an interaction (the seeds' outbound SMS) ----

    [Benchmark(Baseline = true), BenchmarkCategory("Create")]
    public async Task<string?> CreateFloor()
    {
        const string channel = """{"type":"sms","initiated_by":"agent","participants":[{"address":"+13115552368","proxy_address":"+192555512345"}]}""";
        const string routing = """{"properties":{"workspace_sid":"WSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","workflow_sid":"WWaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","queue_sid":"WQaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","worker_sid":"WKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","task_channel_unique_name":"sms"}}""";
        using var content = new FormUrlEncodedContent(new[] { new KeyValuePair<string, string>("Channel", channel), new KeyValuePair<string, string>("Routing", routing) });
        using var response = await _raw.PostAsync("/v1/Interactions", content);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
        return doc.RootElement.GetProperty("sid").GetString();
    }

    [Benchmark, BenchmarkCategory("Create")]
    public async Task<InteractionSid?> CreateGenerated() => (await _client.Interactions.CreateAsync(_create)).Sid;

    // ---- list participants, 3 pages of 50 ----

    [Benchmark(Baseline = true), BenchmarkCategory("List")]
    public async Task<int> ListFloor()
    {
        int count = 0;
        string? url = ChannelPath + "/Participants?PageSize=50";
        while (url is not null)
        {
            using var response = await _raw.GetAsync(url);
            using var doc = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
            foreach (var p in doc.RootElement.GetProperty("participants").EnumerateArray())
                if (p.GetProperty("sid").GetString() is not null) count++;
            var next = doc.RootElement.GetProperty("meta").GetProperty("next_page_url");
            url = next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        return count;
    }

    [Benchmark, BenchmarkCategory("List")]
    public async Task<int> ListGenerated()
    {
        int count = 0;
        await foreach (var p in _channel.Participants.ListAsync(ListInteractionChannelParticipantRequest.CreateBuilder().WithPageSize(50).Build()))
            if (p.Sid is not null) count++;
        return count;
    }

    /// <summary>Answers from bytes made once: a channel, an interaction, and three pages of 50 participants.</summary>
    private sealed class CannedHandler : HttpMessageHandler
    {
        private const string Self = Api + ChannelPath;

        private static readonly byte[] Channel = Encoding.UTF8.GetBytes(
            "{\"sid\":\"" + Uo + "\",\"interaction_sid\":\"" + Kd + "\",\"type\":\"sms\",\"status\":\"closed\",\"error_code\":null,\"error_message\":null," +
            "\"url\":\"" + Self + "\",\"links\":{\"participants\":\"" + Self + "/Participants\",\"invites\":\"" + Self + "/Invites\"}}");

        private static readonly byte[] Interaction = Encoding.UTF8.GetBytes(
            "{\"sid\":\"" + Kd + "\",\"channel\":{\"type\":\"sms\",\"sid\":\"" + Uo + "\"},\"routing\":{\"reservation\":null,\"properties\":{" +
            "\"workspace_sid\":\"WSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"queue_sid\":\"WQaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"worker_sid\":\"WKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"," +
            "\"sid\":\"WTaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"assignment_status\":\"pending\"}},\"interaction_context_sid\":null," +
            "\"url\":\"" + Api + "/v1/Interactions/" + Kd + "\",\"links\":{\"channels\":\"" + Api + "/v1/Interactions/" + Kd + "/Channels\"}}");

        private static readonly byte[][] Pages = Enumerable.Range(0, 3).Select(page =>
        {
            string items = string.Join(",", Enumerable.Range(0, 50).Select(i =>
            {
                string sid = "UT" + page.ToString("x2") + i.ToString("x30");
                return "{\"sid\":\"" + sid + "\",\"channel_sid\":\"" + Uo + "\",\"interaction_sid\":\"" + Kd + "\",\"type\":\"customer\"," +
                    "\"url\":\"" + Self + "/Participants/" + sid + "\",\"routing_properties\":null}";
            }));
            string list = Self + "/Participants?PageSize=50&Page=";
            string next = page < 2 ? "\"" + list + (page + 1) + "&PageToken=PT" + (page + 1) + "\"" : "null";
            return Encoding.UTF8.GetBytes("{\"participants\":[" + items + "],\"meta\":{\"page\":" + page + ",\"page_size\":50,\"first_page_url\":\"" + list + "0\"," +
                "\"previous_page_url\":null,\"url\":\"" + list + page + "\",\"next_page_url\":" + next + ",\"key\":\"participants\"}}");
        }).ToArray();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            string path = request.RequestUri!.AbsolutePath;
            string query = request.RequestUri.Query;
            byte[] body = path.EndsWith("/Participants", StringComparison.Ordinal) ? Pages[query.Contains("Page=2") ? 2 : query.Contains("Page=1") ? 1 : 0]
                : path == "/v1/Interactions" ? Interaction
                : Channel;
            var response = new HttpResponseMessage(path == "/v1/Interactions" ? HttpStatusCode.Created : HttpStatusCode.OK)
            {
                Content = new ByteArrayContent(body),
                RequestMessage = request,
            };
            response.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return Task.FromResult(response);
        }
    }
}

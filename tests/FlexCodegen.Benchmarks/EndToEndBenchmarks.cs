using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using FlexCodegen.Emulator;
using FlexCodegen.Runtime;
using Twilio;
using Twilio.Flex.V1;

namespace FlexCodegen.Benchmarks;

/// <summary>The generated client against the emulator on loopback vs the floor: a raw HttpClient GET parsed with JsonDocument.</summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class EndToEndBenchmarks
{
    private FlexEmulator _emulator = null!;
    private FlexClient _client = null!;
    private HttpClient _raw = null!;
    private InteractionChannelResource _channel = null!;
    private InteractionChannelInviteCollection _invites = null!;
    private Uri _channelUrl = null!, _invitesUrl = null!;
    private ListInteractionChannelInviteRequest _pageOfTwo = null!;

    // Synchronous on purpose: the in-process toolchain does not await an async [GlobalSetup].
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        _emulator = await FlexEmulator.StartAsync(new FlexEmulatorOptions { SetupDuration = TimeSpan.Zero });
        _client = new FlexClient(new TwilioClientOptions { AccountSid = _emulator.AccountSid, AuthToken = _emulator.AuthToken, BaseAddress = _emulator.BaseAddress });
        var routing = new InteractionRouting { Properties = new InteractionRoutingProperties { WorkspaceSid = WorkspaceSid.Parse("WS" + new string('a', 32)) } };
        var interaction = await _client.Interactions.CreateAsync(CreateInteractionRequest.CreateBuilder()
            .WithChannel(new InteractionChannelSpec { Type = InteractionChannelType.Sms, InitiatedBy = InteractionInitiatedBy.Api, Participants = new[] { new InteractionParticipantSpec { Address = "+1", ProxyAddress = "+2" } } })
            .WithRouting(routing).Build());
        _channel = _client.Interactions[interaction.Sid!.Value].Channels[interaction.Channel!.Sid!.Value];
        _invites = _channel.Invites;
        for (int i = 0; i < 6; i++)
            await _invites.CreateAsync(CreateInteractionChannelInviteRequest.CreateBuilder().WithRouting(routing).Build());
        _pageOfTwo = ListInteractionChannelInviteRequest.CreateBuilder().WithPageSize(2).Build();

        _raw = new HttpClient();
        _raw.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(_emulator.AccountSid + ":" + _emulator.AuthToken)));
        _channelUrl = new Uri(_emulator.BaseAddress, _channel.Path);
        _invitesUrl = new Uri(_emulator.BaseAddress, _invites.Path + "?PageSize=2");
    }

    private async Task CleanupAsync()
    {
        _client.Dispose();
        _raw.Dispose();
        await _emulator.DisposeAsync();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Fetch")]
    public async Task<string?> FetchFloorRawHttpClient()
    {
        using var response = await _raw.GetAsync(_channelUrl);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
        return doc.RootElement.GetProperty("sid").GetString();
    }

    [Benchmark, BenchmarkCategory("Fetch")]
    public async Task<InteractionChannelSid?> FetchGenerated() => (await _channel.FetchAsync()).Sid;

    [Benchmark(Baseline = true), BenchmarkCategory("List")]
    public async Task<int> ListThreePagesFloorRawHttpClient()
    {
        int count = 0;
        Uri? next = _invitesUrl;
        while (next is not null)
        {
            using var response = await _raw.GetAsync(next);
            using var doc = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
            count += doc.RootElement.GetProperty("invites").GetArrayLength();
            var meta = doc.RootElement.GetProperty("meta").GetProperty("next_page_url");
            next = meta.ValueKind == JsonValueKind.String ? new Uri(meta.GetString()!) : null;
        }
        return count;
    }

    [Benchmark, BenchmarkCategory("List")]
    public async Task<int> ListThreePagesGenerated()
    {
        int count = 0;
        await foreach (var _ in _invites.ListAsync(_pageOfTwo)) count++;
        return count;
    }
}

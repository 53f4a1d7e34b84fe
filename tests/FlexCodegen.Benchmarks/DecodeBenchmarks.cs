using System.Linq;
using System.Text;
using BenchmarkDotNet.Attributes;
using FlexCodegen.Runtime;
using Twilio;
using Twilio.Flex.V1;

namespace FlexCodegen.Benchmarks;

/// <summary>Reading response bodies: the generated UTF-8 readers vs reflection-based System.Text.Json and Newtonsoft (Twilio's library's way).</summary>
[MemoryDiagnoser]
public class DecodeChannelBenchmarks
{
    private const string Kd = "KDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", Uo = "UOaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1";

    internal static readonly string ChannelJson =
        $$$"""{"sid":"{{{Uo}}}","interaction_sid":"{{{Kd}}}","type":"sms","status":"active","error_code":null,"error_message":null,"url":"https://flex-api.twilio.com/v1/Interactions/{{{Kd}}}/Channels/{{{Uo}}}","links":{"participants":"https://flex-api.twilio.com/v1/Interactions/{{{Kd}}}/Channels/{{{Uo}}}/Participants","invites":"https://flex-api.twilio.com/v1/Interactions/{{{Kd}}}/Channels/{{{Uo}}}/Invites","transfers":"https://flex-api.twilio.com/v1/Interactions/{{{Kd}}}/Channels/{{{Uo}}}/Transfers"}}""";

    private readonly byte[] _utf8 = Encoding.UTF8.GetBytes(ChannelJson);

    [Benchmark(Baseline = true)]
    public PlainChannel? Newtonsoft() => global::Newtonsoft.Json.JsonConvert.DeserializeObject<PlainChannel>(Encoding.UTF8.GetString(_utf8));

    [Benchmark]
    public PlainChannel? SystemTextJsonReflection() => System.Text.Json.JsonSerializer.Deserialize<PlainChannel>(_utf8);

    [Benchmark]
    public InteractionChannel Generated() => InteractionChannel.Parse(_utf8);
}

[MemoryDiagnoser]
public class DecodeParticipantPageBenchmarks
{
    private readonly byte[] _utf8;
    private static readonly JsonValueReader<Page<InteractionChannelParticipant>> ReadPage = Page<InteractionChannelParticipant>.Reader("participants", InteractionChannelParticipant.Read);

    public DecodeParticipantPageBenchmarks()
    {
        string item(int i) => $$$"""{"sid":"UT{{{i:x32}}}","type":"agent","interaction_sid":"KDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","channel_sid":"UOaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1","url":"https://flex-api.twilio.com/v1/Interactions/KDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Channels/UOaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1/Participants/UT{{{i:x32}}}","routing_properties":{"task_sid":"WTaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","worker_sid":"WKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","reservation_sid":"WRaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}}""";
        string json = $$$"""{"participants":[{{{string.Join(",", Enumerable.Range(0, 50).Select(item))}}}],"meta":{"page":0,"page_size":50,"next_page_url":"https://flex-api.twilio.com/v1/x?Page=1","key":"participants"}}""";
        _utf8 = Encoding.UTF8.GetBytes(json);
    }

    [Benchmark(Baseline = true)]
    public PlainParticipantPage? Newtonsoft() => global::Newtonsoft.Json.JsonConvert.DeserializeObject<PlainParticipantPage>(Encoding.UTF8.GetString(_utf8));

    [Benchmark]
    public PlainParticipantPage? SystemTextJsonReflection() => System.Text.Json.JsonSerializer.Deserialize<PlainParticipantPage>(_utf8);

    [Benchmark]
    public Page<InteractionChannelParticipant> Generated() => TwilioJson.Parse(_utf8, ReadPage);
}

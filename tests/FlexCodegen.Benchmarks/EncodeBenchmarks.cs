using System.Collections.Generic;
using System.Net.Http;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Twilio;
using Twilio.Flex.V1;

namespace FlexCodegen.Benchmarks;

/// <summary>A CreateInteraction form body with JSON-valued Channel and Routing.</summary>
[MemoryDiagnoser]
public class EncodeBenchmarks
{
    private readonly CreateInteractionRequest _request = CreateInteractionRequest.CreateBuilder()
        .WithChannel(new InteractionChannelSpec
        {
            Type = InteractionChannelType.Sms,
            InitiatedBy = InteractionInitiatedBy.Agent,
            Participants = new[] { new InteractionParticipantSpec { Address = "+13115552368", ProxyAddress = "+14155559999" } },
        })
        .WithRouting(new InteractionRouting
        {
            Properties = new InteractionRoutingProperties
            {
                WorkspaceSid = WorkspaceSid.Parse("WSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
                WorkflowSid = WorkflowSid.Parse("WWaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
                QueueSid = TaskQueueSid.Parse("WQaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
                WorkerSid = WorkerSid.Parse("WKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
                TaskChannelUniqueName = "sms",
            },
        })
        .Build();

    [Benchmark(Baseline = true)]
    public Task<byte[]> FormUrlEncodedContentWithJsonSerializer()
    {
        var channel = new Dictionary<string, object>
        {
            ["type"] = "sms",
            ["initiated_by"] = "agent",
            ["participants"] = new[] { new Dictionary<string, string> { ["address"] = "+13115552368", ["proxy_address"] = "+14155559999" } },
        };
        var routing = new Dictionary<string, object>
        {
            ["properties"] = new Dictionary<string, string>
            {
                ["workspace_sid"] = "WSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                ["workflow_sid"] = "WWaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                ["queue_sid"] = "WQaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                ["worker_sid"] = "WKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                ["task_channel_unique_name"] = "sms",
            },
        };
        var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Channel"] = System.Text.Json.JsonSerializer.Serialize(channel),
            ["Routing"] = System.Text.Json.JsonSerializer.Serialize(routing),
        });
        return content.ReadAsByteArrayAsync();
    }

    [Benchmark]
    public Task<byte[]> Generated() => _request.ToContent()!.ReadAsByteArrayAsync();
}

using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using FlexCodegen.Runtime;
using Twilio;
using Twilio.Flex.V1;
using Xunit;

namespace FlexCodegen.Client.Tests;

/// <summary>
/// The rules Twilio's Interactions docs state but the spec omits (specs/twilio_flex_v1.overlay.json): each broken rule
/// is rejected before any HTTP call, the nearest valid request goes through, and the seeds' examples are typed objects.
/// </summary>
public class DocumentedRulesTests
{
    private const string Ws = "WSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", Ww = "WWaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", Wq = "WQaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", Wk = "WKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", Ch = "CHaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    private static InteractionRouting Routing(bool withAgent = false) => new()
    {
        Properties = new InteractionRoutingProperties
        {
            WorkspaceSid = WorkspaceSid.Parse(Ws),
            WorkflowSid = WorkflowSid.Parse(Ww),
            TaskChannelUniqueName = "sms",
            QueueSid = withAgent ? TaskQueueSid.Parse(Wq) : null,
            WorkerSid = withAgent ? WorkerSid.Parse(Wk) : null,
        },
    };

    private static InteractionParticipantSpec[] SmsParticipant => new[] { new InteractionParticipantSpec { Address = "+13115552368", ProxyAddress = "+14155559999" } };

    /// <summary>Sends the request's builder through the client; returns what the server saw.</summary>
    private static async Task<(LoopbackServer Server, Exception? Error)> Send(Func<CreateInteractionRequest> build)
    {
        var server = await LoopbackServer.StartAsync((ctx, _) => LoopbackServer.Json(ctx, 201, """{"sid":"KDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}"""));
        using var client = new FlexClient(server.Options());
        try
        {
            await client.Interactions.CreateAsync(build());
            return (server, null);
        }
        catch (RequestValidationException ex)
        {
            return (server, ex);
        }
    }

    private static async Task AssertRejected(Func<CreateInteractionRequest> build, string field, string rule)
    {
        var (server, error) = await Send(build);
        await using (server)
        {
            var ex = Assert.IsType<RequestValidationException>(error);
            Assert.Contains(ex.Violations, v => v.Field == field && v.Rule.Contains(rule));
            Assert.Equal(0, server.Count); // nothing reached the server
        }
    }

    private static async Task<JsonObject> AssertSent(Func<CreateInteractionRequest> build)
    {
        var (server, error) = await Send(build);
        await using (server)
        {
            Assert.Null(error);
            var body = Assert.Single(server.Requests).Body;
            var form = System.Web.HttpUtility.ParseQueryString(body);
            var result = new JsonObject();
            foreach (string key in form.AllKeys!) result[key] = JsonNode.Parse(form[key]!);
            return result;
        }
    }

    [Fact]
    public async Task Customer_initiated_needs_the_conversation_sid()
    {
        await AssertRejected(() => CreateInteractionRequest.CreateBuilder()
            .WithChannel(new InteractionChannelSpec { Type = InteractionChannelType.Sms, InitiatedBy = InteractionInitiatedBy.Customer })
            .WithRouting(Routing()).Build(),
            "Channel.properties.media_channel_sid", "initiated_by=customer requires Channel.properties.media_channel_sid");

        var sent = await AssertSent(() => CreateInteractionRequest.CreateBuilder()
            .WithChannel(new InteractionChannelSpec { Type = InteractionChannelType.Sms, InitiatedBy = InteractionInitiatedBy.Customer, Properties = new InteractionChannelProperties { MediaChannelSid = ConversationSid.Parse(Ch) } })
            .WithRouting(Routing()).Build());
        AssertJson("""{"type":"sms","initiated_by":"customer","properties":{"media_channel_sid":"CHaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}}""", sent["Channel"]);
    }

    [Fact]
    public async Task Agent_initiated_needs_participants()
    {
        await AssertRejected(() => CreateInteractionRequest.CreateBuilder()
            .WithChannel(new InteractionChannelSpec { Type = InteractionChannelType.Sms, InitiatedBy = InteractionInitiatedBy.Agent })
            .WithRouting(Routing(withAgent: true)).Build(),
            "Channel.participants", "initiated_by=agent requires Channel.participants");
    }

    [Fact]
    public async Task Agent_initiated_needs_queue_and_worker()
    {
        var channel = new InteractionChannelSpec { Type = InteractionChannelType.Sms, InitiatedBy = InteractionInitiatedBy.Agent, Participants = SmsParticipant };
        await AssertRejected(() => CreateInteractionRequest.CreateBuilder().WithChannel(channel).WithRouting(Routing()).Build(),
            "Routing.properties.queue_sid", "initiated_by=agent requires Routing.properties.queue_sid and Routing.properties.worker_sid");
        await AssertRejected(() => CreateInteractionRequest.CreateBuilder().WithChannel(channel).WithRouting(Routing()).Build(),
            "Routing.properties.worker_sid", "initiated_by=agent requires");

        // The seeds' outbound agent SMS.
        var sent = await AssertSent(() => CreateInteractionRequest.CreateBuilder().WithChannel(channel).WithRouting(Routing(withAgent: true)).Build());
        AssertJson("""{"type":"sms","initiated_by":"agent","participants":[{"address":"+13115552368","proxy_address":"+14155559999"}]}""", sent["Channel"]);
        AssertJson("{\"properties\":{\"workspace_sid\":\"" + Ws + "\",\"workflow_sid\":\"" + Ww + "\",\"task_channel_unique_name\":\"sms\",\"queue_sid\":\"" + Wq + "\",\"worker_sid\":\"" + Wk + "\"}}", sent["Routing"]);
    }

    [Fact]
    public async Task Email_from_agent_or_api_needs_from_and_from_name()
    {
        static InteractionChannelSpec Email(InteractionChannelProperties? properties = null) => new()
        {
            Type = InteractionChannelType.Email,
            InitiatedBy = InteractionInitiatedBy.Api,
            Properties = properties,
            Participants = new[] { new InteractionParticipantSpec { Level = InteractionParticipantLevel.To, Name = "Ann", Address = "ann@example.com" } },
        };
        var email = Email();
        await AssertRejected(() => CreateInteractionRequest.CreateBuilder().WithChannel(email).WithRouting(Routing()).Build(),
            "Channel.properties.from", "email initiated by agent or api requires");
        await AssertRejected(() => CreateInteractionRequest.CreateBuilder().WithChannel(Email(new InteractionChannelProperties { From = "support@example.com" })).WithRouting(Routing()).Build(),
            "Channel.properties.from_name", "email initiated by agent or api requires");

        var sent = await AssertSent(() => CreateInteractionRequest.CreateBuilder()
            .WithChannel(Email(new InteractionChannelProperties { From = "support@example.com", FromName = "Support" }))
            .WithRouting(Routing()).Build());
        AssertJson("""{"type":"email","initiated_by":"api","properties":{"from":"support@example.com","from_name":"Support"},"participants":[{"level":"to","name":"Ann","address":"ann@example.com"}]}""", sent["Channel"]);
    }

    [Fact]
    public async Task Routing_is_required_unless_the_channel_sid_is_given()
    {
        static InteractionChannelSpec Api(InteractionChannelSid? sid = null) => new() { Type = InteractionChannelType.Sms, InitiatedBy = InteractionInitiatedBy.Api, Participants = SmsParticipant, Sid = sid };
        var api = Api();
        await AssertRejected(() => CreateInteractionRequest.CreateBuilder().WithChannel(api).Build(),
            "Routing", "Routing is required unless Channel.sid is given");

        var sent = await AssertSent(() => CreateInteractionRequest.CreateBuilder()
            .WithChannel(Api(InteractionChannelSid.Parse("UOaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"))).Build());
        Assert.False(sent.ContainsKey("Routing"));

        // The seeds' API-initiated SMS.
        sent = await AssertSent(() => CreateInteractionRequest.CreateBuilder().WithChannel(api).WithRouting(Routing()).Build());
        AssertJson("""{"type":"sms","initiated_by":"api","participants":[{"address":"+13115552368","proxy_address":"+14155559999"}]}""", sent["Channel"]);
    }

    [Fact]
    public async Task Nested_required_fields_and_ids_are_checked()
    {
        await AssertRejected(() => CreateInteractionRequest.CreateBuilder()
            .WithChannel(new InteractionChannelSpec { Type = InteractionChannelType.Sms, InitiatedBy = InteractionInitiatedBy.Api, Participants = SmsParticipant })
            .WithRouting(new InteractionRouting { Properties = new InteractionRoutingProperties { WorkflowSid = WorkflowSid.Parse(Ww) } }).Build(),
            "Routing.properties.workspace_sid", "required");
        await AssertRejected(() => CreateInteractionRequest.CreateBuilder()
            .WithChannel(new InteractionChannelSpec { InitiatedBy = InteractionInitiatedBy.Api })
            .WithRouting(Routing()).Build(),
            "Channel.type", "required");
    }

    [Fact]
    public void Inactive_needs_routing_status_closed()
    {
        var ex = Assert.Throws<RequestValidationException>(() => UpdateInteractionChannelRequest.CreateBuilder()
            .WithStatus(InteractionChannelUpdateChannelStatus.Inactive).Build());
        Assert.Contains("Routing.status: breaks the rule \"Status=inactive requires Routing.status=closed\"", ex.Message);

        var ok = UpdateInteractionChannelRequest.CreateBuilder()
            .WithStatus(InteractionChannelUpdateChannelStatus.Inactive)
            .WithRouting(new InteractionRoutingUpdate { Status = InteractionRoutingStatus.Closed }).Build();
        Assert.Equal(InteractionRoutingStatus.Closed, ok.Routing!.Status);

        // Closing without routing stays valid: tasks go to wrapping.
        UpdateInteractionChannelRequest.CreateBuilder().WithStatus(InteractionChannelUpdateChannelStatus.Closed).Build();
    }

    [Fact]
    public void The_documented_interaction_response_reads_into_typed_channel_and_routing_and_keeps_unknown_fields()
    {
        const string seed = """
            {"sid": "KDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","channel": {"type": "sms","sid": "UOaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
             "routing": {"reservation": null,"properties": {"date_updated": 1634845217,"workflow_name": "Default Fifo Workflow","task_channel_unique_name": "default",
               "priority": 0,"sid": "WTaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","workflow_sid": "WWaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
               "attributes": "{\"customerAddress\":\"customer phone address\"}","task_channel_sid": "TCaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
               "workspace_sid": "WSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","timeout": 86400,"queue_sid": "WQaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}},
             "interaction_context_sid": null,"url": "https://flex-api.twilio.com/v1/Interactions/KDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
             "links": {"channels": "https://flex-api.twilio.com/v1/Interactions/KDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Channels"}}
            """;
        var interaction = Interaction.Parse(seed);
        Assert.Equal(InteractionChannelType.Sms, interaction.Channel!.Type);
        Assert.Equal(InteractionChannelSid.Parse("UOaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), interaction.Channel.Sid);
        Assert.Equal(WorkspaceSid.Parse(Ws), interaction.Routing!.Properties!.WorkspaceSid);
        Assert.Equal(86400, interaction.Routing.Properties.Timeout);
        Assert.Equal("Default Fifo Workflow", interaction.Routing.Properties.AdditionalProperties!["workflow_name"].GetString());
        Assert.True(interaction.Routing.AdditionalProperties!.ContainsKey("reservation"));
        // Nothing lost on the way back out; known fields that were null are left out when written.
        var expected = JsonNode.Parse(seed)!.AsObject();
        expected.Remove("interaction_context_sid");
        AssertJson(expected.ToJsonString(), JsonNode.Parse(interaction.ToString()));
    }

    [Fact]
    public void Participant_routing_properties_are_typed()
    {
        var p = InteractionChannelParticipant.Parse("""{"sid":"UTaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","type":"agent","routing_properties":{"task_sid":"WTaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","worker_sid":"WKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","reservation_sid":"WRaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}}""");
        Assert.Equal(ReservationSid.Parse("WRaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), p.RoutingProperties!.ReservationSid);
        Assert.Equal(TaskSid.Parse("WTaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), p.RoutingProperties.TaskSid);
    }

    private static void AssertJson(string expected, JsonNode? actual)
    {
        var e = JsonNode.Parse(expected);
        Assert.True(JsonNode.DeepEquals(e, actual), $"expected {e!.ToJsonString()}\n but got {actual?.ToJsonString()}");
    }
}

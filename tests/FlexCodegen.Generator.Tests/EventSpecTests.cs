using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Xunit;

namespace FlexCodegen.Generator.Tests;

/// <summary>
/// The bundled event specs (specs/twilio_taskrouter_events_v1.json, specs/twilio_conversations_events_v1.json): they
/// generate cleanly alone and beside the REST specs, and the payloads read what Twilio's docs show Twilio sending.
/// </summary>
public class EventSpecTests
{
    private static InputFile RepoSpec(string name) => GeneratorHarness.Spec(Path.Combine(GeneratorHarness.RepoRoot, "specs", name));

    private static InputFile[] AllFive() =>
        GeneratorHarness.FlexWithOverlay()
            .Append(RepoSpec("twilio_taskrouter_v1.json")).Append(RepoSpec("twilio_conversations_v1.json"))
            .Append(RepoSpec("twilio_taskrouter_events_v1.json")).Append(RepoSpec("twilio_conversations_events_v1.json"))
            .ToArray();

    /// <summary>Generates <paramref name="files"/> into a compilation with <paramref name="probe"/>, loads it, and runs <c>Probe.Run()</c>.</summary>
    private static string RunProbe(string probe, string context, params InputFile[] files)
    {
        var compilation = GeneratorHarness.Compilation(probe);
        GeneratorHarness.Driver(files).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        Assert.DoesNotContain(diagnostics, d => d.Severity >= DiagnosticSeverity.Warning);
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
        var assembly = GeneratorHarness.Load(output, context);
        return (string)assembly.GetType("Probe")!.GetMethod("Run")!.Invoke(null, null)!;
    }

    [Theory]
    [InlineData("twilio_taskrouter_events_v1.json", "Twilio.Taskrouter.Events.V1", "TaskrouterEvent", "TaskrouterEventTypes")]
    [InlineData("twilio_conversations_events_v1.json", "Twilio.Conversations.Events.V1", "MessageAddedEvent", "ConversationsEventTypes")]
    public void A_bundled_event_spec_generates_without_warnings_compiles_and_has_no_client(string file, string ns, string payload, string catalogue)
    {
        var output = GeneratorHarness.Run(RepoSpec(file));

        Assert.Empty(output.GeneratorDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        var problems = output.CompileProblems();
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(30)));
        Assert.NotNull(output.Compilation.GetTypeByMetadataName(ns + "." + payload));
        Assert.NotNull(output.Compilation.GetTypeByMetadataName(ns + "." + catalogue));
        Assert.DoesNotContain(output.Files.Keys, k => k.EndsWith("Client.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void The_event_specs_and_the_REST_specs_compile_together_with_every_namespace_imported()
    {
        // What an app that calls Twilio and receives its events writes: all five namespaces at once, and the types it
        // touches named without qualification (a type declared twice would be CS0101, one that is also in a referenced
        // assembly CS0436, one in two imported namespaces CS0104).
        const string app = """
            using Twilio;
            using Twilio.Flex.V1;
            using Twilio.Taskrouter.V1;
            using Twilio.Conversations.V1;
            using Twilio.Taskrouter.Events.V1;
            using Twilio.Conversations.Events.V1;

            internal static class App
            {
                public static string Describe(TaskrouterEvent e, MessageAddedEvent m, TaskrouterTask task, Conversation conversation, Interaction interaction)
                {
                    TaskSid? fromEvent = e.TaskSid;
                    TaskSid? fromTask = task.Sid;
                    ConversationSid? fromMessage = m.ConversationSid;
                    ConversationSid? fromConversation = conversation.Sid;
                    InteractionSid? fromAttributes = FlexTaskAttributes.Parse(e.TaskAttributes ?? "{}").FlexInteractionSid;
                    InteractionSid? fromFlex = interaction.Sid;
                    return e.EventType?.ToString() switch
                    {
                        TaskrouterEventTypes.TaskCompleted => "completed",
                        _ => m.EventType?.ToString() == ConversationsEventTypes.OnMessageAdded ? "message" : "other",
                    };
                }
            }
            """;
        var compilation = GeneratorHarness.Compilation(app);
        GeneratorHarness.Driver(AllFive()).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);

        Assert.DoesNotContain(diagnostics, d => d.Severity >= DiagnosticSeverity.Warning);
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(30)));
        // The event specs' ids are the runtime's shared ones, not types of their own.
        Assert.Equal("FlexCodegen.Runtime", output.GetTypeByMetadataName("Twilio.EventSid")!.ContainingAssembly.Name);
        Assert.Null(output.GetTypeByMetadataName("Twilio.Taskrouter.Events.V1.TaskSid"));
    }

    // The Interactions resource's documented answer (Twilio's Flex docs, "Interactions Resource"; the seed text in
    // shared/seeds/interactions.txt): the task Flex created for an inbound SMS, its routing properties and attributes.
    private const string DocTaskAttributes =
        "{\"customerAddress\":\"customer phone address\",\"flexChannelInviteSid\":\"KGaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"conversationSid\":\"CHaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"channelType\":\"sms\",\"customers\":{\"phone\":\"customer phone address\",\"name\":\"customer name\"},\"conversations\":{\"initiated_by\":\"customer\",\"conversation_id\":\"KDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"media\":[{\"type\":\"ChatTranscript\",\"sid\":\"CHaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}]},\"customerName\":\"customer name\",\"flexInteractionChannelSid\":\"UOaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"initiatedBy\":\"customer\",\"flexInteractionSid\":\"KDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"direction\":\"inbound\"}";

    /// <summary>A C# string literal of <paramref name="text"/> for a probe's source.</summary>
    private static string Literal(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    [Fact]
    public void A_task_created_event_from_its_form_fields_reads_typed_and_its_attributes_give_the_interaction()
    {
        // The form TaskRouter posts, as the endpoint hands it on: every value a string. The values are the documented
        // answer's task (workspace, queue, workflow, channel, age, priority, status, its attributes); the names are the
        // TaskRouter Events reference's; TaskTransferSid stands for a field this spec does not describe.
        var form = new Dictionary<string, string>
        {
            ["EventType"] = "task.created",
            ["EventDescription"] = "Task WTaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa created",
            ["Sid"] = "EVaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            ["AccountSid"] = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            ["WorkspaceSid"] = "WSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            ["ResourceType"] = "task",
            ["ResourceSid"] = "WTaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            ["Timestamp"] = "1634845217",
            ["TimestampMs"] = "1634845217000",
            ["TaskSid"] = "WTaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            ["TaskAttributes"] = DocTaskAttributes,
            ["TaskAge"] = "0",
            ["TaskPriority"] = "0",
            ["TaskAssignmentStatus"] = "pending",
            ["TaskChannelSid"] = "TCaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            ["TaskChannelUniqueName"] = "default",
            ["TaskQueueSid"] = "WQaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            ["TaskQueueName"] = "Sample Queue",
            ["TaskDateCreated"] = "1634845217",
            ["WorkflowSid"] = "WWaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            ["WorkflowName"] = "Default Fifo Workflow",
            ["WorkerSid"] = "not a worker",
            ["TaskTransferSid"] = "TTaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        };
        string json = System.Text.Json.JsonSerializer.Serialize(form);
        string probe = $$"""
            using Twilio;
            using Twilio.Taskrouter.Events.V1;
            internal static class Probe
            {
                public static string Run()
                {
                    var e = TaskrouterEvent.Parse({{Literal(json)}});
                    TaskSid task = e.TaskSid!.Value;
                    WorkspaceSid workspace = e.WorkspaceSid!.Value;
                    EventSid id = e.Sid!.Value;
                    long timestamp = e.Timestamp!.Value;
                    bool created = e.EventType == TaskrouterEventType.TaskCreated && e.EventType?.ToString() == TaskrouterEventTypes.TaskCreated;
                    bool pending = e.TaskAssignmentStatus == TaskrouterEventTaskAssignmentStatus.Pending;

                    var a = FlexTaskAttributes.Parse(e.TaskAttributes!);
                    InteractionSid interaction = a.FlexInteractionSid!.Value;
                    InteractionChannelSid channel = a.FlexInteractionChannelSid!.Value;
                    InteractionChannelInviteSid invite = a.FlexChannelInviteSid!.Value;
                    ConversationSid conversation = a.ConversationSid!.Value;

                    var back = TaskrouterEvent.Parse(e.ToString());
                    return string.Join("|", task, workspace, id, timestamp, e.TaskAge, e.TaskPriority, created, pending, e.TaskQueueName, e.WorkflowName,
                        e.WorkerSid is null, e.AdditionalProperties!["WorkerSid"].GetString(), e.AdditionalProperties["TaskTransferSid"].GetString(),
                        interaction, channel, invite, conversation, a.ChannelType == FlexTaskAttributesChannelType.Sms, a.Direction == FlexTaskAttributesDirection.Inbound,
                        a.InitiatedBy == FlexTaskAttributesInitiatedBy.Customer, a.CustomerName, a.Customers!.Phone, a.Conversations!.ConversationId,
                        a.Conversations.Media![0].Type, a.Conversations.Media[0].Sid, a.AdditionalProperties is null,
                        back.ToString() == e.ToString(), back.TaskAttributes == e.TaskAttributes, back.AdditionalProperties!.Count);
                }
            }
            """;

        string result = RunProbe(probe, "taskrouter-event", RepoSpec("twilio_taskrouter_events_v1.json"));

        Assert.Equal(string.Join("|",
            "WTaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "WSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "EVaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "1634845217", "0", "0", "True", "True",
            "Sample Queue", "Default Fifo Workflow", "True", "not a worker", "TTaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "KDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "UOaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "KGaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "CHaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "True", "True", "True", "customer name", "customer phone address", "KDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "ChatTranscript", "CHaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "True",
            "True", "True", "2"), result);
    }

    [Fact]
    public void Unknown_keys_in_the_task_attributes_are_kept_and_written_back()
    {
        const string probe = """
            using Twilio.Taskrouter.Events.V1;
            internal static class Probe
            {
                public static string Run()
                {
                    var a = FlexTaskAttributes.Parse("{\"flexInteractionSid\":\"KDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"crmId\":42,\"channelType\":\"carrier-pigeon\",\"customers\":{\"name\":\"Ada\",\"tier\":\"gold\"}}");
                    return string.Join("|", a.AdditionalProperties!["crmId"].GetInt32(), a.ChannelType!.Value.IsKnown, a.ChannelType, a.Customers!.AdditionalProperties!["tier"].GetString(), a);
                }
            }
            """;

        string result = RunProbe(probe, "flex-attributes", RepoSpec("twilio_taskrouter_events_v1.json"));

        Assert.Equal("42|False|carrier-pigeon|gold|" +
            "{\"channelType\":\"carrier-pigeon\",\"customers\":{\"name\":\"Ada\",\"tier\":\"gold\"},\"flexInteractionSid\":\"KDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"crmId\":42}", result);
    }

    [Fact]
    public void The_attributes_of_a_task_the_TaskRouter_client_fetched_read_as_FlexTaskAttributes()
    {
        // A task as TaskRouter's REST API answers it (the documented answer's routing properties), its attributes a string.
        string task = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["sid"] = "WTaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            ["workspace_sid"] = "WSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            ["assignment_status"] = "pending",
            ["attributes"] = DocTaskAttributes,
            ["age"] = 0,
            ["priority"] = 0,
        });
        string probe = $$"""
            using Twilio;
            using Twilio.Taskrouter.V1;
            using Twilio.Taskrouter.Events.V1;
            internal static class Probe
            {
                public static string Run()
                {
                    var task = TaskrouterTask.Parse({{Literal(task)}});
                    InteractionSid interaction = FlexTaskAttributes.Parse(task.Attributes!).FlexInteractionSid!.Value;
                    return task.Sid + " " + interaction;
                }
            }
            """;

        string result = RunProbe(probe, "rest-task-attributes", RepoSpec("twilio_taskrouter_v1.json"), RepoSpec("twilio_taskrouter_events_v1.json"));

        Assert.Equal("WTaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa KDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", result);
    }

    [Fact]
    public void Conversations_webhooks_read_typed_from_their_form_fields()
    {
        // Values in the form of the Conversations docs' examples (ids of the form CHaaaa…, dates as 2016-03-24T21:05:50Z);
        // the field names are the Conversations webhooks reference's, RetryCount stands for one this spec does not describe.
        const string message = "{\"EventType\":\"onMessageAdded\",\"AccountSid\":\"ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"Source\":\"SDK\",\"ClientIdentity\":\"alice\"," +
            "\"ConversationSid\":\"CHaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"MessageSid\":\"IMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"MessagingServiceSid\":\"MGaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"," +
            "\"Index\":\"0\",\"DateCreated\":\"2016-03-24T21:05:50Z\",\"Body\":\"Hello\",\"Author\":\"alice\",\"ParticipantSid\":\"MBaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"Attributes\":\"{}\",\"RetryCount\":\"0\"}";
        const string state = "{\"EventType\":\"onConversationStateUpdated\",\"ConversationSid\":\"CHaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"ChatServiceSid\":\"ISaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"," +
            "\"StateFrom\":\"active\",\"StateTo\":\"closed\",\"StateUpdated\":\"2016-03-24T21:05:50Z\",\"Reason\":\"API\",\"Source\":\"API\"}";
        string probe = $$"""
            using Twilio;
            using Twilio.Conversations.Events.V1;
            internal static class Probe
            {
                public static string Run()
                {
                    var m = MessageAddedEvent.Parse({{Literal(message)}});
                    ConversationSid conversation = m.ConversationSid!.Value;
                    ConversationMessageSid sid = m.MessageSid!.Value;
                    ParticipantSid author = m.ParticipantSid!.Value;
                    var s = ConversationStateUpdatedEvent.Parse({{Literal(state)}});
                    ChatServiceSid service = s.ChatServiceSid!.Value;
                    return string.Join("|", m.EventType?.ToString() == ConversationsEventTypes.OnMessageAdded, conversation, sid, author, m.Index, m.DateCreated!.Value.ToUnixTimeSeconds(),
                        m.Source == ConversationsEventSource.Sdk, m.AdditionalProperties!["RetryCount"].GetString(),
                        s.EventType == ConversationsEventType.OnConversationStateUpdated, service, s.StateFrom == ConversationsEventState.Active, s.StateTo == ConversationsEventState.Closed, s.Reason,
                        MessageAddedEvent.Parse(m.ToString()).ToString() == m.ToString());
                }
            }
            """;

        string result = RunProbe(probe, "conversations-webhooks", RepoSpec("twilio_conversations_events_v1.json"));

        Assert.Equal("True|CHaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa|IMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa|MBaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa|0|1458853550|True|0|True|ISaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa|True|True|API|True", result);
    }

    [Fact]
    public void Every_constant_of_a_catalogue_is_a_value_of_its_enum_and_every_value_has_one()
    {
        var output = GeneratorHarness.Run(RepoSpec("twilio_taskrouter_events_v1.json"), RepoSpec("twilio_conversations_events_v1.json"));
        var assembly = GeneratorHarness.Load(output.Compilation, "event-catalogues");

        foreach (var (catalogue, enumType, count) in new[] { ("Twilio.Taskrouter.Events.V1.TaskrouterEventTypes", "Twilio.Taskrouter.Events.V1.TaskrouterEventType", 49), ("Twilio.Conversations.Events.V1.ConversationsEventTypes", "Twilio.Conversations.Events.V1.ConversationsEventType", 13) })
        {
            var constants = assembly.GetType(catalogue)!.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();
            var known = ((System.Collections.IEnumerable)assembly.GetType(enumType)!.GetProperty("KnownValues")!.GetValue(null)!).Cast<object>().Select(v => v.ToString()!).ToList();
            Assert.Equal(count, constants.Count);
            Assert.Equal(known, constants);
        }
        Assert.Equal("task.completed", assembly.GetType("Twilio.Taskrouter.Events.V1.TaskrouterEventTypes")!.GetField("TaskCompleted")!.GetRawConstantValue());
        Assert.Equal("worker.channel.availability.update", assembly.GetType("Twilio.Taskrouter.Events.V1.TaskrouterEventTypes")!.GetField("WorkerChannelAvailabilityUpdate")!.GetRawConstantValue());
    }
}

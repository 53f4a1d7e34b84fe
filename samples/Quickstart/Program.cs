// ImplicitUsings is on, as in every `dotnet new` project: System, System.Linq, System.Threading.Tasks (Task,
// TaskStatus) and the rest are in scope beside every generated namespace, and no generated name clashes with them.
using FlexCodegen.Emulator;
using FlexCodegen.Runtime;
using Twilio;
using Twilio.Conversations.V1;
using Twilio.Flex.V1;
using Twilio.Taskrouter.V1;

// The seeds' story: an API-initiated SMS interaction, from creation to a closed channel, against the emulator
// (or, with --live and TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN / FLEX_WORKSPACE_SID set, against real Twilio).
bool live = args.Contains("--live");
FlexEmulator? emulator = null;
EmulatorClock? clock = null;
TwilioClientOptions options;
if (live)
{
    options = new TwilioClientOptions
    {
        AccountSid = Environment.GetEnvironmentVariable("TWILIO_ACCOUNT_SID") ?? throw new InvalidOperationException("--live needs TWILIO_ACCOUNT_SID"),
        AuthToken = Environment.GetEnvironmentVariable("TWILIO_AUTH_TOKEN") ?? throw new InvalidOperationException("--live needs TWILIO_AUTH_TOKEN"),
    };
    Console.WriteLine("Talking to real Twilio (" + FlexClient.DefaultBaseAddress + ").");
}
else
{
    // The emulator's own clock, moved on explicitly below: each state shows however fast or busy the machine is.
    clock = new EmulatorClock(DateTimeOffset.UtcNow);
    emulator = await FlexEmulator.StartAsync(new FlexEmulatorOptions { Clock = clock, SetupDuration = TimeSpan.FromSeconds(1) });
    options = new TwilioClientOptions { AccountSid = emulator.AccountSid, AuthToken = emulator.AuthToken, BaseAddress = emulator.BaseAddress };
    Console.WriteLine($"Started the Flex Interactions emulator on {emulator.BaseAddress} (no Twilio account needed).");
}

var workspace = WorkspaceSid.Parse(Environment.GetEnvironmentVariable("FLEX_WORKSPACE_SID") ?? "WS" + new string('a', 32));
using var client = new FlexClient(options);
// The same credentials reach TaskRouter and Conversations (the emulator serves all three on one address).
using var taskrouter = new TaskrouterClient(options);
using var conversations = new ConversationsClient(options);

try
{
    Step("1. Create an API-initiated SMS interaction");
    var interaction = await client.Interactions.CreateAsync(CreateInteractionRequest.CreateBuilder()
        .WithChannel(new InteractionChannelSpec
        {
            Type = InteractionChannelType.Sms,
            InitiatedBy = InteractionInitiatedBy.Api,
            Participants = new[] { new InteractionParticipantSpec { Address = "+13115552368", ProxyAddress = "+14155559999" } },
        })
        .WithRouting(new InteractionRouting { Properties = new InteractionRoutingProperties { WorkspaceSid = workspace, TaskChannelUniqueName = "sms" } })
        .Build());
    var kd = interaction.Sid!.Value;
    var uo = interaction.Channel!.Sid!.Value;
    // The task the interaction created, typed: a TaskSid the TaskRouter client takes as it is.
    TaskSid taskSid = interaction.Routing!.Properties!.Sid!.Value;
    Console.WriteLine($"   interaction {kd}, channel {uo}, task {taskSid}");
    var task = taskrouter.Workspaces[workspace].Tasks[taskSid];
    var created = await task.FetchAsync();
    Console.WriteLine($"   task {created.Sid} (fetched from TaskRouter): {created.AssignmentStatus}");
    // Flex writes the Conversation the channel is bound to into the task's attributes.
    var conversationSid = ConversationSid.Parse(System.Text.Json.JsonDocument.Parse(created.Attributes ?? "{}").RootElement.GetProperty("conversationSid").GetString()!);
    var conversation = conversations.Conversations[conversationSid.ToString()]; // the API takes a SID or a unique name here
    Console.WriteLine($"   conversation {conversationSid} (fetched from Conversations): {(await conversation.FetchAsync()).State}");

    Step("2. Watch the channel go setup -> active");
    var channel = client.Interactions[kd].Channels[uo];
    for (int i = 0; i < 20; i++)
    {
        var status = (await channel.FetchAsync()).Status;
        Console.WriteLine($"   status: {status}");
        if (status != InteractionChannelStatus.Setup) break;
        if (clock is not null) clock.Advance(TimeSpan.FromSeconds(1)); // the emulator's setup takes a second of its time
        else await Task.Delay(250);
    }

    Step("3. List the channel's participants");
    await foreach (var participant in channel.Participants.ListAsync())
        Console.WriteLine($"   {participant.Sid} ({participant.Type})");

    Step("4. Invite a second agent (a new task on the same channel)");
    var invite = await channel.Invites.CreateAsync(CreateInteractionChannelInviteRequest.CreateBuilder()
        .WithRouting(new InteractionRouting { Properties = new InteractionRoutingProperties { WorkspaceSid = workspace, WorkerSid = WorkerSid.Parse("WK" + new string('b', 32)), QueueSid = TaskQueueSid.Parse("WQ" + new string('c', 32)) } })
        .Build());
    Console.WriteLine($"   invite {invite.Sid}");

    Step("5. Close the channel with Routing.status=closed");
    var closed = await channel.UpdateAsync(UpdateInteractionChannelRequest.CreateBuilder()
        .WithStatus(InteractionChannelUpdateChannelStatus.Closed)
        .WithRouting(new InteractionRoutingUpdate { Status = InteractionRoutingStatus.Closed })
        .Build());
    Console.WriteLine($"   channel status: {closed.Status}");
    Console.WriteLine($"   task {taskSid}: {(await task.FetchAsync()).AssignmentStatus}");
    Console.WriteLine($"   conversation {conversationSid}: {(await conversation.FetchAsync()).State}");

    Step("6. A rule violation is caught before anything is sent");
    try
    {
        UpdateInteractionChannelRequest.CreateBuilder().WithStatus(InteractionChannelUpdateChannelStatus.Inactive).Build();
    }
    catch (RequestValidationException ex)
    {
        Console.WriteLine("   " + ex.Message.Replace("\n", "\n   "));
    }

    Step("7. A 404 from the API");
    try
    {
        await client.Interactions[InteractionSid.Parse("KD" + new string('0', 32))].FetchAsync();
    }
    catch (TwilioApiException ex)
    {
        Console.WriteLine($"   HTTP {(int)ex.Status}, Twilio error {ex.Code}: {ex.TwilioMessage}");
        Console.WriteLine($"   more info: {ex.MoreInfo}");
    }

    Console.WriteLine();
    Console.WriteLine("Done.");
}
finally
{
    if (emulator is not null) await emulator.DisposeAsync();
}

static void Step(string title)
{
    Console.WriteLine();
    Console.WriteLine(title);
}

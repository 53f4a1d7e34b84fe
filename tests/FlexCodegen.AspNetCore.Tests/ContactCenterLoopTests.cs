using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FlexCodegen.ContactCenter;
using FlexCodegen.Emulator;
using FlexCodegen.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Twilio;
using Twilio.Conversations.V1;
using Twilio.Flex.V1;
using Twilio.Taskrouter.V1;
using Xunit;

namespace FlexCodegen.AspNetCore.Tests;

/// <summary>
/// The loop Twilio's Interactions docs ask every user to close, end to end over real HTTP on loopback: the sample app
/// (samples/ContactCenter) and the emulator. An interaction is created, its task accepted and completed through the
/// TaskRouter client; the emulator posts the signed <c>task.completed</c> to the app's events endpoint, and the app closes
/// the interaction channel, which ends the Conversation. Nothing in the test forges an event.
/// </summary>
public class ContactCenterLoopTests
{
    private static readonly WorkspaceSid Workspace = WorkspaceSid.Parse("WS" + new string('a', 32));

    [Fact]
    public async Task A_task_completed_through_TaskRouter_closes_its_channel_through_the_sample_app_and_the_conversation_ends_closed()
    {
        var clock = new EmulatorClock(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));
        await using var emu = await FlexEmulator.StartAsync(new FlexEmulatorOptions { Clock = clock });
        var app = ContactCenterApp.Build(Array.Empty<string>(), builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Twilio:AccountSid"] = emu.AccountSid,
                ["Twilio:AuthToken"] = emu.AuthToken,
                ["Twilio:BaseAddress"] = emu.BaseAddress.ToString(),
            });
        });
        await app.StartAsync();
        try
        {
            var options = new TwilioClientOptions { AccountSid = emu.AccountSid, AuthToken = emu.AuthToken, BaseAddress = emu.BaseAddress };
            using var flex = new FlexClient(options);
            using var taskrouter = new TaskrouterClient(options);
            using var conversations = new ConversationsClient(options);

            var interaction = await flex.Interactions.CreateAsync(CreateInteractionRequest.CreateBuilder()
                .WithChannel(new InteractionChannelSpec
                {
                    Type = InteractionChannelType.Sms,
                    InitiatedBy = InteractionInitiatedBy.Api,
                    Participants = new[] { new InteractionParticipantSpec { Address = "+13115552368", ProxyAddress = "+14155559999" } },
                })
                .WithRouting(new InteractionRouting { Properties = new InteractionRoutingProperties { WorkspaceSid = Workspace, TaskChannelUniqueName = "sms" } })
                .Build());
            var channel = flex.Interactions[interaction.Sid!.Value].Channels[interaction.Channel!.Sid!.Value];
            TaskSid taskSid = interaction.Routing!.Properties!.Sid!.Value;
            var conversationSid = Twilio.Taskrouter.Events.V1.FlexTaskAttributes.Parse((await taskrouter.Workspaces[Workspace].Tasks[taskSid].FetchAsync()).Attributes!).ConversationSid!.Value;
            clock.Advance(TimeSpan.FromSeconds(1)); // the channel's setup is over: active

            // As Twilio sets it: the workspace's EventCallbackUrl, pointed at the app.
            var events = new Uri(new Uri(app.Urls.First()), ContactCenterApp.EventsPath);
            await taskrouter.Workspaces[Workspace].UpdateAsync(UpdateWorkspaceRequest.CreateBuilder().WithEventCallbackUrl(events).Build());

            emu.AcceptReservation(taskSid.ToString());                  // an agent accepts the task
            await taskrouter.Workspaces[Workspace].Tasks[taskSid].UpdateAsync(UpdateTaskRequest.CreateBuilder()
                .WithAssignmentStatus(TaskrouterTaskStatus.Completed).WithReason("resolved").Build());

            using var wait = new CancellationTokenSource(TimeSpan.FromMinutes(2)); // a safety net against a hang, not a timing
            var delivered = await emu.WaitForDeliveryAsync("task.completed", d => d.Succeeded || !d.WillRetry, wait.Token);

            Assert.Equal(204, delivered.StatusCode);                    // signed by the emulator, checked and handled by the app
            Assert.Equal(InteractionChannelStatus.Closed, (await channel.FetchAsync()).Status);
            Assert.Equal(ConversationState.Closed, (await conversations.Conversations[conversationSid.ToString()].FetchAsync()).State);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using FlexCodegen.Emulator;
using FlexCodegen.Runtime;
using Twilio;
using Twilio.Flex.V1;
using Xunit;

namespace FlexCodegen.Client.Tests;

/// <summary>The generated client against the emulator over loopback HTTP: every Interactions operation and the documented behaviour.</summary>
public class EmulatorEndToEndTests
{
    private const string Ws = "WSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", Wq = "WQaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", Wk = "WKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    private static async Task<(FlexEmulator Emu, FlexClient Client, EmulatorClock Clock)> Start(int maxRetries = 0)
    {
        var clock = new EmulatorClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var emu = await FlexEmulator.StartAsync(new FlexEmulatorOptions { Clock = clock, SetupDuration = TimeSpan.FromSeconds(1) });
        var client = new FlexClient(new TwilioClientOptions
        {
            AccountSid = emu.AccountSid,
            AuthToken = emu.AuthToken,
            BaseAddress = emu.BaseAddress,
            Retry = new RetryOptions { MaxRetries = maxRetries },
        });
        return (emu, client, clock);
    }

    private static InteractionChannelSpec ApiSms() => new()
    {
        Type = InteractionChannelType.Sms,
        InitiatedBy = InteractionInitiatedBy.Api,
        Participants = new[] { new InteractionParticipantSpec { Address = "+13115552368", ProxyAddress = "+14155559999" } },
    };

    private static InteractionRouting Routing(bool agent = false) => new()
    {
        Properties = new InteractionRoutingProperties
        {
            WorkspaceSid = WorkspaceSid.Parse(Ws),
            TaskChannelUniqueName = "sms",
            QueueSid = agent ? TaskQueueSid.Parse(Wq) : null,
            WorkerSid = agent ? WorkerSid.Parse(Wk) : null,
        },
    };

    private static CreateInteractionRequest ApiInteraction() =>
        CreateInteractionRequest.CreateBuilder().WithChannel(ApiSms()).WithRouting(Routing()).Build();

    [Fact]
    public async Task Every_interactions_operation_works_through_the_typed_tree()
    {
        var (emu, client, clock) = await Start();
        await using var _ = emu;
        using var __ = client;

        var interaction = await client.Interactions.CreateAsync(ApiInteraction());                                  // CreateInteraction
        var kd = interaction.Sid!.Value;
        var uo = interaction.Channel!.Sid!.Value;
        Assert.Equal(kd, (await client.Interactions[kd].FetchAsync()).Sid);                                          // FetchInteraction
        var updated = await client.Interactions[kd].UpdateAsync(UpdateInteractionRequest.CreateBuilder().WithWebhookTtid("flex_interactionwebhook_1").Build()); // UpdateInteraction
        Assert.Equal("flex_interactionwebhook_1", updated.WebhookTtid);

        var channels = client.Interactions[kd].Channels;
        Assert.Equal(uo, (await channels.ListAsync().ToListAsync()).Single().Sid);                                   // ListInteractionChannel
        Assert.Equal(InteractionChannelStatus.Setup, (await channels[uo].FetchAsync()).Status);                    // FetchInteractionChannel

        var channel = channels[uo];
        var invite = await channel.Invites.CreateAsync(CreateInteractionChannelInviteRequest.CreateBuilder().WithRouting(Routing(agent: true)).Build()); // CreateInteractionChannelInvite
        Assert.Equal(invite.Sid, (await channel.Invites.ListAsync().ToListAsync()).Single().Sid);                  // ListInteractionChannelInvite

        var participant = await channel.Participants.CreateAsync(CreateInteractionChannelParticipantRequest.CreateBuilder()  // CreateInteractionChannelParticipant
            .WithType(InteractionChannelParticipantType.Agent)
            .WithMediaProperties(new InteractionParticipantSpec { Identity = "agent-ann" })
            .WithRoutingProperties(new InteractionRoutingProperties { WorkspaceSid = WorkspaceSid.Parse(Ws), WorkerSid = WorkerSid.Parse(Wk) })
            .Build());
        var participants = await channel.Participants.ListAsync().ToListAsync();                                     // ListInteractionChannelParticipant
        Assert.Contains(participants, p => p.Sid == participant.Sid);
        var closedParticipant = await channel.Participants[participant.Sid!.Value].UpdateAsync(                     // UpdateInteractionChannelParticipant
            UpdateInteractionChannelParticipantRequest.CreateBuilder().WithStatus(InteractionChannelParticipantStatus.Wrapup).Build());
        Assert.Equal(participant.Sid, closedParticipant.Sid);

        var transfer = await channel.Transfers.CreateAsync();                                                        // CreateInteractionTransfer
        Assert.Equal(InteractionTransferStatus.Active, (await channel.Transfers[transfer.Sid!.Value].FetchAsync()).Status); // FetchInteractionTransfer
        Assert.Equal(InteractionTransferStatus.Completed, (await channel.Transfers[transfer.Sid.Value].UpdateAsync()).Status); // UpdateInteractionTransfer

        clock.Advance(TimeSpan.FromSeconds(2));
        var closed = await channel.UpdateAsync(UpdateInteractionChannelRequest.CreateBuilder()                        // UpdateInteractionChannel
            .WithStatus(InteractionChannelUpdateChannelStatus.Closed).Build());
        Assert.Equal(InteractionChannelStatus.Closed, closed.Status);
    }

    [Fact]
    public async Task A_new_channel_goes_from_setup_to_active()
    {
        var (emu, client, clock) = await Start();
        await using var _ = emu;
        using var __ = client;
        var interaction = await client.Interactions.CreateAsync(ApiInteraction());
        var channel = client.Interactions[interaction.Sid!.Value].Channels[interaction.Channel!.Sid!.Value];

        Assert.Equal(InteractionChannelStatus.Setup, (await channel.FetchAsync()).Status);
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(InteractionChannelStatus.Active, (await channel.FetchAsync()).Status);
    }

    [Fact]
    public async Task A_customer_channel_whose_conversation_does_not_exist_fails_with_19025()
    {
        var (emu, client, clock) = await Start();
        await using var _ = emu;
        using var __ = client;
        var interaction = await client.Interactions.CreateAsync(CreateInteractionRequest.CreateBuilder()
            .WithChannel(new InteractionChannelSpec { Type = InteractionChannelType.Sms, InitiatedBy = InteractionInitiatedBy.Customer, Properties = new InteractionChannelProperties { MediaChannelSid = ConversationSid.Parse("CHbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb") } })
            .WithRouting(Routing()).Build());
        clock.Advance(TimeSpan.FromSeconds(2));

        var channel = await client.Interactions[interaction.Sid!.Value].Channels[interaction.Channel!.Sid!.Value].FetchAsync();

        Assert.Equal(InteractionChannelStatus.Failed, channel.Status);
        Assert.Equal(19025, channel.ErrorCode);
    }

    [Theory]
    [InlineData(false, "wrapping")]
    [InlineData(true, "completed")]
    public async Task Closing_a_channel_sets_task_states_from_the_docs_table(bool routingClosed, string taskState)
    {
        var (emu, client, clock) = await Start();
        await using var _ = emu;
        using var __ = client;
        var interaction = await client.Interactions.CreateAsync(ApiInteraction());
        var uo = interaction.Channel!.Sid!.Value;
        clock.Advance(TimeSpan.FromSeconds(2));
        var builder = UpdateInteractionChannelRequest.CreateBuilder().WithStatus(InteractionChannelUpdateChannelStatus.Closed);
        if (routingClosed) builder.WithRouting(new InteractionRoutingUpdate { Status = InteractionRoutingStatus.Closed });

        await client.Interactions[interaction.Sid!.Value].Channels[uo].UpdateAsync(builder.Build());

        Assert.All(emu.Tasks(uo.ToString()), t => Assert.Equal(taskState, t.Status));
        Assert.Equal("closed", emu.ConversationState(uo.ToString())); // read-only either way
    }

    [Fact]
    public async Task Inactive_without_routing_closed_is_rejected_by_the_server_too()
    {
        var (emu, client, _) = await Start();
        await using var __ = emu;
        using var ___ = client;
        var interaction = await client.Interactions.CreateAsync(ApiInteraction());
        using var http = new System.Net.Http.HttpClient();
        var request = new System.Net.Http.HttpRequestMessage(System.Net.Http.HttpMethod.Post, new Uri(emu.BaseAddress, $"/v1/Interactions/{interaction.Sid}/Channels/{interaction.Channel!.Sid}"))
        {
            Content = new System.Net.Http.FormUrlEncodedContent(new Dictionary<string, string> { ["Status"] = "inactive" }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(emu.AccountSid + ":" + emu.AuthToken)));

        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Status=inactive requires Routing.status=closed", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unknown_ids_bad_credentials_and_invalid_parameters_are_Twilio_errors()
    {
        var (emu, client, _) = await Start();
        await using var __ = emu;
        using var ___ = client;

        var notFound = await Assert.ThrowsAsync<TwilioApiException>(() => client.Interactions[InteractionSid.Parse("KD" + new string('f', 32))].FetchAsync());
        Assert.Equal((HttpStatusCode.NotFound, 20404), (notFound.Status, notFound.Code));
        Assert.Equal("https://www.twilio.com/docs/errors/20404", notFound.MoreInfo);

        using var wrong = new FlexClient(new TwilioClientOptions { AccountSid = emu.AccountSid, AuthToken = "wrong", BaseAddress = emu.BaseAddress });
        var unauthorized = await Assert.ThrowsAsync<TwilioApiException>(() => wrong.Interactions.CreateAsync(ApiInteraction()));
        Assert.Equal((HttpStatusCode.Unauthorized, 20003), (unauthorized.Status, unauthorized.Code));

        // A parameter only the server judges here: a page URL (built by hand) asking for more than 1000 items.
        var created = await client.Interactions.CreateAsync(ApiInteraction());
        var invalid = await Assert.ThrowsAsync<TwilioApiException>(() => client.Interactions[created.Sid!.Value].Channels[created.Channel!.Sid!.Value].Participants.GetPageAsync(new Uri(emu.BaseAddress, $"/v1/Interactions/{created.Sid}/Channels/{created.Channel.Sid}/Participants?PageSize=5000")));
        Assert.Equal((HttpStatusCode.BadRequest, 20001), (invalid.Status, invalid.Code));
        Assert.Contains("PageSize", invalid.TwilioMessage);
    }

    [Fact]
    public async Task Paging_over_three_pages_follows_next_page_url()
    {
        var (emu, client, _) = await Start();
        await using var __ = emu;
        using var ___ = client;
        var interaction = await client.Interactions.CreateAsync(ApiInteraction());
        var invites = client.Interactions[interaction.Sid!.Value].Channels[interaction.Channel!.Sid!.Value].Invites;
        var created = new List<InteractionChannelInviteSid>();
        for (int i = 0; i < 7; i++)
            created.Add((await invites.CreateAsync(CreateInteractionChannelInviteRequest.CreateBuilder().WithRouting(Routing()).Build())).Sid!.Value);

        var first = await invites.GetPageAsync(ListInteractionChannelInviteRequest.CreateBuilder().WithPageSize(3).Build());
        Assert.Equal(3, first.Items.Count);
        Assert.NotNull(first.Meta.NextPageUrl);
        var all = await invites.ListAsync(ListInteractionChannelInviteRequest.CreateBuilder().WithPageSize(3).Build()).ToListAsync();
        Assert.Equal(created, all.Select(i => i.Sid!.Value));
    }

    [Fact]
    public async Task A_client_calling_localhost_pages_on_localhost_though_the_emulator_listens_on_127_0_0_1()
    {
        var (emu, _, _) = await Start();
        await using var __ = emu;
        Assert.Equal("127.0.0.1", emu.BaseAddress.Host);
        using var client = new FlexClient(new TwilioClientOptions
        {
            AccountSid = emu.AccountSid,
            AuthToken = emu.AuthToken,
            BaseAddress = new Uri($"http://localhost:{emu.BaseAddress.Port}"),
        });
        var interaction = await client.Interactions.CreateAsync(ApiInteraction());
        var invites = client.Interactions[interaction.Sid!.Value].Channels[interaction.Channel!.Sid!.Value].Invites;
        var created = new List<InteractionChannelInviteSid>();
        for (int i = 0; i < 7; i++)
            created.Add((await invites.CreateAsync(CreateInteractionChannelInviteRequest.CreateBuilder().WithRouting(Routing()).Build())).Sid!.Value);

        var first = await invites.GetPageAsync(ListInteractionChannelInviteRequest.CreateBuilder().WithPageSize(3).Build());
        var all = await invites.ListAsync(ListInteractionChannelInviteRequest.CreateBuilder().WithPageSize(3).Build()).ToListAsync();

        Assert.StartsWith($"http://localhost:{emu.BaseAddress.Port}/v1/Interactions/", first.Meta.NextPageUrl!.ToString());
        Assert.Equal(created, all.Select(i => i.Sid!.Value));
    }

    [Fact]
    public async Task A_channel_untouched_for_180_days_is_gone_and_updates_reset_the_clock()
    {
        var (emu, client, clock) = await Start();
        await using var _ = emu;
        using var __ = client;
        var first = await client.Interactions.CreateAsync(ApiInteraction());
        var second = await client.Interactions.CreateAsync(ApiInteraction());
        var touched = client.Interactions[second.Sid!.Value].Channels[second.Channel!.Sid!.Value];

        clock.Advance(TimeSpan.FromDays(100));
        await touched.Invites.CreateAsync(CreateInteractionChannelInviteRequest.CreateBuilder().WithRouting(Routing()).Build()); // an update
        clock.Advance(TimeSpan.FromDays(81));

        var gone = await Assert.ThrowsAsync<TwilioApiException>(() => client.Interactions[first.Sid!.Value].Channels[first.Channel!.Sid!.Value].FetchAsync());
        Assert.Equal(HttpStatusCode.NotFound, gone.Status);
        Assert.Equal(second.Channel.Sid, (await touched.FetchAsync()).Sid); // 81 days since its last update
    }

    [Fact]
    public async Task Cancellation_reaches_the_emulator_call()
    {
        var (emu, client, _) = await Start();
        await using var __ = emu;
        using var ___ = client;
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.Interactions.CreateAsync(ApiInteraction(), cts.Token));
    }

    [Fact]
    public async Task Many_clients_updating_one_channel_at_once_lose_nothing()
    {
        var (emu, client, _) = await Start();
        await using var __ = emu;
        using var ___ = client;
        var interaction = await client.Interactions.CreateAsync(ApiInteraction());
        var kd = interaction.Sid!.Value;
        var uo = interaction.Channel!.Sid!.Value;

        var clients = Enumerable.Range(0, 8).Select(_ => new FlexClient(new TwilioClientOptions { AccountSid = emu.AccountSid, AuthToken = emu.AuthToken, BaseAddress = emu.BaseAddress })).ToList();
        await Task.WhenAll(clients.SelectMany(c => Enumerable.Range(0, 10).Select(_ =>
            c.Interactions[kd].Channels[uo].Participants.CreateAsync(CreateInteractionChannelParticipantRequest.CreateBuilder()
                .WithType(InteractionChannelParticipantType.Agent).WithMediaProperties(new InteractionParticipantSpec { Identity = "a" }).Build()))));
        foreach (var c in clients) c.Dispose();

        var participants = await client.Interactions[kd].Channels[uo].Participants.ListAsync(ListInteractionChannelParticipantRequest.CreateBuilder().WithPageSize(1000).Build()).ToListAsync();
        Assert.Equal(80 + 1, participants.Count); // 80 added + the customer from Channel.participants
        Assert.Equal(participants.Count, participants.Select(p => p.Sid).Distinct().Count());
    }
}

internal static class AsyncEnumerableExtensions
{
    public static async Task<List<T>> ToListAsync<T>(this IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (var item in source) list.Add(item);
        return list;
    }
}

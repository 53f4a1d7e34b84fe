using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using FlexCodegen.AspNetCore.Tests.Events;
using FlexCodegen.Emulator;
using Xunit;

namespace FlexCodegen.AspNetCore.Tests;

/// <summary>
/// The emulator's TaskRouter event callbacks (#32) received by <c>MapTwilioEvents</c>: what the emulator signs, the
/// endpoint verifies, over real HTTP on loopback, with the typed payload and the retry identifiers a handler uses.
/// </summary>
public class EmulatorCallbackEndToEndTests
{
    private const string Ws = "WSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    private static async Task<(FlexEmulator Emu, HttpClient Http)> Emulator(string authToken, string callbackUrl)
    {
        var emu = await FlexEmulator.StartAsync(new FlexEmulatorOptions
        {
            Clock = new EmulatorClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)),
            AuthToken = authToken,
            EventCallbackUrl = callbackUrl,
        });
        var http = new HttpClient { BaseAddress = emu.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(emu.AccountSid + ":" + authToken)));
        return (emu, http);
    }

    /// <summary>An API-initiated SMS interaction routed to <see cref="Ws"/>; its task's SID and its SID.</summary>
    private static async Task<(string Kd, string Wt)> CreateInteraction(HttpClient http)
    {
        using var response = await http.PostAsync("/v1/Interactions", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Channel"] = """{"type":"sms","initiated_by":"api","participants":[{"address":"+13115552368","proxy_address":"+14155559999"}]}""",
            ["Routing"] = $$$"""{"properties":{"workspace_sid":"{{{Ws}}}","task_channel_unique_name":"sms"}}""",
        }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return (body["sid"]!.GetValue<string>(), body["routing"]!["properties"]!["sid"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_emulators_signed_callbacks_pass_the_signature_check_and_reach_the_typed_handlers()
    {
        var received = new ConcurrentQueue<(TaskrouterEvent Event, TwilioWebhookContext Context)>();
        await using var host = await WebhookHost.StartAsync(app => app.MapTwilioEvents<TaskrouterEvent>("/twilio/events")
            .On("task.created", (e, ctx) => { received.Enqueue((e, ctx)); return Task.CompletedTask; })
            .On("task.completed", (e, ctx) => { received.Enqueue((e, ctx)); return Task.CompletedTask; }));
        var (emu, http) = await Emulator(WebhookHost.Token, host.Url("/twilio/events?tenant=a%20b"));
        await using var _emu = emu;
        using var _http = http;

        var (kd, wt) = await CreateInteraction(http);
        emu.AcceptReservation(wt);
        using (var completed = await http.PostAsync($"/v1/Workspaces/{Ws}/Tasks/{wt}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["AssignmentStatus"] = "completed",
            ["Reason"] = "resolved",
        })))
            Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        await emu.WaitForDeliveryAsync("reservation.completed");

        // Every event was accepted: the two with handlers, and the reservation events (no handler: 204 all the same).
        Assert.Equal(new[] { "task.created", "reservation.created", "reservation.accepted", "task.completed", "reservation.completed" },
            emu.Deliveries.Select(d => d.EventType));
        Assert.All(emu.Deliveries, d => Assert.Equal((1, 204), (d.Attempt, d.StatusCode)));
        var events = received.ToArray();
        Assert.Equal(new[] { "task.created", "task.completed" }, events.Select(r => r.Event.EventType));
        foreach (var (e, ctx) in events)
        {
            var delivery = emu.Deliveries.Single(d => d.EventType == e.EventType);
            Assert.Equal(delivery.EventSid, e.Sid?.ToString());
            Assert.Equal(delivery.EventSid, ctx.DeduplicationKey);
            Assert.Equal(delivery.IdempotencyToken, ctx.IdempotencyToken);
            Assert.Equal(wt, e.TaskSid?.ToString());
            Assert.Equal(Ws, e.WorkspaceSid?.ToString());
            Assert.Equal(kd, JsonNode.Parse(e.TaskAttributes!)!["flexInteractionSid"]!.GetValue<string>());
        }
        Assert.Equal("resolved", events[1].Event.TaskCompletedReason);
        Assert.Equal("completed", events[1].Event.TaskAssignmentStatus);
    }

    [Fact]
    public async Task Callbacks_signed_with_another_auth_token_are_refused_with_403_and_not_retried()
    {
        var received = new ConcurrentQueue<TaskrouterEvent>();
        await using var host = await WebhookHost.StartAsync(app => app.MapTwilioEvents<TaskrouterEvent>("/twilio/events")
            .On("task.created", (e, _) => { received.Enqueue(e); return Task.CompletedTask; }));
        var (emu, http) = await Emulator("another-token-than-the-apps", host.Url("/twilio/events"));
        await using var _emu = emu;
        using var _http = http;

        await CreateInteraction(http);
        var refused = await emu.WaitForDeliveryAsync("task.created");

        Assert.Equal((403, false), (refused.StatusCode, refused.WillRetry));
        Assert.Empty(received);
        Assert.Contains(host.Logs.GetSnapshot(), r => r.Id.Id == 2002);
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using FlexCodegen.Emulator;
using FlexCodegen.Runtime;
using Microsoft.AspNetCore.WebUtilities;
using Twilio;
using Twilio.Flex.V1;
using Twilio.Taskrouter.V1;
using Xunit;
using static FlexCodegen.Client.Tests.EmulatorHardeningTests;

namespace FlexCodegen.Client.Tests;

/// <summary>
/// The emulator calls back (#32): each move of an interaction's task is a TaskRouter event, posted in order to the
/// workspace's callback URL, form-encoded and signed as Twilio signs, retried on the emulator's clock, and listed by
/// <c>/v1/Workspaces/{WorkspaceSid}/Events</c>. Nothing here waits for real time: a test waits for a delivery record
/// or a request to arrive, then moves the clock.
/// </summary>
public class EmulatorCallbackTests
{
    private const string Ws = "WSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", Wq = "WQaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", Wk = "WKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    private static async Task<(FlexEmulator Emu, HttpClient Http, EmulatorClock Clock)> Start(Action<FlexEmulatorOptions>? configure = null)
    {
        var clock = new EmulatorClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var options = new FlexEmulatorOptions { Clock = clock, SetupDuration = TimeSpan.FromSeconds(1) };
        configure?.Invoke(options);
        var emu = await FlexEmulator.StartAsync(options);
        var http = new HttpClient { BaseAddress = emu.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(emu.AccountSid + ":" + emu.AuthToken)));
        return (emu, http, clock);
    }

    private static TwilioClientOptions ClientOptions(FlexEmulator emu) => new()
    {
        AccountSid = emu.AccountSid,
        AuthToken = emu.AuthToken,
        BaseAddress = emu.BaseAddress,
        Retry = new RetryOptions { MaxRetries = 0 },
    };

    /// <summary>A receiver answering each request with the next status given (the last one repeats).</summary>
    private static RawHttpServer Receiver(params int[] statuses) =>
        RawHttpServer.Start((_, n) => Answer(statuses[Math.Min(n, statuses.Length) - 1]));

    private static string Answer(int status) =>
        $"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

    /// <summary>A loopback port nothing listens on: a receiver that is down.</summary>
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static Dictionary<string, string> Fields(RawRequest request) =>
        QueryHelpers.ParseQuery("?" + request.Body).ToDictionary(p => p.Key, p => p.Value.ToString());

    /// <summary>The URL as the receiver saw it called: what a receiver checks the signature against.</summary>
    private static string CalledUrl(RawRequest request) => $"http://{request.Header("Host")}{request.Target}";

    private static bool SignedBy(string authToken, RawRequest request) =>
        TwilioSignature.IsValid(authToken, CalledUrl(request),
            QueryHelpers.ParseQuery("?" + request.Body).SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v))),
            request.Header(TwilioSignature.HeaderName));

    private static CreateInteractionRequest AgentInteraction() => CreateInteractionRequest.CreateBuilder()
        .WithChannel(new InteractionChannelSpec
        {
            Type = InteractionChannelType.Sms,
            InitiatedBy = InteractionInitiatedBy.Api,
            Participants = new[] { new InteractionParticipantSpec { Address = "+13115552368", ProxyAddress = "+14155559999" } },
        })
        .WithRouting(new InteractionRouting
        {
            Properties = new InteractionRoutingProperties
            {
                WorkspaceSid = WorkspaceSid.Parse(Ws),
                TaskChannelUniqueName = "sms",
                QueueSid = TaskQueueSid.Parse(Wq),
                WorkerSid = WorkerSid.Parse(Wk),
                Priority = 3,
            },
        })
        .Build();

    // ---- the task's life, delivered ----

    [Fact]
    public async Task An_interactions_task_life_reaches_the_callback_in_order_signed_with_the_documented_fields()
    {
        await using var receiver = Receiver(204);
        // A query in the callback URL, escaped: the signature covers the URL exactly as posted.
        string callback = $"http://127.0.0.1:{receiver.Port}/taskrouter/events?tenant=a%20b#rc=5";
        var (emu, http, clock) = await Start(o => o.EventCallbackUrl = callback);
        await using var _emu = emu;
        using var _http = http;
        using var flex = new FlexClient(ClientOptions(emu));
        using var taskrouter = new TaskrouterClient(ClientOptions(emu));

        var interaction = await flex.Interactions.CreateAsync(AgentInteraction());
        var kd = interaction.Sid!.Value;
        var uo = interaction.Channel!.Sid!.Value;
        var wt = interaction.Routing!.Properties!.Sid!.Value;
        var task = taskrouter.Workspaces[WorkspaceSid.Parse(Ws)].Tasks[wt];
        clock.Advance(TimeSpan.FromSeconds(5));
        emu.AcceptReservation(wt.ToString());                                                                       // the agent accepts in Flex
        await task.UpdateAsync(UpdateTaskRequest.CreateBuilder().WithPriority(9).Build());                           // Update Task
        clock.Advance(TimeSpan.FromSeconds(60));
        await flex.Interactions[kd].Channels[uo].UpdateAsync(UpdateInteractionChannelRequest.CreateBuilder()       // close the channel
            .WithStatus(InteractionChannelUpdateChannelStatus.Closed).Build());
        await task.UpdateAsync(UpdateTaskRequest.CreateBuilder()                                                      // complete the task
            .WithAssignmentStatus(TaskrouterTaskStatus.Completed).WithReason("resolved").Build());

        var last = await emu.WaitForDeliveryAsync("reservation.completed");
        var expected = new[]
        {
            "task.created", "reservation.created", "reservation.accepted", "task.updated",
            "task.wrapup", "reservation.wrapup", "task.completed", "reservation.completed",
        };
        Assert.True(last.Succeeded);
        var requests = receiver.Requests.ToArray();
        var fields = requests.Select(Fields).ToArray();
        Assert.Equal(expected, fields.Select(f => f["EventType"]));
        Assert.Equal(expected, emu.Deliveries.Select(d => d.EventType));
        Assert.All(emu.Deliveries, d => Assert.Equal((1, 204), (d.Attempt, d.StatusCode)));

        foreach (var (request, f) in requests.Zip(fields))
        {
            Assert.Equal("POST", request.Method);
            Assert.Equal("/taskrouter/events?tenant=a%20b", request.Target);                                         // the fragment is not sent
            Assert.StartsWith("application/x-www-form-urlencoded", request.Header("Content-Type"));
            Assert.True(SignedBy(emu.AuthToken, request), $"{f["EventType"]}: the signature does not verify");
            Assert.False(SignedBy("another-token", request));
            Assert.Matches("^EV[0-9a-f]{32}$", f["Sid"]);
            Assert.False(string.IsNullOrEmpty(request.Header("I-Twilio-Idempotency-Token")));
            Assert.Equal(emu.AccountSid, f["AccountSid"]);
            Assert.Equal(Ws, f["WorkspaceSid"]);
            Assert.Equal("Flex Task Assignment", f["WorkspaceName"]);
            Assert.False(string.IsNullOrEmpty(f["EventDescription"]));
            Assert.Equal(wt.ToString(), f["TaskSid"]);
            Assert.Equal("sms", f["TaskChannelUniqueName"]);
            // Flex's fields in the task's attributes, as the JSON text TaskRouter sends.
            var attributes = JsonNode.Parse(f["TaskAttributes"])!;
            Assert.Equal(kd.ToString(), attributes["flexInteractionSid"]!.GetValue<string>());
            Assert.Equal(uo.ToString(), attributes["flexInteractionChannelSid"]!.GetValue<string>());
            Assert.Matches("^CH[0-9a-f]{32}$", attributes["conversationSid"]!.GetValue<string>());
            bool reservation = f["EventType"].StartsWith("reservation.", StringComparison.Ordinal);
            Assert.Equal(reservation ? "reservation" : "task", f["ResourceType"]);
            Assert.Equal(reservation ? f["ReservationSid"] : f["TaskSid"], f["ResourceSid"]);
            if (reservation)
            {
                Assert.Matches("^WR[0-9a-f]{32}$", f["ReservationSid"]);
                Assert.Equal(Wk, f["WorkerSid"]);
                Assert.Equal(Wq, f["TaskQueueSid"]);
            }
            else
            {
                Assert.False(f.ContainsKey("WorkerSid"));
            }
        }
        Assert.Equal(expected.Length, fields.Select(f => f["Sid"]).Distinct().Count());
        Assert.Equal(expected.Length, requests.Select(r => r.Header("I-Twilio-Idempotency-Token")).Distinct().Count());
        Assert.Single(fields.Where(f => f.ContainsKey("ReservationSid")).Select(f => f["ReservationSid"]).Distinct());

        // What each event says of the task at its moment.
        var byType = fields.ToDictionary(f => f["EventType"]);
        Assert.Equal(("pending", "0", "3"), (byType["task.created"]["TaskAssignmentStatus"], byType["task.created"]["TaskAge"], byType["task.created"]["TaskPriority"]));
        Assert.Equal("reserved", byType["reservation.created"]["TaskAssignmentStatus"]);
        Assert.Equal(("assigned", "5"), (byType["reservation.accepted"]["TaskAssignmentStatus"], byType["reservation.accepted"]["TaskAge"]));
        Assert.Equal("9", byType["task.updated"]["TaskPriority"]);
        Assert.Equal(("wrapping", "65"), (byType["task.wrapup"]["TaskAssignmentStatus"], byType["task.wrapup"]["TaskAge"]));
        Assert.Equal(("completed", "resolved"), (byType["task.completed"]["TaskAssignmentStatus"], byType["task.completed"]["TaskCompletedReason"]));
        Assert.Equal("resolved", byType["reservation.completed"]["TaskCompletedReason"]);
        Assert.False(byType["task.wrapup"].ContainsKey("TaskCompletedReason"));
        // The reference's field data: the queue on every event but task.created.
        Assert.False(byType["task.created"].ContainsKey("TaskQueueSid"));
        Assert.All(expected.Skip(1), type => Assert.Equal(Wq, byType[type]["TaskQueueSid"]));
        Assert.Equal("1767225600", byType["task.created"]["Timestamp"]);                                             // 2026-01-01T00:00:00Z, Unix seconds
        Assert.Equal("1767225665000", byType["task.completed"]["TimestampMs"]);

        // The Events list holds the same events, in the same order, for pollers.
        var listed = await taskrouter.Workspaces[WorkspaceSid.Parse(Ws)].Events.ListAsync().ToListAsync();
        Assert.Equal(fields.Select(f => f["Sid"]), listed.Select(e => e.Sid!.Value.ToString()));
        Assert.Equal(expected, listed.Select(e => e.EventType));
    }

    [Fact]
    public async Task A_receiver_answering_500_twice_then_200_gets_three_attempts_with_one_event_sid_and_token_as_the_clock_moves()
    {
        await using var receiver = Receiver(500, 500, 200);
        var (emu, http, clock) = await Start(o => o.EventCallbackUrl = $"http://localhost:{receiver.Port}/events");
        await using var _emu = emu;
        using var _http = http;
        await EmulatorTaskRouterTests.CreateInteraction(http);

        var first = await emu.WaitForDeliveryAsync("task.created", d => d.Attempt == 1);
        Assert.Equal((500, true), (first.StatusCode, first.WillRetry));
        Assert.Equal(first.At + TimeSpan.FromSeconds(1), first.NextAttemptAt);                                        // the clock stood still
        clock.Advance(TimeSpan.FromSeconds(1));
        var second = await emu.WaitForDeliveryAsync("task.created", d => d.Attempt == 2);
        Assert.Equal((500, true), (second.StatusCode, second.WillRetry));
        Assert.True(second.At >= first.NextAttemptAt);
        Assert.Equal(second.At + TimeSpan.FromSeconds(2), second.NextAttemptAt);                                      // the wait doubles
        clock.Advance(TimeSpan.FromSeconds(2));
        var third = await emu.WaitForDeliveryAsync("task.created", d => d.Attempt == 3);

        Assert.Equal((200, false, true), (third.StatusCode, third.WillRetry, third.Succeeded));
        var attempts = emu.Deliveries.Where(d => d.EventType == "task.created").ToList();
        Assert.Equal(new[] { 1, 2, 3 }, attempts.Select(d => d.Attempt));
        Assert.Equal(new int?[] { 500, 500, 200 }, attempts.Select(d => d.StatusCode));
        Assert.Single(attempts.Select(d => (d.EventSid, d.IdempotencyToken)).Distinct());
        Assert.Equal($"http://localhost:{receiver.Port}/events", third.Url);
        // The receiver saw the same event three times: same Sid, same token, same signature, same body.
        var requests = receiver.Requests.ToArray();
        Assert.Equal(3, requests.Length);
        Assert.Single(requests.Select(r => r.Body).Distinct());
        Assert.Single(requests.Select(r => r.Header(TwilioSignature.HeaderName)).Distinct());
        Assert.Equal(new[] { third.IdempotencyToken }, requests.Select(r => r.Header("I-Twilio-Idempotency-Token")).Distinct());
        Assert.Equal(third.EventSid, Fields(requests[0])["Sid"]);
        Assert.All(requests, r => Assert.True(SignedBy(emu.AuthToken, r)));
    }

    [Fact]
    public async Task A_receiver_that_is_down_gets_a_bounded_number_of_attempts_and_the_emulator_stays_healthy()
    {
        int port = ClosedPort();
        var (emu, http, clock) = await Start(o => o.EventCallbackUrl = $"http://127.0.0.1:{port}/events");
        await using var _emu = emu;
        using var _http = http;
        var c = await EmulatorTaskRouterTests.CreateInteraction(http);

        for (int attempt = 1; attempt <= 3; attempt++)
        {
            int n = attempt;
            var failed = await emu.WaitForDeliveryAsync("task.created", d => d.Attempt == n);
            Assert.Null(failed.StatusCode);
            Assert.Contains("ConnectionRefused", failed.Error);
            Assert.Equal(attempt < 3, failed.WillRetry);
            if (failed.NextAttemptAt is { } next) clock.Advance(next - clock.GetUtcNow());
        }
        // The emulator answers as before, and the workspace's loop moved on to the next event.
        Assert.Equal("pending", await EmulatorTaskRouterTests.Status(http, c.TaskPath));
        Assert.Equal(HttpStatusCode.OK, (await Update(http, c.TaskPath, ("Priority", "4"))).Status);
        var next1 = await emu.WaitForDeliveryAsync("task.updated", d => d.Attempt == 1);
        clock.Advance(TimeSpan.FromHours(1));
        await emu.WaitForDeliveryAsync("task.updated", d => d.Attempt == 2);
        Assert.Equal(3, emu.Deliveries.Count(d => d.EventType == "task.created"));
        Assert.True(next1.At >= emu.Deliveries.Last(d => d.EventType == "task.created").At);
        Assert.Equal(2, (await Send(http, HttpMethod.Get, $"/v1/Workspaces/{c.Ws}/Events?Minutes=120")).Body["events"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_receiver_that_never_answers_times_out_and_the_event_is_tried_again_after_the_clock_moves()
    {
        await using var receiver = RawHttpServer.Start(async (_, n, stream, _, ct) =>
        {
            if (n == 1) await Task.Delay(Timeout.Infinite, ct);                                                        // holds the request; answers nothing
            await RawHttpServer.WriteAsync(stream, Answer(204), ct);
        });
        // The timeout bounds the network, in real time; the test shortens it rather than wait 15 s.
        var (emu, http, clock) = await Start(o =>
        {
            o.EventCallbackUrl = $"http://127.0.0.1:{receiver.Port}/events";
            o.EventCallbackTimeout = TimeSpan.FromMilliseconds(100);
        });
        await using var _emu = emu;
        using var _http = http;
        await EmulatorTaskRouterTests.CreateInteraction(http);

        var timedOut = await emu.WaitForDeliveryAsync("task.created", d => d.Attempt == 1);
        Assert.Null(timedOut.StatusCode);
        Assert.Contains("Timeout", timedOut.Error);
        Assert.True(timedOut.WillRetry);
        clock.Advance(TimeSpan.FromSeconds(1));
        var again = await emu.WaitForDeliveryAsync("task.created", d => d.Attempt == 2);

        // The second request reached the receiver with the same event and token (its answer is not the point here).
        Assert.Equal((timedOut.EventSid, timedOut.IdempotencyToken), (again.EventSid, again.IdempotencyToken));
        Assert.Equal(2, receiver.Count);
        Assert.Single(receiver.Requests.Select(r => r.Header("I-Twilio-Idempotency-Token")).Distinct());
    }

    [Fact]
    public async Task Moving_the_clock_while_a_delivery_is_under_way_does_not_make_it_time_out()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = RawHttpServer.Start(async (_, _, stream, _, ct) =>
        {
            arrived.TrySetResult();
            await release.Task.WaitAsync(ct);
            await RawHttpServer.WriteAsync(stream, Answer(204), ct);
        });
        var (emu, http, clock) = await Start(o => o.EventCallbackUrl = $"http://127.0.0.1:{receiver.Port}/events");
        await using var _emu = emu;
        using var _http = http;
        await EmulatorTaskRouterTests.CreateInteraction(http);
        await arrived.Task.WaitAsync(StateWait.HangGuard);

        clock.Advance(TimeSpan.FromHours(1));                                                                          // the test's own business
        release.SetResult();
        var delivered = await emu.WaitForDeliveryAsync("task.created");

        Assert.Equal((1, 204), (delivered.Attempt, delivered.StatusCode));
        Assert.Single(emu.Deliveries);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(404)]
    [InlineData(429)]
    public async Task A_4xx_from_the_receiver_is_not_retried(int status)
    {
        await using var receiver = Receiver(status, 204);
        var (emu, http, clock) = await Start(o => o.EventCallbackUrl = $"http://127.0.0.1:{receiver.Port}/events");
        await using var _emu = emu;
        using var _http = http;
        var c = await EmulatorTaskRouterTests.CreateInteraction(http);

        var refused = await emu.WaitForDeliveryAsync("task.created");
        Assert.Equal((status, false, false), (refused.StatusCode, refused.WillRetry, refused.Succeeded));
        clock.Advance(TimeSpan.FromMinutes(10));
        await Update(http, c.TaskPath, ("Priority", "4"));
        // Events go one at a time: once the next one is delivered, the refused one will never be tried again.
        Assert.True((await emu.WaitForDeliveryAsync("task.updated")).Succeeded);
        Assert.Single(emu.Deliveries, d => d.EventType == "task.created");
        Assert.Equal(2, receiver.Count);
    }

    [Fact]
    public async Task Events_of_one_workspace_arrive_in_order_while_a_slow_receiver_holds_up_only_its_own_workspace()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = RawHttpServer.Start(async (request, _, stream, _, ct) =>
        {
            if (Fields(request)["WorkspaceSid"] == Ws && Fields(request)["EventType"] == "task.created")
            {
                held.TrySetResult();
                await release.Task.WaitAsync(ct);
            }
            await RawHttpServer.WriteAsync(stream, Answer(204), ct);
        });
        var (emu, http, _) = await Start(o => o.EventCallbackUrl = $"http://127.0.0.1:{receiver.Port}/events");
        await using var _emu = emu;
        using var _http = http;
        var a = await EmulatorTaskRouterTests.CreateInteraction(http);
        await held.Task.WaitAsync(StateWait.HangGuard);
        // The request that made the event was answered though its delivery is held; the next ones queue behind it.
        await Update(http, a.TaskPath, ("Priority", "1"));
        await Update(http, a.TaskPath, ("AssignmentStatus", "canceled"), ("Reason", "hung up"));
        var b = await EmulatorTaskRouterTests.CreateInteraction(http, """{"properties":{"workspace_sid":"WSbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"}}""");

        var other = await emu.WaitForDeliveryAsync("task.created", d => d.WorkspaceSid == b.Ws);
        Assert.True(other.Succeeded);
        Assert.DoesNotContain(emu.Deliveries, d => d.WorkspaceSid == Ws);
        release.SetResult();
        await emu.WaitForDeliveryAsync("task.canceled");

        Assert.Equal(new[] { "task.created", "task.updated", "task.canceled" },
            emu.Deliveries.Where(d => d.WorkspaceSid == Ws).Select(d => d.EventType));
        Assert.Equal(new[] { "task.created", "task.updated", "task.canceled" },
            receiver.Requests.Select(Fields).Where(f => f["WorkspaceSid"] == Ws).Select(f => f["EventType"]));
        Assert.Equal("hung up", receiver.Requests.Select(Fields).Single(f => f["EventType"] == "task.canceled")["TaskCanceledReason"]);
    }

    // ---- Update Workspace ----

    [Fact]
    public async Task Update_Workspace_sets_the_callback_url_and_filter_through_the_generated_TaskRouter_client()
    {
        await using var receiver = Receiver(204);
        var (emu, http, clock) = await Start();
        await using var _emu = emu;
        using var _http = http;
        using var taskrouter = new TaskrouterClient(ClientOptions(emu));
        var c = await EmulatorTaskRouterTests.CreateInteraction(http);                                                // task.created: no URL yet
        var workspace = taskrouter.Workspaces[WorkspaceSid.Parse(Ws)];

        var before = await workspace.FetchAsync();
        Assert.Null(before.EventCallbackUrl);
        Assert.Equal("Flex Task Assignment", before.FriendlyName);
        Assert.Equal(new Uri(emu.BaseAddress, $"/v1/Workspaces/{Ws}/Events"), before.Links!["events"]);
        clock.Advance(TimeSpan.FromMinutes(1));
        var callback = new Uri($"http://127.0.0.1:{receiver.Port}/events");
        var updated = await workspace.UpdateAsync(UpdateWorkspaceRequest.CreateBuilder()
            .WithEventCallbackUrl(callback).WithEventsFilter("task.updated, task.canceled").WithFriendlyName("Support").Build());
        Assert.Equal(callback, updated.EventCallbackUrl);
        Assert.Equal("task.updated, task.canceled", updated.EventsFilter);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 1, 0, TimeSpan.Zero), updated.DateUpdated);
        Assert.Equal(callback, (await workspace.FetchAsync()).EventCallbackUrl);

        emu.AcceptReservation(c.Wt);                                                                                   // filtered out
        await Update(http, c.TaskPath, ("Attributes", """{"vip":true}"""));
        await Update(http, c.TaskPath, ("AssignmentStatus", "completed"), ("Reason", "done"));                         // filtered out
        await Update(http, $"/v1/Workspaces/{Ws}", ("EventsFilter", "task.canceled"));
        var d = await emu.WaitForDeliveryAsync("task.updated");

        Assert.Equal(new[] { "task.updated" }, emu.Deliveries.Select(x => x.EventType));
        Assert.Equal("Support", Fields(receiver.Requests.Single())["WorkspaceName"]);
        Assert.Equal(callback.ToString(), d.Url);
        // Every event is in the Events list, delivered or not.
        var listed = await workspace.Events.ListAsync().ToListAsync();
        Assert.Equal(new[] { "task.created", "reservation.created", "reservation.accepted", "task.updated", "task.completed", "reservation.completed" },
            listed.Select(e => e.EventType));

        // An empty EventCallbackUrl unsets it.
        var cleared = await Update(http, $"/v1/Workspaces/{Ws}", ("EventCallbackUrl", ""));
        Assert.Equal(HttpStatusCode.OK, cleared.Status);
        Assert.Null(cleared.Body["event_callback_url"]);
        Assert.Equal("task.canceled", cleared.Body["events_filter"]!.GetValue<string>());
    }

    public static IEnumerable<object[]> RefusedWorkspaceUpdates() => new[]
    {
        new object[] { new[] { ("EventCallbackUrl", "ftp://127.0.0.1/events") }, "only http and https" },
        new object[] { new[] { ("EventCallbackUrl", "http://example.com/events") }, "not a loopback address" },
        new object[] { new[] { ("EventCallbackUrl", "http://10.0.0.1/events") }, "not a loopback address" },
        new object[] { new[] { ("EventCallbackUrl", "http://localhost.example.com/events") }, "not a loopback address" },
        new object[] { new[] { ("EventCallbackUrl", "/events") }, "EventCallbackUrl" },
        new object[] { new[] { ("EventCallbackUrl", "not a url") }, "not an absolute URL" },
        new object[] { new[] { ("EventCallbackUrl", "http://user:secret@127.0.0.1/events") }, "user name or password" },
        new object[] { new[] { ("EventsFilter", "task.complete") }, "not one of TaskRouter's event types" },
        new object[] { new[] { ("EventsFilter", "task.created,,task.completed") }, "empty item" },
        new object[] { new[] { ("MultiTaskEnabled", "false") }, "multi-tasking" },
        new object[] { new[] { ("PrioritizeQueueOrder", "RANDOM") }, "must be one of" },
        new object[] { new[] { ("DefaultActivitySid", "WA123") }, "does not match" },
        new object[] { new[] { ("EventCallbackURL", "http://127.0.0.1/events") }, "Unknown parameter" },
        new object[] { new[] { ("EventCallbackUrl", "http://127.0.0.1/a"), ("EventCallbackUrl", "http://127.0.0.1/b") }, "given 2 times" },
    };

    [Theory]
    [MemberData(nameof(RefusedWorkspaceUpdates))]
    public async Task A_refused_Update_Workspace_is_a_400_and_changes_nothing((string, string)[] fields, string message)
    {
        var (emu, http, _) = await Start(o => o.EventCallbackUrl = "http://127.0.0.1:9/events");
        await using var _emu = emu;
        using var _http = http;
        await EmulatorTaskRouterTests.CreateInteraction(http);
        string before = emu.StateSnapshot();

        // A valid change alongside: refused together.
        var answer = await Update(http, $"/v1/Workspaces/{Ws}", fields.Append(("FriendlyName", "Changed")).ToArray());

        AssertTwilioError(400, answer);
        Assert.Contains(message, answer.Body["message"]!.GetValue<string>());
        Assert.Equal(before, emu.StateSnapshot());
        var workspace = (await Send(http, HttpMethod.Get, $"/v1/Workspaces/{Ws}")).Body;
        Assert.Equal("http://127.0.0.1:9/events", workspace["event_callback_url"]!.GetValue<string>());
        Assert.Equal("Flex Task Assignment", workspace["friendly_name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/v1/Workspaces/WSbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb")]          // no routing named it
    [InlineData("/v1/Workspaces/WSshort")]
    [InlineData("/v1/Workspaces/WSbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb/Events")]
    [InlineData("/v1/Workspaces/WSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Events/EVbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb")]
    [InlineData("/v1/Workspaces/WSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Events/WTaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task Unknown_workspaces_and_events_are_404s(string path)
    {
        var (emu, http, _) = await Start();
        await using var _emu = emu;
        using var _http = http;
        await EmulatorTaskRouterTests.CreateInteraction(http);
        string before = emu.StateSnapshot();

        AssertTwilioError(404, await Send(http, HttpMethod.Get, path));
        if (!path.Contains("/Events")) AssertTwilioError(404, await Update(http, path, ("FriendlyName", "x")));
        Assert.Equal(before, emu.StateSnapshot());
    }

    [Fact]
    public async Task Options_that_the_emulator_would_not_call_or_could_not_honour_are_refused_at_start()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => FlexEmulator.StartAsync(new FlexEmulatorOptions { EventCallbackUrl = "http://example.com/events" }));
        await Assert.ThrowsAsync<ArgumentException>(() => FlexEmulator.StartAsync(new FlexEmulatorOptions { EventCallbackUrl = "file:///tmp/events" }));
        await Assert.ThrowsAsync<ArgumentException>(() => FlexEmulator.StartAsync(new FlexEmulatorOptions { EventsFilter = "task.done" }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => FlexEmulator.StartAsync(new FlexEmulatorOptions { EventCallbackRetries = 6 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => FlexEmulator.StartAsync(new FlexEmulatorOptions { EventCallbackTimeout = TimeSpan.Zero }));
        var message = (await Assert.ThrowsAsync<ArgumentException>(() => FlexEmulator.StartAsync(new FlexEmulatorOptions { EventCallbackUrl = "http://192.168.1.10/events" }))).Message;
        Assert.Contains("AllowNonLoopbackEventCallbacks", message);

        // Allowed on purpose: the URL is accepted (nothing here makes an event to send to it).
        await using var emu = await FlexEmulator.StartAsync(new FlexEmulatorOptions { EventCallbackUrl = "http://192.168.1.10/events", AllowNonLoopbackEventCallbacks = true });
        Assert.Empty(emu.Deliveries);
    }

    [Fact]
    public async Task The_options_filter_limits_what_is_called_back_and_a_retry_count_of_zero_tries_once()
    {
        await using var receiver = Receiver(503);
        var (emu, http, _) = await Start(o =>
        {
            o.EventCallbackUrl = $"http://127.0.0.1:{receiver.Port}/events";
            o.EventsFilter = "task.canceled";
            o.EventCallbackRetries = 0;
        });
        await using var _emu = emu;
        using var _http = http;
        var c = await EmulatorTaskRouterTests.CreateInteraction(http);
        await Update(http, c.TaskPath, ("AssignmentStatus", "canceled"), ("Reason", "abandoned"));

        var only = await emu.WaitForDeliveryAsync("task.canceled");
        Assert.Equal((503, false), (only.StatusCode, only.WillRetry));
        Assert.Single(emu.Deliveries);
        Assert.Equal("task.canceled", (await Send(http, HttpMethod.Get, $"/v1/Workspaces/{Ws}")).Body["events_filter"]!.GetValue<string>());
    }

    // ---- the Events list ----

    [Fact]
    public async Task The_events_list_serves_every_event_with_the_specs_filters_and_paging_through_the_generated_client()
    {
        var (emu, http, clock) = await Start();
        await using var _emu = emu;
        using var _http = http;
        using var taskrouter = new TaskrouterClient(ClientOptions(emu));
        var a = await EmulatorTaskRouterTests.CreateInteraction(http);
        clock.Advance(TimeSpan.FromMinutes(1));
        var b = await EmulatorTaskRouterTests.CreateInteraction(http);
        emu.AcceptReservation(b.Wt, Wk);
        await Update(http, a.TaskPath, ("AssignmentStatus", "canceled"), ("Reason", "gone"));
        var events = taskrouter.Workspaces[WorkspaceSid.Parse(Ws)].Events;

        var all = await events.ListAsync().ToListAsync();
        Assert.Equal(new[] { "task.created", "task.created", "reservation.created", "reservation.accepted", "task.canceled" }, all.Select(e => e.EventType));
        Assert.All(all, e => Assert.Matches("^EV[0-9a-f]{32}$", e.Sid!.Value.ToString()));
        var accepted = all[3];
        Assert.Equal("reservation", accepted.ResourceType);
        Assert.Equal(emu.AccountSid, accepted.AccountSid!.Value.ToString());
        Assert.Equal(Ws, accepted.WorkspaceSid!.Value.ToString());
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 1, 0, TimeSpan.Zero), accepted.EventDate);
        Assert.Equal(accepted.EventDate!.Value.ToUnixTimeMilliseconds(), accepted.EventDateMs);
        Assert.Equal(new Uri(emu.BaseAddress, $"/v1/Workspaces/{Ws}/Tasks/{b.Wt}/Reservations/{accepted.ResourceSid}"), accepted.ResourceUrl);
        Assert.Equal(new Uri(emu.BaseAddress, $"/v1/Workspaces/{Ws}/Events/{accepted.Sid}"), accepted.Url);
        var data = accepted.EventData!.Value;
        Assert.Equal(Wk, data.GetProperty("worker_sid").GetString());
        Assert.Equal(b.Wt, data.GetProperty("task_sid").GetString());
        Assert.Equal("assigned", data.GetProperty("task_assignment_status").GetString());
        Assert.Equal(b.Kd, JsonNode.Parse(data.GetProperty("task_attributes").GetString()!)!["flexInteractionSid"]!.GetValue<string>());
        Assert.Equal(accepted.Sid, (await events[accepted.Sid!.Value].FetchAsync()).Sid);

        async Task<IEnumerable<string?>> Types(ListEventRequest request) => (await events.ListAsync(request).ToListAsync()).Select(e => e.EventType);
        Assert.Equal(new[] { "task.created", "task.created" }, await Types(ListEventRequest.CreateBuilder().WithEventType("task.created").Build()));
        Assert.Equal(new[] { "task.created", "task.canceled" }, await Types(ListEventRequest.CreateBuilder().WithTaskSid(TaskSid.Parse(a.Wt)).Build()));
        Assert.Equal(new[] { "reservation.created", "reservation.accepted" }, await Types(ListEventRequest.CreateBuilder().WithWorkerSid(WorkerSid.Parse(Wk)).Build()));
        Assert.Equal(new[] { "reservation.accepted" }, await Types(ListEventRequest.CreateBuilder().WithSid(accepted.Sid).Build()));
        Assert.Equal(5, (await Types(ListEventRequest.CreateBuilder().WithTaskChannel("sms").Build())).Count());
        Assert.Equal(4, (await Types(ListEventRequest.CreateBuilder().WithStartDate(new DateTimeOffset(2026, 1, 1, 0, 1, 0, TimeSpan.Zero)).Build())).Count());
        Assert.Single(await Types(ListEventRequest.CreateBuilder().WithEndDate(new DateTimeOffset(2026, 1, 1, 0, 0, 30, TimeSpan.Zero)).Build()));
        // Paging, with the filter kept in the page URLs.
        var page = await events.GetPageAsync(ListEventRequest.CreateBuilder().WithEventType("task.created").WithPageSize(1).Build());
        Assert.Single(page.Items);
        Assert.Contains("EventType=task.created", page.Meta.NextPageUrl!.ToString());
        Assert.Equal(2, (await events.ListAsync(ListEventRequest.CreateBuilder().WithEventType("task.created").WithPageSize(1).Build()).ToListAsync()).Count);

        // Minutes: 15 by default, as the spec says; older events need Minutes or StartDate.
        clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        Assert.Empty(await events.ListAsync().ToListAsync());
        Assert.Equal(5, (await events.ListAsync(ListEventRequest.CreateBuilder().WithMinutes(60).Build()).ToListAsync()).Count);
        Assert.Equal(4, (await events.ListAsync(ListEventRequest.CreateBuilder().WithMinutes(16).Build()).ToListAsync()).Count);
        Assert.Equal(5, (await events.ListAsync(ListEventRequest.CreateBuilder().WithStartDate(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)).Build()).ToListAsync()).Count);
        Assert.Equal(5, (await events.ListAsync(ListEventRequest.CreateBuilder().WithMinutes(int.MaxValue).Build()).ToListAsync()).Count);
    }

    [Theory]
    [InlineData("EventType=task.created&EventType=task.completed", "given 2 times")]
    [InlineData("TaskSid=WT123", "does not match")]
    [InlineData("TaskSid=WTaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa%0A", "does not match")]
    [InlineData("Minutes=-1", "Invalid Minutes")]
    [InlineData("Minutes=soon", "whole number")]
    [InlineData("StartDate=yesterday", "ISO 8601")]
    [InlineData("ResourceSid=WTaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "Unknown parameter")]
    [InlineData("PageSize=0", "PageSize")]
    public async Task Bad_events_list_parameters_are_400s(string query, string message)
    {
        var (emu, http, _) = await Start();
        await using var _emu = emu;
        using var _http = http;
        await EmulatorTaskRouterTests.CreateInteraction(http);

        var answer = await Send(http, HttpMethod.Get, $"/v1/Workspaces/{Ws}/Events?{query}");

        AssertTwilioError(400, answer);
        Assert.Contains(message, answer.Body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_wait_for_a_delivery_ends_with_its_token_or_when_the_emulator_stops()
    {
        var (emu, http, _) = await Start();
        using var _http = http;
        using var cancel = new CancellationTokenSource();
        var canceled = emu.WaitForDeliveryAsync("task.created", null, cancel.Token);
        var stopped = emu.WaitForDeliveryAsync(d => d.Attempt > 0);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => canceled);

        await emu.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => stopped);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => emu.WaitForDeliveryAsync("task.created"));
    }
}

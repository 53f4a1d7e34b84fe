using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using FlexCodegen.Emulator;
using Xunit;
using static FlexCodegen.Client.Tests.EmulatorHardeningTests;

namespace FlexCodegen.Client.Tests;

/// <summary>
/// The emulator follows an interaction into TaskRouter: the task it created, fetched, listed and updated over plain HTTP
/// at <c>/v1/Workspaces/{WorkspaceSid}/Tasks</c>, moving as the Interactions docs and TaskRouter say, and bad input
/// answered 4xx in Twilio's shape with nothing changed.
/// </summary>
public class EmulatorTaskRouterTests
{
    internal const string Ws = "WSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    internal sealed record Created(string Kd, string Uo, string Wt, string Ws, string TaskPath);

    /// <summary>An API-initiated SMS interaction; the task's SID and workspace come from its routing properties, as a client reads them.</summary>
    internal static async Task<Created> CreateInteraction(HttpClient http, string routing = ApiRouting)
    {
        var created = await Send(http, HttpMethod.Post, "/v1/Interactions", Form(
            ("Channel", """{"type":"sms","initiated_by":"api","participants":[{"address":"+13115552368","proxy_address":"+14155559999"}]}"""),
            ("Routing", routing)));
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var properties = created.Body["routing"]!["properties"]!;
        string wt = properties["sid"]!.GetValue<string>(), ws = properties["workspace_sid"]!.GetValue<string>();
        return new Created(created.Body["sid"]!.GetValue<string>(), created.Body["channel"]!["sid"]!.GetValue<string>(), wt, ws, $"/v1/Workspaces/{ws}/Tasks/{wt}");
    }

    internal static async Task<string> Status(HttpClient http, string taskPath) =>
        (await Send(http, HttpMethod.Get, taskPath)).Body["assignment_status"]!.GetValue<string>();


    [Fact]
    public async Task The_task_an_interaction_created_is_fetched_by_the_sid_in_its_routing_properties()
    {
        var (emu, http, clock) = await Start();
        await using var _emu = emu;
        using var _http = http;
        var c = await CreateInteraction(http);
        clock.Advance(TimeSpan.FromSeconds(90));

        using var response = await http.GetAsync(c.TaskPath);
        var task = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(response.Headers.ETag);
        Assert.Matches("^WT[0-9a-f]{32}$", c.Wt);
        Assert.Equal(c.Wt, task["sid"]!.GetValue<string>());
        Assert.Equal(Ws, task["workspace_sid"]!.GetValue<string>());
        Assert.Equal(emu.AccountSid, task["account_sid"]!.GetValue<string>());
        Assert.Equal("pending", task["assignment_status"]!.GetValue<string>());
        Assert.Equal("2026-01-01T00:00:00Z", task["date_created"]!.GetValue<string>());
        Assert.Equal("2026-01-01T00:00:00Z", task["date_updated"]!.GetValue<string>());
        Assert.Equal(90, task["age"]!.GetValue<long>());
        Assert.Equal("sms", task["task_channel_unique_name"]!.GetValue<string>());
        Assert.Equal(new Uri(emu.BaseAddress, c.TaskPath).ToString(), task["url"]!.GetValue<string>());
        Assert.Equal(new Uri(emu.BaseAddress, $"/v1/Workspaces/{Ws}").ToString(), task["links"]!["workspace"]!.GetValue<string>());
        // What Flex adds to an interaction's task: the ids that lead to the channel and its Conversation.
        var attributes = JsonNode.Parse(task["attributes"]!.GetValue<string>())!;
        Assert.Equal(c.Kd, attributes["flexInteractionSid"]!.GetValue<string>());
        Assert.Equal(c.Uo, attributes["flexInteractionChannelSid"]!.GetValue<string>());
        Assert.Matches("^CH[0-9a-f]{32}$", attributes["conversationSid"]!.GetValue<string>());
        Assert.Equal("inbound", attributes["direction"]!.GetValue<string>());
        Assert.Equal(new[] { (c.Wt, "pending") }, emu.Tasks(c.Uo));
    }

    [Fact]
    public async Task The_routings_attributes_reach_the_task_as_they_are()
    {
        var (emu, http, _) = await Start();
        await using var _emu = emu;
        using var _http = http;
        var c = await CreateInteraction(http, """{"properties":{"workspace_sid":"WSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","priority":7,"timeout":600,"attributes":{"customerName":"Ann","nested":{"a":[1,2]}}}}""");

        var task = (await Send(http, HttpMethod.Get, c.TaskPath)).Body;

        var attributes = JsonNode.Parse(task["attributes"]!.GetValue<string>())!;
        Assert.Equal("Ann", attributes["customerName"]!.GetValue<string>());
        Assert.Equal(2, attributes["nested"]!["a"]![1]!.GetValue<int>());
        Assert.Equal(7, task["priority"]!.GetValue<long>());
        Assert.Equal(600, task["timeout"]!.GetValue<long>());
    }

    [Theory]
    [InlineData(false, "wrapping")]
    [InlineData(true, "completed")]
    public async Task Closing_the_channel_moves_the_task_TaskRouter_serves_and_closes_its_conversation(bool routingClosed, string taskState)
    {
        var (emu, http, clock) = await Start();
        await using var _emu = emu;
        using var _http = http;
        var c = await CreateInteraction(http);
        string conversation = JsonNode.Parse((await Send(http, HttpMethod.Get, c.TaskPath)).Body["attributes"]!.GetValue<string>())!["conversationSid"]!.GetValue<string>();
        Assert.Equal("active", (await Send(http, HttpMethod.Get, $"/v1/Conversations/{conversation}")).Body["state"]!.GetValue<string>());
        clock.Advance(TimeSpan.FromMinutes(5));

        var fields = new List<(string, string)> { ("Status", "closed") };
        if (routingClosed) fields.Add(("Routing", """{"status":"closed"}"""));
        Assert.Equal(HttpStatusCode.OK, (await Send(http, HttpMethod.Post, $"/v1/Interactions/{c.Kd}/Channels/{c.Uo}", Form(fields.ToArray()))).Status);

        var task = (await Send(http, HttpMethod.Get, c.TaskPath)).Body;
        Assert.Equal(taskState, task["assignment_status"]!.GetValue<string>());
        Assert.Equal("2026-01-01T00:05:00Z", task["date_updated"]!.GetValue<string>());
        var interaction = (await Send(http, HttpMethod.Get, $"/v1/Interactions/{c.Kd}")).Body;
        Assert.Equal(taskState, interaction["routing"]!["properties"]!["assignment_status"]!.GetValue<string>());
        var closed = (await Send(http, HttpMethod.Get, $"/v1/Conversations/{conversation}")).Body;
        Assert.Equal("closed", closed["state"]!.GetValue<string>());
        Assert.Equal("2026-01-01T00:05:00Z", closed["date_updated"]!.GetValue<string>());
        Assert.Equal("closed", emu.ConversationState(c.Uo));
    }

    [Fact]
    public async Task A_pending_task_is_canceled_with_a_reason_and_then_stays_canceled()
    {
        var (emu, http, clock) = await Start();
        await using var _emu = emu;
        using var _http = http;
        var c = await CreateInteraction(http);
        clock.Advance(TimeSpan.FromSeconds(2));

        var canceled = await Update(http, c.TaskPath, ("AssignmentStatus", "canceled"), ("Reason", "customer hung up"));

        Assert.Equal(HttpStatusCode.OK, canceled.Status);
        Assert.Equal("canceled", canceled.Body["assignment_status"]!.GetValue<string>());
        Assert.Equal("customer hung up", canceled.Body["reason"]!.GetValue<string>());
        // Closing the channel afterwards completes the tasks still open; a canceled one is final.
        await Send(http, HttpMethod.Post, $"/v1/Interactions/{c.Kd}/Channels/{c.Uo}", Form(("Status", "closed"), ("Routing", """{"status":"closed"}""")));
        Assert.Equal("canceled", await Status(http, c.TaskPath));
        string before = emu.StateSnapshot();
        var again = await Update(http, c.TaskPath, ("AssignmentStatus", "completed"), ("Reason", "done"));
        AssertTwilioError(400, again);
        Assert.Contains("canceled, which is final", again.Body["message"]!.GetValue<string>());
        Assert.Equal(before, emu.StateSnapshot());
    }

    [Fact]
    public async Task An_assigned_task_wraps_up_and_completes_and_completed_is_final()
    {
        var (emu, http, _) = await Start();
        await using var _emu = emu;
        using var _http = http;
        var c = await CreateInteraction(http);
        emu.AcceptReservation(c.Wt);
        Assert.Equal("assigned", await Status(http, c.TaskPath));

        Assert.Equal("wrapping", (await Update(http, c.TaskPath, ("AssignmentStatus", "wrapping"))).Body["assignment_status"]!.GetValue<string>());
        Assert.Equal("completed", (await Update(http, c.TaskPath, ("AssignmentStatus", "completed"), ("Reason", "resolved"))).Body["assignment_status"]!.GetValue<string>());

        string before = emu.StateSnapshot();
        AssertTwilioError(400, await Update(http, c.TaskPath, ("AssignmentStatus", "wrapping")));
        AssertTwilioError(400, await Update(http, c.TaskPath, ("Attributes", "{}")));
        AssertTwilioError(400, await Update(http, c.TaskPath, ("AssignmentStatus", "canceled"), ("Reason", "x")));
        Assert.Equal(before, emu.StateSnapshot());
        Assert.Throws<InvalidOperationException>(() => emu.AcceptReservation(c.Wt));
        Assert.Throws<InvalidOperationException>(() => emu.AcceptReservation("WT" + new string('0', 32)));
    }

    [Theory]
    [InlineData("wrapping", "", "pending and cannot become wrapping")]
    [InlineData("completed", "done", "pending and cannot become completed")]
    [InlineData("assigned", "", "cannot be set to assigned")]
    [InlineData("reserved", "", "cannot be set to reserved")]
    [InlineData("pending", "", "cannot be set to pending")]
    [InlineData("canceled", "", "Missing required parameter Reason")]
    [InlineData("", "why", "a reason is given only with")]
    [InlineData("closed", "", "must be one of")]
    [InlineData("Canceled", "x", "must be one of")]
    public async Task A_transition_TaskRouter_does_not_allow_is_a_400_and_the_task_stays_as_it_was(string status, string reason, string message)
    {
        var (emu, http, _) = await Start();
        await using var _emu = emu;
        using var _http = http;
        var c = await CreateInteraction(http);
        string before = emu.StateSnapshot();
        var fields = new List<(string, string)>();
        if (status.Length > 0) fields.Add(("AssignmentStatus", status));
        if (reason.Length > 0) fields.Add(("Reason", reason));
        fields.Add(("Priority", "5")); // a valid change alongside: refused together

        var answer = await Update(http, c.TaskPath, fields.ToArray());

        AssertTwilioError(400, answer);
        Assert.Equal(20001, answer.Body["code"]!.GetValue<int>());
        Assert.Contains(message, answer.Body["message"]!.GetValue<string>());
        Assert.Equal(before, emu.StateSnapshot());
        Assert.Equal("pending", await Status(http, c.TaskPath));
    }

    [Fact]
    public async Task Attributes_priority_and_virtual_start_time_are_updated_together()
    {
        var (emu, http, clock) = await Start();
        await using var _emu = emu;
        using var _http = http;
        var c = await CreateInteraction(http);
        clock.Advance(TimeSpan.FromHours(1));

        var updated = await Update(http, c.TaskPath, ("Attributes", """{"vip":true}"""), ("Priority", "2147483647"), ("VirtualStartTime", "2026-01-01T00:30:00Z"));

        Assert.Equal(HttpStatusCode.OK, updated.Status);
        Assert.Equal("""{"vip":true}""", updated.Body["attributes"]!.GetValue<string>());
        Assert.Equal(int.MaxValue, updated.Body["priority"]!.GetValue<long>());
        Assert.Equal("2026-01-01T00:30:00Z", updated.Body["virtual_start_time"]!.GetValue<string>());
        Assert.Equal("2026-01-01T01:00:00Z", updated.Body["date_updated"]!.GetValue<string>());
        Assert.Equal("pending", updated.Body["assignment_status"]!.GetValue<string>());
    }

    public static IEnumerable<object[]> HostileUpdates() => new[]
    {
        new object[] { new[] { ("Status", "canceled") }, "Unknown parameter Status" },
        new object[] { new[] { ("assignmentstatus", "canceled") }, "Unknown parameter" },
        new object[] { new[] { ("AssignmentStatus", "canceled"), ("AssignmentStatus", "canceled"), ("Reason", "x") }, "given 2 times" },
        new object[] { new[] { ("Priority", "high") }, "whole number" },
        new object[] { new[] { ("Priority", "-1") }, "from 0 to" },
        new object[] { new[] { ("Priority", "2147483648") }, "from 0 to" },
        new object[] { new[] { ("Priority", new string('9', 400)) }, "whole number" },
        new object[] { new[] { ("Priority", "1.5") }, "whole number" },
        new object[] { new[] { ("Attributes", "[1,2]") }, "JSON object" },
        new object[] { new[] { ("Attributes", "not json") }, "not valid JSON" },
        new object[] { new[] { ("Attributes", """{"a":1,"a":2}""") }, "more than once" },
        new object[] { new[] { ("Attributes", """{"a":"\ud800"}""") }, "surrogate" },
        new object[] { new[] { ("Attributes", """{"a":1e400}""") }, "beyond the range" },
        new object[] { new[] { ("VirtualStartTime", "yesterday") }, "ISO 8601" },
        new object[] { new[] { ("VirtualStartTime", "2999-01-01T00:00:00Z") }, "between 1900 and now" },
        new object[] { new[] { ("VirtualStartTime", "1899-12-31T23:59:59Z") }, "between 1900 and now" },
        new object[] { new[] { ("TaskChannel", "voice") }, "is on task channel sms" },
        new object[] { new[] { ("AssignmentStatus", new string('x', 200_000)) }, "must be one of" },
    };

    [Theory]
    [MemberData(nameof(HostileUpdates))]
    public async Task Hostile_update_bodies_are_400s_in_Twilios_shape_and_change_nothing((string, string)[] fields, string message)
    {
        var (emu, http, _) = await Start();
        await using var _emu = emu;
        using var _http = http;
        var c = await CreateInteraction(http);
        string before = emu.StateSnapshot();

        var answer = await Update(http, c.TaskPath, fields);

        AssertTwilioError(400, answer);
        string text = answer.Body["message"]!.GetValue<string>();
        Assert.Contains(message, text);
        Assert.True(text.Length < 1000, $"a {text.Length}-character message");
        Assert.Equal(before, emu.StateSnapshot());
    }

    [Fact]
    public async Task If_match_updates_only_the_version_it_names()
    {
        var (emu, http, _) = await Start();
        await using var _emu = emu;
        using var _http = http;
        var c = await CreateInteraction(http);
        using var fetched = await http.GetAsync(c.TaskPath);
        var etag = fetched.Headers.ETag!;
        await Update(http, c.TaskPath, ("Priority", "3")); // someone else changes the task
        string before = emu.StateSnapshot();

        using var stale = new HttpRequestMessage(HttpMethod.Post, c.TaskPath) { Content = Form(("Priority", "4")) };
        stale.Headers.IfMatch.Add(etag);
        using var refused = await http.SendAsync(stale);
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        Assert.Equal(412, JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["status"]!.GetValue<int>());
        Assert.Equal(before, emu.StateSnapshot());

        using var current = await http.GetAsync(c.TaskPath);
        using var fresh = new HttpRequestMessage(HttpMethod.Post, c.TaskPath) { Content = Form(("Priority", "4")) };
        fresh.Headers.IfMatch.Add(current.Headers.ETag!);
        using var accepted = await http.SendAsync(fresh);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.NotEqual(current.Headers.ETag, accepted.Headers.ETag);
    }

    [Theory]
    [InlineData("/v1/Workspaces/WSbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb/Tasks/{wt}")] // a workspace no interaction routed to
    [InlineData("/v1/Workspaces/{ws}/Tasks/WTbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb")] // a task that does not exist
    [InlineData("/v1/Workspaces/{ws}/Tasks/WTshort")] // malformed
    [InlineData("/v1/Workspaces/{ws}/Tasks/KDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")] // another kind of id
    [InlineData("/v1/Workspaces/wsaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Tasks/{wt}")] // the prefix is case-sensitive
    [InlineData("/v1/Workspaces/WSbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb/Tasks")]
    [InlineData("/v1/Workspaces/not-a-sid/Tasks")]
    public async Task Unknown_or_malformed_workspaces_and_tasks_are_404s_for_fetch_update_and_list(string template)
    {
        var (emu, http, _) = await Start();
        await using var _emu = emu;
        using var _http = http;
        var c = await CreateInteraction(http);
        string path = template.Replace("{ws}", c.Ws).Replace("{wt}", c.Wt);
        string before = emu.StateSnapshot();

        var fetched = await Send(http, HttpMethod.Get, path);
        var updated = await Send(http, HttpMethod.Post, path, Form(("AssignmentStatus", "canceled"), ("Reason", "x")));

        AssertTwilioError(404, fetched);
        Assert.Equal(20404, fetched.Body["code"]!.GetValue<int>());
        Assert.True(updated.Status is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, updated.Status.ToString());
        Assert.Equal(before, emu.StateSnapshot());
    }

    [Fact]
    public async Task A_task_is_found_only_in_its_own_workspace()
    {
        var (emu, http, _) = await Start();
        await using var _emu = emu;
        using var _http = http;
        var a = await CreateInteraction(http);
        var b = await CreateInteraction(http, """{"properties":{"workspace_sid":"WSbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"}}""");

        AssertTwilioError(404, await Send(http, HttpMethod.Get, $"/v1/Workspaces/{b.Ws}/Tasks/{a.Wt}"));
        Assert.Equal(HttpStatusCode.OK, (await Send(http, HttpMethod.Get, b.TaskPath)).Status);
    }

    [Fact]
    public async Task The_new_endpoints_ask_for_the_same_credentials()
    {
        var (emu, http, _) = await Start();
        await using var _emu = emu;
        using var _http = http;
        var c = await CreateInteraction(http);
        using var anonymous = new HttpClient { BaseAddress = emu.BaseAddress };
        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(emu.AccountSid + ":wrong")));

        AssertTwilioError(401, await Send(anonymous, HttpMethod.Get, c.TaskPath));
        AssertTwilioError(401, await Send(anonymous, HttpMethod.Post, c.TaskPath, Form(("AssignmentStatus", "canceled"), ("Reason", "x"))));
        AssertTwilioError(401, await Send(anonymous, HttpMethod.Get, $"/v1/Workspaces/{c.Ws}/Tasks"));
        Assert.Equal("pending", await Status(http, c.TaskPath));
    }

    // ---- List Task ----

    [Fact]
    public async Task List_filters_by_status_and_pages_keep_the_filter()
    {
        var (emu, http, _) = await Start();
        await using var _emu = emu;
        using var _http = http;
        var created = new List<Created>();
        for (int i = 0; i < 5; i++) created.Add(await CreateInteraction(http));
        await Update(http, created[1].TaskPath, ("AssignmentStatus", "canceled"), ("Reason", "x"));
        string list = $"/v1/Workspaces/{Ws}/Tasks";

        var all = await Send(http, HttpMethod.Get, list);
        Assert.Equal(created.Select(c => c.Wt), all.Body["tasks"]!.AsArray().Select(t => t!["sid"]!.GetValue<string>()));
        Assert.All(all.Body["tasks"]!.AsArray(), t => Assert.Null(t!["attributes"])); // only a fetch shows attributes
        Assert.Equal("tasks", all.Body["meta"]!["key"]!.GetValue<string>());

        var pending = new List<string>();
        string? next = $"{list}?AssignmentStatus=pending,reserved&PageSize=2";
        while (next is not null)
        {
            var page = await Send(http, HttpMethod.Get, next);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            pending.AddRange(page.Body["tasks"]!.AsArray().Select(t => t!["sid"]!.GetValue<string>()));
            next = page.Body["meta"]!["next_page_url"]?.GetValue<string>();
            if (next is not null) Assert.Contains("AssignmentStatus=pending%2Creserved", next);
        }
        Assert.Equal(created.Where((_, i) => i != 1).Select(c => c.Wt), pending);

        var repeated = await Send(http, HttpMethod.Get, $"{list}?AssignmentStatus=canceled&AssignmentStatus=completed");
        Assert.Equal(created[1].Wt, Assert.Single(repeated.Body["tasks"]!.AsArray())!["sid"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_orders_by_priority_and_filters_by_queue_and_routing_target()
    {
        var (emu, http, _) = await Start();
        await using var _emu = emu;
        using var _http = http;
        var low = await CreateInteraction(http, """{"properties":{"workspace_sid":"WSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","priority":1}}""");
        var high = await CreateInteraction(http, """{"properties":{"workspace_sid":"WSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","priority":9,"queue_sid":"WQaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","worker_sid":"WKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}}""");
        string list = $"/v1/Workspaces/{Ws}/Tasks";

        static IEnumerable<string> Sids((HttpStatusCode, JsonObject Body) page) => page.Body["tasks"]!.AsArray().Select(t => t!["sid"]!.GetValue<string>());
        Assert.Equal(new[] { high.Wt, low.Wt }, Sids(await Send(http, HttpMethod.Get, $"{list}?Ordering=Priority:desc")));
        Assert.Equal(new[] { low.Wt, high.Wt }, Sids(await Send(http, HttpMethod.Get, $"{list}?Ordering=Priority:asc,DateCreated:asc")));
        Assert.Equal(new[] { high.Wt }, Sids(await Send(http, HttpMethod.Get, $"{list}?TaskQueueSid=WQaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")));
        Assert.Equal(new[] { high.Wt }, Sids(await Send(http, HttpMethod.Get, $"{list}?RoutingTarget=WKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")));
        Assert.Equal(new[] { low.Wt }, Sids(await Send(http, HttpMethod.Get, $"{list}?Priority=1")));
        Assert.Empty(Sids(await Send(http, HttpMethod.Get, $"{list}?HasAddons=true")));
        Assert.Equal(2, Sids(await Send(http, HttpMethod.Get, $"{list}?HasAddons=false")).Count());
    }

    [Theory]
    [InlineData("AssignmentStatus=open", "Invalid AssignmentStatus")]
    [InlineData("AssignmentStatus=pending,bogus", "Invalid AssignmentStatus")]
    [InlineData("Priority=high", "whole number")]
    [InlineData("Priority=1&Priority=2", "given 2 times")]
    [InlineData("TaskQueueSid=WQ123", "does not match")]
    [InlineData("WorkflowSid=WQaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "does not match")]
    [InlineData("WorkflowSid=WWaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa%0A", "does not match")]
    [InlineData("TaskQueueSid=WQaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa%0D%0A", "does not match")]
    [InlineData("HasAddons=maybe", "true or false")]
    [InlineData("Ordering=Priority", "Invalid Ordering")]
    [InlineData("Ordering=Age:asc", "Invalid Ordering")]
    [InlineData("Ordering=DateCreated:asc,VirtualStartTime:desc", "cannot be combined")]
    [InlineData("Ordering=Priority:asc,Priority:desc", "more than once")]
    [InlineData("EvaluateTaskAttributes=customerName%3D%3D%22Ann%22", "does not evaluate")]
    [InlineData("PageSize=0", "PageSize")]
    [InlineData("PageSize=1001", "PageSize")]
    [InlineData("Page=-1", "Page")]
    [InlineData("PageToken=nope", "PageToken")]
    [InlineData("Status=pending", "Unknown parameter Status")]
    public async Task Bad_list_parameters_are_400s(string query, string message)
    {
        var (emu, http, _) = await Start();
        await using var _emu = emu;
        using var _http = http;
        await CreateInteraction(http);

        var answer = await Send(http, HttpMethod.Get, $"/v1/Workspaces/{Ws}/Tasks?{query}");

        AssertTwilioError(400, answer);
        Assert.Contains(message, answer.Body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Tasks_outlive_an_expired_channel_in_TaskRouter()
    {
        var (emu, http, clock) = await Start();
        await using var _emu = emu;
        using var _http = http;
        var c = await CreateInteraction(http);
        clock.Advance(TimeSpan.FromDays(181));

        AssertTwilioError(404, await Send(http, HttpMethod.Get, $"/v1/Interactions/{c.Kd}/Channels/{c.Uo}"));
        Assert.Equal("pending", await Status(http, c.TaskPath));
    }

    [Fact]
    public async Task An_invite_adds_a_second_task_in_the_workspace_its_routing_names()
    {
        var (emu, http, _) = await Start();
        await using var _emu = emu;
        using var _http = http;
        var c = await CreateInteraction(http);

        var invite = await Send(http, HttpMethod.Post, $"/v1/Interactions/{c.Kd}/Channels/{c.Uo}/Invites", Form(("Routing", """{"properties":{"workspace_sid":"WSbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"}}""")));

        Assert.Equal(HttpStatusCode.Created, invite.Status);
        var listed = await Send(http, HttpMethod.Get, "/v1/Workspaces/WSbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb/Tasks");
        string wt = Assert.Single(listed.Body["tasks"]!.AsArray())!["sid"]!.GetValue<string>();
        var task = (await Send(http, HttpMethod.Get, $"/v1/Workspaces/WSbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb/Tasks/{wt}")).Body;
        Assert.Equal(invite.Body["sid"]!.GetValue<string>(), JsonNode.Parse(task["attributes"]!.GetValue<string>())!["flexChannelInviteSid"]!.GetValue<string>());
        Assert.Equal(2, emu.Tasks(c.Uo).Count);
    }

    [Fact]
    public async Task A_participant_update_does_not_move_a_task_out_of_a_final_state()
    {
        var (emu, http, clock) = await Start();
        await using var _emu = emu;
        using var _http = http;
        var c = await CreateInteraction(http, """{"properties":{"workspace_sid":"WSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","queue_sid":"WQaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","worker_sid":"WKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}}""");
        clock.Advance(TimeSpan.FromSeconds(2));
        var agent = (await Send(http, HttpMethod.Get, $"/v1/Interactions/{c.Kd}/Channels/{c.Uo}/Participants")).Body["participants"]!.AsArray()
            .Single(p => p!["type"]!.GetValue<string>() == "agent")!["sid"]!.GetValue<string>();
        await Update(http, c.TaskPath, ("AssignmentStatus", "canceled"), ("Reason", "x"));

        var wrapup = await Send(http, HttpMethod.Post, $"/v1/Interactions/{c.Kd}/Channels/{c.Uo}/Participants/{agent}", Form(("Status", "wrapup")));

        Assert.Equal(HttpStatusCode.OK, wrapup.Status);
        Assert.Equal("canceled", await Status(http, c.TaskPath));
    }
}

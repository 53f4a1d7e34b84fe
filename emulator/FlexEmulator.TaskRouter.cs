using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FlexCodegen.Emulator;

/// <summary>
/// TaskRouter's Fetch, Update and List Task for the tasks interactions and invites created: the same
/// <see cref="EmulatedTask"/> objects the Interactions endpoints move, validated from <c>twilio_taskrouter_v1.json</c>.
/// </summary>
public sealed partial class FlexEmulator
{
    private const string TaskList = "/v1/Workspaces/{WorkspaceSid}/Tasks", TaskInstance = TaskList + "/{Sid}";

    /// <summary>
    /// What Update Task may set AssignmentStatus to, and from where (TaskRouter's Task resource): cancel a task nobody
    /// holds yet, wrap up an assigned one, complete an assigned or wrapping one. pending, reserved and assigned are
    /// TaskRouter's own moves (routing and reservations), never a client's.
    /// </summary>
    private static readonly Dictionary<string, string[]> TaskTransitions = new(StringComparer.Ordinal)
    {
        ["canceled"] = ["pending", "reserved"],
        ["wrapping"] = ["assigned"],
        ["completed"] = ["assigned", "wrapping"],
    };

    private void MapTaskRouter(WebApplication app)
    {
        const string Tasks = "/v1/Workspaces/{ws}/Tasks";
        app.MapGet(Tasks, (HttpRequest r, string ws) => Handle(r, () => ListTasks(r, ws)));
        app.MapGet(Tasks + "/{wt}", (HttpRequest r, string ws, string wt) => Handle(r, () => TaskResult(r, Task(r, ws, wt))));
        app.MapPost(Tasks + "/{wt}", (HttpRequest r, string ws, string wt) => Handle(r, () => UpdateTask(r, ws, wt)));
        MapTaskRouterWorkspaces(app);
    }

    /// <summary>
    /// The task for a routing (validated by the Interactions side: workspace_sid present, SIDs well formed, priority
    /// and timeout whole numbers). Its attributes are the routing's <c>attributes</c> "as is" plus what Flex adds to
    /// every interaction task (conversationSid, flexInteractionSid, flexInteractionChannelSid, ...), as a JSON string.
    /// </summary>
    private EmulatedTask NewTask(EmulatedChannel channel, JsonNode routing, string? inviteSid)
    {
        var properties = routing["properties"] as JsonObject ?? new JsonObject();
        var now = Now;
        var task = new EmulatedTask
        {
            Sid = Store.NewSid("WT"),
            WorkspaceSid = Text(properties, "workspace_sid") ?? "",
            ChannelSid = channel.Sid,
            InteractionSid = channel.InteractionSid,
            Routing = routing.DeepClone(),
            Sequence = Store.NextTaskSequence(),
            DateCreated = now,
            VirtualStartTime = now,
            Attributes = TaskAttributes(channel, properties, inviteSid),
            Priority = Whole(properties, "priority") ?? 0,
            Timeout = Whole(properties, "timeout") ?? 86400,
            WorkflowSid = Text(properties, "workflow_sid"),
            QueueSid = Text(properties, "queue_sid"),
            RoutingTarget = Text(properties, "worker_sid"),
            TaskChannelSid = Text(properties, "task_channel_sid"),
            TaskChannelUniqueName = Text(properties, "task_channel_unique_name"),
        };
        task.Touch(now);
        return task;
    }

    private string TaskAttributes(EmulatedChannel channel, JsonObject properties, string? inviteSid)
    {
        var attributes = properties["attributes"] switch
        {
            JsonObject o => (JsonObject)o.DeepClone(),
            // A JSON object given as text (TaskRouter's own form of attributes) counts as that object.
            JsonValue v when v.TryGetValue<string>(out var text) && TryParseObject(text) is JsonObject o => o,
            // Anything else cannot be a task's attributes (TaskRouter keeps a JSON object): Flex's fields only.
            _ => new JsonObject(),
        };
        string? initiatedBy = channel.InitiatedBy;
        attributes["channelType"] = channel.Type;
        attributes["conversationSid"] = channel.ConversationSid;
        attributes["flexInteractionSid"] = channel.InteractionSid;
        attributes["flexInteractionChannelSid"] = channel.Sid;
        if (inviteSid is not null) attributes["flexChannelInviteSid"] = inviteSid;
        if (initiatedBy is not null)
        {
            attributes["initiatedBy"] = initiatedBy;
            attributes["direction"] = initiatedBy == "agent" ? "outbound" : "inbound";
        }
        return attributes.ToJsonString();
    }

    private static JsonObject? TryParseObject(string text)
    {
        try
        {
            return StrictJson.Parse("attributes", text) as JsonObject;
        }
        catch (ApiError)
        {
            return null;
        }
    }

    private static string? Text(JsonObject properties, string name) =>
        properties[name] is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;

    private static long? Whole(JsonObject properties, string name) =>
        properties[name] is JsonValue v && v.TryGetValue<long>(out long number) ? number : null;

    // ---- lookups ----

    /// <summary>A workspace exists once an interaction routed a task in it; another, or a malformed SID, is 404.</summary>
    private EmulatedWorkspace Workspace(HttpRequest r, string ws)
    {
        Sid(r, ws, "WS");
        return Store.Workspace(ws) ?? throw ApiError.NotFound(r.Path);
    }

    private EmulatedTask Task(HttpRequest r, string ws, string wt)
    {
        Workspace(r, ws);
        Sid(r, wt, "WT");
        var task = Store.Task(wt);
        return task is not null && task.WorkspaceSid == ws ? task : throw ApiError.NotFound(r.Path);
    }

    // ---- operations ----

    private IResult TaskResult(HttpRequest r, EmulatedTask task)
    {
        r.HttpContext.Response.Headers.ETag = ETag(task);
        return Json(TaskJson(r, task, withAttributes: true));
    }

    private static string ETag(EmulatedTask task) => "\"" + task.Version.ToString(CultureInfo.InvariantCulture) + "\"";

    /// <summary>
    /// Everything is read and checked first; only then is anything changed, so a refused update leaves the task as it was.
    /// </summary>
    private IResult UpdateTask(HttpRequest r, string ws, string wt)
    {
        var task = Task(r, ws, wt);
        var form = SpecRules.TaskRouter.ReadForm(TaskInstance, r.Form, strict: true);
        string? ifMatch = r.Headers.IfMatch;
        if (!string.IsNullOrEmpty(ifMatch) && ifMatch != "*" && ifMatch != ETag(task))
            throw new ApiError(412, 20001, $"Precondition failed: If-Match {SpecRules.Shorten(ifMatch)} does not match the task's ETag {ETag(task)}; it changed since it was read");
        if (form.Count == 0) return TaskResult(r, task);
        if (task.IsFinal)
            throw ApiError.Invalid($"Task {task.Sid} is {task.Status}, which is final; it can no longer be updated");

        string? status = form["AssignmentStatus"]?.GetValue<string>();
        string? reason = form["Reason"]?.GetValue<string>();
        if (status is not null)
        {
            if (!TaskTransitions.TryGetValue(status, out var from))
                throw ApiError.Invalid($"Invalid AssignmentStatus: a task cannot be set to {status}; Update Task sets canceled, wrapping or completed ({status} is TaskRouter's to set)");
            if (!from.Contains(task.Status))
                throw ApiError.Invalid($"Invalid AssignmentStatus: task {task.Sid} is {task.Status} and cannot become {status}; {status} is reached from {string.Join(" or ", from)}");
        }
        if (status is "canceled" or "completed" && reason is null)
            throw ApiError.Invalid($"Missing required parameter Reason: a task that is {status} needs a reason");
        if (reason is not null && status is not ("canceled" or "completed"))
            throw ApiError.Invalid("Invalid Reason: a reason is given only with AssignmentStatus canceled or completed");
        string? attributes = null;
        if (form["Attributes"]?.GetValue<string>() is string attributesText)
        {
            if (StrictJson.Parse("Attributes", attributesText) is not JsonObject)
                throw ApiError.Invalid("Invalid Attributes: must be a JSON object");
            attributes = attributesText;
        }
        long? priority = form["Priority"]?.GetValue<long>();
        if (priority is < 0 or > int.MaxValue)
            throw ApiError.Invalid($"Invalid Priority: must be from 0 to {int.MaxValue}, got {priority}");
        DateTimeOffset? virtualStart = form["VirtualStartTime"]?.GetValue<string>() is string startText ? SpecRules.ParseDateTime(startText) : null;
        if (virtualStart is { } start && (start > Now || start.Year < 1900))
            throw ApiError.Invalid($"Invalid VirtualStartTime: must be between 1900 and now, got {start:yyyy-MM-dd'T'HH:mm:ss'Z'}");
        if (form["TaskChannel"]?.GetValue<string>() is string taskChannel
            && (task.TaskChannelSid ?? task.TaskChannelUniqueName) is not null
            && taskChannel != task.TaskChannelSid && taskChannel != task.TaskChannelUniqueName)
            throw ApiError.Invalid($"Invalid TaskChannel: task {task.Sid} is on task channel {task.TaskChannelUniqueName ?? task.TaskChannelSid}, not {SpecRules.Shorten(taskChannel)}");

        if (attributes is not null) task.Attributes = attributes;
        if (priority is { } newPriority) task.Priority = newPriority;
        if (virtualStart is { } newStart) task.VirtualStartTime = newStart;
        if (reason is not null) task.Reason = reason;
        bool updated = attributes is not null || priority is not null || virtualStart is not null;
        if (updated) task.Touch(Now);
        // TaskRouter reports a change of the task's fields as task.updated, and a move by the move's own event.
        if (updated) Emit(task, "task.updated", $"Task {task.Sid} updated");
        if (status is not null) MoveTask(task, status);
        else if (!updated) task.Touch(Now);
        return TaskResult(r, task);
    }

    /// <summary>
    /// List Task with the spec's filters. Names of queues and workflows are not known to the emulator (its tasks have
    /// none), so filtering by them finds nothing; EvaluateTaskAttributes (TaskRouter's expression language) is refused.
    /// </summary>
    private IResult ListTasks(HttpRequest r, string ws)
    {
        Workspace(r, ws);
        var query = SpecRules.TaskRouter.ReadQuery(TaskList, r.Query);
        if (query.ContainsKey("EvaluateTaskAttributes"))
            throw ApiError.Invalid("Invalid EvaluateTaskAttributes: the emulator does not evaluate TaskRouter expressions; filter the listed tasks' attributes in the test instead");
        var statuses = (query["AssignmentStatus"] as JsonArray)?.Select(s => s!.GetValue<string>()).ToList();
        var known = SpecRules.TaskRouter.Enum("task_enum_status");
        foreach (var s in statuses ?? [])
            if (!known.Contains(s)) throw ApiError.Invalid($"Invalid AssignmentStatus: must be among {string.Join(", ", known)}, got '{SpecRules.Shorten(s)}'");
        var order = Ordering(query["Ordering"]?.GetValue<string>());

        IEnumerable<EmulatedTask> tasks = Store.AllTasks.Where(t => t.WorkspaceSid == ws);
        if (statuses is { Count: > 0 }) tasks = tasks.Where(t => statuses.Contains(t.Status));
        if (query["Priority"] is JsonNode p) tasks = tasks.Where(t => t.Priority == p.GetValue<long>());
        if (query["WorkflowSid"] is JsonNode wf) tasks = tasks.Where(t => t.WorkflowSid == wf.GetValue<string>());
        if (query["TaskQueueSid"] is JsonNode tq) tasks = tasks.Where(t => t.QueueSid == tq.GetValue<string>());
        if (query["RoutingTarget"] is JsonNode rt) tasks = tasks.Where(t => t.RoutingTarget == rt.GetValue<string>());
        if (query.ContainsKey("WorkflowName") || query.ContainsKey("TaskQueueName")) tasks = [];
        if (query["HasAddons"] is JsonNode addons && addons.GetValue<bool>()) tasks = []; // no task has add-ons here
        IOrderedEnumerable<EmulatedTask>? sorted = null;
        foreach (var (key, descending) in order)
        {
            Func<EmulatedTask, long> by = key switch
            {
                "Priority" => t => t.Priority,
                "VirtualStartTime" => t => t.VirtualStartTime.UtcTicks,
                _ => t => t.DateCreated.UtcTicks,
            };
            sorted = sorted is null
                ? (descending ? tasks.OrderByDescending(by) : tasks.OrderBy(by))
                : (descending ? sorted.ThenByDescending(by) : sorted.ThenBy(by));
        }
        tasks = (sorted ?? tasks.OrderBy(t => t.DateCreated)).ThenBy(t => t.Sequence);
        // Attributes only in a fetch of one task (the spec: "Otherwise, it will be null").
        return Page(r, "tasks", tasks.Select(t => TaskJson(r, t, withAttributes: false)).ToList());
    }

    /// <summary>
    /// TaskRouter's Ordering: <c>Attribute:Order</c> pairs, comma-separated; Attribute is DateCreated, Priority or
    /// VirtualStartTime, Order asc or desc; DateCreated and VirtualStartTime may not be combined.
    /// </summary>
    private static List<(string Key, bool Descending)> Ordering(string? text)
    {
        var order = new List<(string, bool)>();
        if (text is null) return order;
        foreach (var pair in text.Split(','))
        {
            var parts = pair.Trim().Split(':');
            if (parts.Length != 2 || parts[0] is not ("DateCreated" or "Priority" or "VirtualStartTime") || parts[1] is not ("asc" or "desc"))
                throw ApiError.Invalid($"Invalid Ordering: '{SpecRules.Shorten(pair)}' is not Attribute:Order with Attribute DateCreated, Priority or VirtualStartTime and Order asc or desc");
            if (order.Any(o => o.Item1 == parts[0]))
                throw ApiError.Invalid($"Invalid Ordering: {parts[0]} appears more than once");
            order.Add((parts[0], parts[1] == "desc"));
        }
        if (order.Any(o => o.Item1 == "DateCreated") && order.Any(o => o.Item1 == "VirtualStartTime"))
            throw ApiError.Invalid("Invalid Ordering: DateCreated and VirtualStartTime cannot be combined");
        return order;
    }

    // ---- the response shape: taskrouter.v1.workspace.task ----

    private static string Date(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private JsonObject TaskJson(HttpRequest r, EmulatedTask t, bool withAttributes)
    {
        var links = new JsonObject
        {
            ["workspace"] = Url(r, "v1", "Workspaces", t.WorkspaceSid),
            ["reservations"] = Url(r, "v1", "Workspaces", t.WorkspaceSid, "Tasks", t.Sid, "Reservations"),
        };
        if (t.QueueSid is not null) links["task_queue"] = Url(r, "v1", "Workspaces", t.WorkspaceSid, "TaskQueues", t.QueueSid);
        if (t.WorkflowSid is not null) links["workflow"] = Url(r, "v1", "Workspaces", t.WorkspaceSid, "Workflows", t.WorkflowSid);
        return new JsonObject
        {
            ["account_sid"] = AccountSid,
            ["age"] = Math.Max(0L, (long)(Now - t.DateCreated).TotalSeconds),
            ["assignment_status"] = t.Status,
            ["attributes"] = withAttributes ? t.Attributes : null,
            ["addons"] = "{}",
            ["date_created"] = Date(t.DateCreated),
            ["date_updated"] = Date(t.DateUpdated),
            ["task_queue_entered_date"] = t.QueueSid is null ? null : Date(t.DateCreated),
            ["priority"] = t.Priority,
            ["reason"] = t.Reason,
            ["sid"] = t.Sid,
            ["task_queue_sid"] = t.QueueSid,
            ["task_queue_friendly_name"] = null,
            ["task_channel_sid"] = t.TaskChannelSid,
            ["task_channel_unique_name"] = t.TaskChannelUniqueName,
            ["timeout"] = t.Timeout,
            ["workflow_sid"] = t.WorkflowSid,
            ["workflow_friendly_name"] = null,
            ["workspace_sid"] = t.WorkspaceSid,
            ["url"] = Url(r, "v1", "Workspaces", t.WorkspaceSid, "Tasks", t.Sid),
            ["links"] = links,
            ["virtual_start_time"] = Date(t.VirtualStartTime),
            // TaskRouter: true by default when the routing target is a worker.
            ["ignore_capacity"] = t.RoutingTarget is null ? null : true,
            ["routing_target"] = t.RoutingTarget,
        };
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FlexCodegen.Emulator;

/// <summary>
/// TaskRouter's events for the emulator's tasks: each move of a task (and of its reservation) is an event, kept in its
/// workspace for the Events list (<c>/v1/Workspaces/{WorkspaceSid}/Events</c>) and posted to the workspace's
/// <c>EventCallbackUrl</c>, set by Update Workspace or <see cref="FlexEmulatorOptions.EventCallbackUrl"/>.
/// </summary>
public sealed partial class FlexEmulator
{
    private const string WorkspaceInstance = "/v1/Workspaces/{Sid}";
    private const string EventList = "/v1/Workspaces/{WorkspaceSid}/Events";

    /// <summary>Form fields of every callback that say what the event is rather than what it is about: not in <c>event_data</c>.</summary>
    private static readonly HashSet<string> Envelope = new(StringComparer.Ordinal)
    {
        "EventType", "AccountSid", "EventDescription", "ResourceType", "ResourceSid", "Timestamp", "TimestampMs", "Sid",
    };

    /// <summary>
    /// Every attempt at delivering an event to a callback URL so far, in the order the attempts ended (a retry is a
    /// record of its own, with the same event SID and idempotency token). Events of one workspace are delivered one at
    /// a time, in the order they happened, on a background loop; see <see cref="WaitForDeliveryAsync(string, Func{EventDelivery, bool}?, CancellationToken)"/>
    /// to wait for one.
    /// </summary>
    public IReadOnlyList<EventDelivery> Deliveries => _callbacks.Deliveries;

    /// <summary>
    /// Completes with the first delivery attempt, already made or still to come, of an event of
    /// <paramref name="eventType"/> that <paramref name="predicate"/> accepts: a state to wait for, not a duration (a
    /// retry waits for the emulator's clock, so a test advances it after seeing the attempt before).
    /// </summary>
    /// <param name="eventType">The event type, e.g. <c>task.created</c>.</param>
    /// <param name="predicate">What else the attempt must be, e.g. <c>d =&gt; d.Attempt == 3</c>; null for any.</param>
    /// <param name="cancellationToken">Ends the wait.</param>
    /// <returns>The attempt's record.</returns>
    /// <exception cref="ObjectDisposedException">The emulator stopped before such an attempt was made.</exception>
    public Task<EventDelivery> WaitForDeliveryAsync(string eventType, Func<EventDelivery, bool>? predicate = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        return _callbacks.WaitAsync(d => d.EventType == eventType && (predicate is null || predicate(d)), cancellationToken);
    }

    /// <summary>
    /// Completes with the first delivery attempt, already made or still to come, that <paramref name="predicate"/>
    /// accepts, whatever its event type.
    /// </summary>
    /// <param name="predicate">What the attempt must be, e.g. <c>d =&gt; !d.WillRetry</c>.</param>
    /// <param name="cancellationToken">Ends the wait.</param>
    /// <returns>The attempt's record.</returns>
    /// <exception cref="ObjectDisposedException">The emulator stopped before such an attempt was made.</exception>
    public Task<EventDelivery> WaitForDeliveryAsync(Func<EventDelivery, bool> predicate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return _callbacks.WaitAsync(predicate, cancellationToken);
    }

    private void MapTaskRouterWorkspaces(WebApplication app)
    {
        const string Workspace = "/v1/Workspaces/{ws}";
        app.MapGet(Workspace, (HttpRequest r, string ws) => Handle(r, () => Json(WorkspaceJson(r, this.Workspace(r, ws)))));
        app.MapPost(Workspace, (HttpRequest r, string ws) => Handle(r, () => UpdateWorkspace(r, ws)));
        app.MapGet(Workspace + "/Events", (HttpRequest r, string ws) => Handle(r, () => ListEvents(r, ws)));
        app.MapGet(Workspace + "/Events/{ev}", (HttpRequest r, string ws, string ev) => Handle(r, () => Json(EventJson(r, Event(r, ws, ev)))));
    }

    /// <summary>The workspace a routing names, made the first time, with the options' callback URL and filter.</summary>
    private EmulatedWorkspace EnsureWorkspace(string workspaceSid)
    {
        if (Store.Workspace(workspaceSid) is { } existing) return existing;
        var workspace = new EmulatedWorkspace
        {
            Sid = workspaceSid,
            DateCreated = Now,
            DateUpdated = Now,
            EventCallbackUrl = string.IsNullOrEmpty(_options.EventCallbackUrl) ? null : _options.EventCallbackUrl,
            EventsFilter = string.IsNullOrEmpty(_options.EventsFilter) ? null : _options.EventsFilter,
        };
        Store.Add(workspace);
        return workspace;
    }

    // ---- the moves of a task, and the events TaskRouter reports for them ----

    /// <summary>
    /// Moves a task and reports the move: <c>task.wrapup</c>, <c>task.completed</c> or <c>task.canceled</c>, then what it does
    /// to the task's reservation (<c>reservation.wrapup</c>, <c>reservation.completed</c>, <c>reservation.canceled</c>).
    /// </summary>
    private void MoveTask(EmulatedTask task, string status)
    {
        bool moves = task.Status != status;
        task.MoveTo(status, Now);
        // A wrapping task wrapped up again (its channel made inactive, then closed) is touched, not moved: no event.
        if (!moves) return;
        switch (status)
        {
            case "wrapping":
                Emit(task, "task.wrapup", $"Task {task.Sid} wrapping up");
                if (task.ReservationStatus == "accepted")
                {
                    task.ReservationStatus = "wrapping";
                    Emit(task, "reservation.wrapup", $"Reservation {task.ReservationSid} wrapping up", reservation: true);
                }
                break;
            case "completed":
                Emit(task, "task.completed", $"Task {task.Sid} completed");
                if (task.ReservationStatus is "accepted" or "wrapping")
                {
                    task.ReservationStatus = "completed";
                    Emit(task, "reservation.completed", $"Reservation {task.ReservationSid} completed", reservation: true);
                }
                break;
            case "canceled":
                Emit(task, "task.canceled", $"Task {task.Sid} canceled");
                if (task.ReservationStatus == "pending")
                {
                    task.ReservationStatus = "canceled";
                    Emit(task, "reservation.canceled", $"Reservation {task.ReservationSid} canceled", reservation: true);
                }
                break;
        }
    }

    /// <summary>
    /// The agent accepts: a pending task is reserved for the worker first (<c>reservation.created</c>, task
    /// <c>reserved</c>), then the reservation is accepted (<c>reservation.accepted</c>, task <c>assigned</c>).
    /// </summary>
    private void ReserveAndAccept(EmulatedTask task, string? workerSid)
    {
        if (task.ReservationStatus is null)
        {
            task.ReservationSid ??= Store.NewSid("WR");
            task.WorkerSid = workerSid ?? task.RoutingTarget ?? _standInWorkerSid;
            task.ReservationStatus = "pending";
            task.MoveTo("reserved", Now);
            Emit(task, "reservation.created", $"Reservation {task.ReservationSid} created for Worker {task.WorkerSid}", reservation: true);
        }
        task.ReservationStatus = "accepted";
        task.MoveTo("assigned", Now);
        Emit(task, "reservation.accepted", $"Reservation {task.ReservationSid} accepted by Worker {task.WorkerSid}", reservation: true);
    }

    /// <summary>
    /// Records an event in the task's workspace and, when the workspace has a callback URL whose filter lets the type
    /// through, queues it for delivery. The fields are those of TaskRouter's event callback, taken now: the envelope,
    /// the task's (its attributes as their JSON text), and for a reservation the reservation's and the worker's.
    /// </summary>
    private void Emit(EmulatedTask task, string type, string description, bool reservation = false)
    {
        var workspace = EnsureWorkspace(task.WorkspaceSid);
        var now = Now;
        string sid = Store.NewSid("EV");
        string resourceSid = reservation ? task.ReservationSid! : task.Sid;
        var fields = new List<KeyValuePair<string, string>>();
        void Add(string name, string? value)
        {
            if (value is not null) fields.Add(new(name, value));
        }
        Add("EventType", type);
        Add("AccountSid", AccountSid);
        Add("WorkspaceSid", workspace.Sid);
        Add("WorkspaceName", workspace.FriendlyName);
        Add("EventDescription", description);
        Add("ResourceType", reservation ? "reservation" : "task");
        Add("ResourceSid", resourceSid);
        Add("Timestamp", now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        Add("TimestampMs", now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        Add("Sid", sid);
        Add("TaskSid", task.Sid);
        Add("TaskAttributes", task.Attributes);
        Add("TaskAge", Math.Max(0L, (long)(now - task.DateCreated).TotalSeconds).ToString(CultureInfo.InvariantCulture));
        Add("TaskPriority", task.Priority.ToString(CultureInfo.InvariantCulture));
        Add("TaskAssignmentStatus", task.Status);
        Add("TaskChannelSid", task.TaskChannelSid);
        Add("TaskChannelUniqueName", task.TaskChannelUniqueName);
        // The reference's "Task" fields hold both reasons; each has a value once the task was canceled or completed with one.
        if (task.Status == "canceled") Add("TaskCanceledReason", task.Reason);
        if (task.Status == "completed") Add("TaskCompletedReason", task.Reason);
        // The reference's field data: task.created carries the workflow; the other task events and the reservation
        // events the queue and the workflow; reservation events the reservation and the worker.
        if (type != "task.created") Add("TaskQueueSid", task.QueueSid);
        Add("WorkflowSid", task.WorkflowSid);
        if (reservation)
        {
            Add("ReservationSid", task.ReservationSid);
            Add("WorkerSid", task.WorkerSid);
        }
        var e = new EmulatedEvent
        {
            Sid = sid,
            Type = type,
            WorkspaceSid = workspace.Sid,
            ResourceType = reservation ? "reservation" : "task",
            ResourceSid = resourceSid,
            TaskSid = task.Sid,
            ReservationSid = reservation ? task.ReservationSid : null,
            WorkerSid = reservation ? task.WorkerSid : null,
            TaskQueueSid = task.QueueSid,
            WorkflowSid = task.WorkflowSid,
            TaskChannelSid = task.TaskChannelSid,
            TaskChannelUniqueName = task.TaskChannelUniqueName,
            Description = description,
            Date = now,
            Fields = fields,
        };
        workspace.Events.Add(e);
        if (workspace.EventCallbackUrl is string url && TaskRouterEventTypes.Passes(workspace.EventsFilter, type))
            _callbacks.Enqueue(e, url);
    }

    // ---- Fetch and Update Workspace ----

    private IResult UpdateWorkspace(HttpRequest r, string ws)
    {
        var workspace = Workspace(r, ws);
        var form = SpecRules.TaskRouter.ReadForm(WorkspaceInstance, r.Form, strict: true);
        // An empty EventCallbackUrl or EventsFilter unsets it (Twilio's API takes "" for "none"); the reader skips empty values.
        bool clearUrl = GivenEmpty(r.Form, "EventCallbackUrl"), clearFilter = GivenEmpty(r.Form, "EventsFilter");
        if (form.Count == 0 && !clearUrl && !clearFilter) return Json(WorkspaceJson(r, workspace));

        string? url = form["EventCallbackUrl"]?.GetValue<string>();
        if (url is not null && CallbackAddress.Problem(url, _options.AllowNonLoopbackEventCallbacks) is string urlProblem)
            throw ApiError.Invalid($"Invalid EventCallbackUrl: {urlProblem}");
        string? filter = form["EventsFilter"]?.GetValue<string>();
        if (filter is not null && TaskRouterEventTypes.Problem(filter) is string filterProblem)
            throw ApiError.Invalid($"Invalid EventsFilter: {filterProblem}");
        if (form["MultiTaskEnabled"]?.GetValue<bool>() == false)
            throw ApiError.Invalid("Invalid MultiTaskEnabled: a Flex workspace is multi-tasking and cannot be made single-tasking");

        if (url is not null || clearUrl) workspace.EventCallbackUrl = url;
        if (filter is not null || clearFilter) workspace.EventsFilter = filter;
        if (form["FriendlyName"]?.GetValue<string>() is string name) workspace.FriendlyName = name;
        if (form["PrioritizeQueueOrder"]?.GetValue<string>() is string order) workspace.PrioritizeQueueOrder = order;
        if (form["DefaultActivitySid"]?.GetValue<string>() is string defaultActivity) workspace.DefaultActivitySid = defaultActivity;
        if (form["TimeoutActivitySid"]?.GetValue<string>() is string timeoutActivity) workspace.TimeoutActivitySid = timeoutActivity;
        workspace.DateUpdated = Now;
        return Json(WorkspaceJson(r, workspace));
    }

    private static bool GivenEmpty(IFormCollection form, string name) =>
        form.TryGetValue(name, out var values) && values.Count == 1 && string.IsNullOrEmpty(values[0]);

    /// <summary>
    /// The shape of <c>taskrouter.v1.workspace</c>. Activities are not emulated: their names are null, their SIDs what
    /// Update Workspace set. The links are TaskRouter's; the emulator serves the tasks and events among them.
    /// </summary>
    private JsonObject WorkspaceJson(HttpRequest r, EmulatedWorkspace w)
    {
        var links = new JsonObject();
        foreach (var (key, segment) in new[]
        {
            ("activities", "Activities"), ("statistics", "Statistics"), ("real_time_statistics", "RealTimeStatistics"),
            ("cumulative_statistics", "CumulativeStatistics"), ("task_queues", "TaskQueues"), ("tasks", "Tasks"),
            ("workers", "Workers"), ("workflows", "Workflows"), ("task_channels", "TaskChannels"), ("events", "Events"),
        })
            links[key] = Url(r, "v1", "Workspaces", w.Sid, segment);
        return new JsonObject
        {
            ["account_sid"] = AccountSid,
            ["date_created"] = Date(w.DateCreated),
            ["date_updated"] = Date(w.DateUpdated),
            ["default_activity_name"] = null,
            ["default_activity_sid"] = w.DefaultActivitySid,
            ["event_callback_url"] = w.EventCallbackUrl,
            ["events_filter"] = w.EventsFilter,
            ["friendly_name"] = w.FriendlyName,
            ["multi_task_enabled"] = w.MultiTaskEnabled,
            ["sid"] = w.Sid,
            ["timeout_activity_name"] = null,
            ["timeout_activity_sid"] = w.TimeoutActivitySid,
            ["prioritize_queue_order"] = w.PrioritizeQueueOrder,
            ["url"] = Url(r, "v1", "Workspaces", w.Sid),
            ["links"] = links,
        };
    }

    // ---- List and Fetch Event ----

    private EmulatedEvent Event(HttpRequest r, string ws, string ev)
    {
        var workspace = Workspace(r, ws);
        Sid(r, ev, "EV");
        return workspace.Events.FirstOrDefault(e => e.Sid == ev) ?? throw ApiError.NotFound(r.Path);
    }

    /// <summary>
    /// List Event with the spec's filters, oldest first (the order they happened; the spec does not say which way
    /// TaskRouter sorts). Without <c>StartDate</c> or <c>Minutes</c>, the last 15 minutes of the emulator's clock, as
    /// the spec says of Minutes; with both, an event must be inside both.
    /// </summary>
    private IResult ListEvents(HttpRequest r, string ws)
    {
        var workspace = Workspace(r, ws);
        var query = SpecRules.TaskRouter.ReadQuery(EventList, r.Query);
        var now = Now;
        DateTimeOffset? start = query["StartDate"]?.GetValue<string>() is string startText ? SpecRules.ParseDateTime(startText) : null;
        DateTimeOffset? end = query["EndDate"]?.GetValue<string>() is string endText ? SpecRules.ParseDateTime(endText) : null;
        long? minutes = query["Minutes"]?.GetValue<long>();
        if (minutes < 0) throw ApiError.Invalid($"Invalid Minutes: must be 0 or more, got {minutes}");
        if (start is null && minutes is null) minutes = 15;

        IEnumerable<EmulatedEvent> events = workspace.Events;
        if (minutes is long m && m < (now - DateTimeOffset.MinValue).TotalMinutes)
        {
            var since = now - TimeSpan.FromMinutes(m);
            events = events.Where(e => e.Date >= since);
        }
        if (start is { } from) events = events.Where(e => e.Date >= from);
        if (end is { } to) events = events.Where(e => e.Date <= to);
        string? Text(string name) => query[name]?.GetValue<string>();
        if (Text("EventType") is string type) events = events.Where(e => e.Type == type);
        if (Text("TaskSid") is string task) events = events.Where(e => e.TaskSid == task);
        if (Text("ReservationSid") is string reservation) events = events.Where(e => e.ReservationSid == reservation);
        if (Text("WorkerSid") is string worker) events = events.Where(e => e.WorkerSid == worker);
        if (Text("TaskQueueSid") is string queue) events = events.Where(e => e.TaskQueueSid == queue);
        if (Text("WorkflowSid") is string workflow) events = events.Where(e => e.WorkflowSid == workflow);
        if (Text("TaskChannel") is string channel) events = events.Where(e => e.TaskChannelSid == channel || e.TaskChannelUniqueName == channel);
        if (Text("Sid") is string sid) events = events.Where(e => e.Sid == sid);
        return Page(r, "events", events.Select(e => EventJson(r, e)).ToList());
    }

    /// <summary>
    /// The shape of <c>taskrouter.v1.workspace.event</c>. <c>event_data</c> holds the callback's fields about the event's
    /// subject (workspace, task, reservation, worker), named in snake case with the callback's text values; the actor
    /// is the workspace, the source <c>twilio</c>.
    /// </summary>
    private JsonObject EventJson(HttpRequest r, EmulatedEvent e)
    {
        var data = new JsonObject();
        foreach (var (name, value) in e.Fields)
            if (!Envelope.Contains(name)) data[SnakeCase(name)] = value;
        string resourceUrl = e.ResourceType == "reservation"
            ? Url(r, "v1", "Workspaces", e.WorkspaceSid, "Tasks", e.TaskSid, "Reservations", e.ResourceSid)
            : Url(r, "v1", "Workspaces", e.WorkspaceSid, "Tasks", e.TaskSid);
        return new JsonObject
        {
            ["account_sid"] = AccountSid,
            ["actor_sid"] = e.WorkspaceSid,
            ["actor_type"] = "workspace",
            ["actor_url"] = Url(r, "v1", "Workspaces", e.WorkspaceSid),
            ["description"] = e.Description,
            ["event_data"] = data,
            ["event_date"] = Date(e.Date),
            ["event_date_ms"] = e.Date.ToUnixTimeMilliseconds(),
            ["event_type"] = e.Type,
            ["resource_sid"] = e.ResourceSid,
            ["resource_type"] = e.ResourceType,
            ["resource_url"] = resourceUrl,
            ["sid"] = e.Sid,
            ["source"] = "twilio",
            ["source_ip_address"] = null,
            ["url"] = Url(r, "v1", "Workspaces", e.WorkspaceSid, "Events", e.Sid),
            ["workspace_sid"] = e.WorkspaceSid,
        };
    }

    /// <summary><c>TaskQueueSid</c> → <c>task_queue_sid</c>.</summary>
    private static string SnakeCase(string name)
    {
        var text = new StringBuilder(name.Length + 8);
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) text.Append('_');
            text.Append(char.ToLowerInvariant(name[i]));
        }
        return text.ToString();
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace FlexCodegen.Emulator;

/// <summary>
/// A TaskRouter task, created by an interaction or an invite. The one record of the task: the channel lists it, the
/// store indexes it by workspace, and the Interactions and TaskRouter endpoints both read and move this object.
/// </summary>
internal sealed class EmulatedTask
{
    public required string Sid { get; init; }
    public required string WorkspaceSid { get; init; }
    public required string ChannelSid { get; init; }
    public required string InteractionSid { get; init; }
    public JsonNode? Routing { get; init; }
    /// <summary>The order tasks were created in, for a stable list when the clock stands still.</summary>
    public long Sequence { get; init; }
    public string Status { get; private set; } = "pending";
    public DateTimeOffset DateCreated { get; init; }
    public DateTimeOffset DateUpdated { get; private set; }
    public DateTimeOffset VirtualStartTime { get; set; }
    /// <summary>The task's attributes, a JSON object as text (TaskRouter keeps them as a string).</summary>
    public required string Attributes { get; set; }
    public long Priority { get; set; }
    public long Timeout { get; init; }
    public string? Reason { get; set; }
    public string? WorkflowSid { get; init; }
    public string? QueueSid { get; init; }
    public string? RoutingTarget { get; init; }
    public string? TaskChannelSid { get; init; }
    public string? TaskChannelUniqueName { get; init; }
    /// <summary>Counts changes; the ETag TaskRouter answers with and If-Match compares.</summary>
    public int Version { get; private set; }
    /// <summary>
    /// The task's reservation (<c>WR…</c>): named by the routing's agent participant when a worker was given, else made
    /// when the task is reserved. Null until then.
    /// </summary>
    public string? ReservationSid { get; set; }
    /// <summary>The worker holding the reservation, once the task is reserved.</summary>
    public string? WorkerSid { get; set; }
    /// <summary>The reservation's status (<c>pending</c>, <c>accepted</c>, <c>wrapping</c>, <c>completed</c>, <c>canceled</c>); null before the task is reserved.</summary>
    public string? ReservationStatus { get; set; }

    /// <summary>completed and canceled are final: nothing moves a task out of them.</summary>
    public bool IsFinal => Status is "completed" or "canceled";

    public void MoveTo(string status, DateTimeOffset now)
    {
        Status = status;
        Touch(now);
    }

    public void Touch(DateTimeOffset now)
    {
        DateUpdated = now;
        Version++;
    }
}

/// <summary>
/// A TaskRouter workspace: it exists once a routing named it. Holds what Update Workspace sets (the event callback URL
/// and filter among them) and every event that happened in it, in order.
/// </summary>
internal sealed class EmulatedWorkspace
{
    public required string Sid { get; init; }
    public DateTimeOffset DateCreated { get; init; }
    public DateTimeOffset DateUpdated { get; set; }
    /// <summary>Flex's own workspace is named so; Update Workspace's FriendlyName changes it.</summary>
    public string FriendlyName { get; set; } = "Flex Task Assignment";
    /// <summary>The URL as given (fragment and all); events are posted to it without the fragment.</summary>
    public string? EventCallbackUrl { get; set; }
    /// <summary>The event types to call back for, as given (comma-separated); null for every type.</summary>
    public string? EventsFilter { get; set; }
    public bool MultiTaskEnabled { get; set; } = true;
    public string PrioritizeQueueOrder { get; set; } = "FIFO";
    public string? DefaultActivitySid { get; set; }
    public string? TimeoutActivitySid { get; set; }
    /// <summary>Every event, in the order it happened, whether or not a callback URL was set.</summary>
    public List<EmulatedEvent> Events { get; } = new();
}

/// <summary>A TaskRouter event: what the Events list serves and what the callback posts.</summary>
internal sealed class EmulatedEvent
{
    public required string Sid { get; init; }
    public required string Type { get; init; }
    public required string WorkspaceSid { get; init; }
    /// <summary><c>task</c> or <c>reservation</c>.</summary>
    public required string ResourceType { get; init; }
    public required string ResourceSid { get; init; }
    public required string TaskSid { get; init; }
    public string? ReservationSid { get; init; }
    public string? WorkerSid { get; init; }
    public string? TaskQueueSid { get; init; }
    public string? WorkflowSid { get; init; }
    public string? TaskChannelSid { get; init; }
    public string? TaskChannelUniqueName { get; init; }
    public required string Description { get; init; }
    public DateTimeOffset Date { get; init; }
    /// <summary>The callback's form fields, as posted and signed; the Events list's <c>event_data</c> is made from them.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Fields { get; init; }
}

/// <summary>A Twilio Conversation: the media channel of an interaction channel, or one a test registered.</summary>
internal sealed class EmulatedConversation
{
    public required string Sid { get; init; }
    public string State { get; set; } = "active";
    public DateTimeOffset DateCreated { get; set; }
    public DateTimeOffset DateUpdated { get; set; }
    public string? FriendlyName { get; set; }
    public string? UniqueName { get; set; }
    public string Attributes { get; set; } = "{}";
    public string? MessagingServiceSid { get; set; }
    public string? EmailAddress { get; set; }
    public string? EmailName { get; set; }
    /// <summary>When the inactive and closed timers fire (Timers.Inactive / Timers.Closed), if set.</summary>
    public DateTimeOffset? DateInactive { get; set; }
    public DateTimeOffset? DateClosed { get; set; }

    /// <summary>Fires the timers that are due at <paramref name="now"/>: closed wins over inactive; closed is final.</summary>
    public void Settle(DateTimeOffset now)
    {
        if (State == "closed") return;
        if (DateClosed is { } closing && now >= closing)
        {
            State = "closed";
            DateUpdated = closing;
            DateInactive = DateClosed = null;
        }
        else if (DateInactive is { } resting && now >= resting)
        {
            if (State == "active") { State = "inactive"; DateUpdated = resting; }
            DateInactive = null;
        }
    }

    public void Close(DateTimeOffset now)
    {
        if (State == "closed") return;
        State = "closed";
        DateUpdated = now;
        DateInactive = DateClosed = null;
    }
}

internal sealed class EmulatedParticipant
{
    public required string Sid { get; init; }
    public required string Type { get; init; }
    public string? Status { get; set; }
    public JsonObject? RoutingProperties { get; init; }
    public JsonNode? MediaProperties { get; init; }
}

internal sealed class EmulatedInvite
{
    public required string Sid { get; init; }
    public required JsonNode Routing { get; init; }
}

internal sealed class EmulatedTransfer
{
    public required string Sid { get; init; }
    public string Type { get; set; } = "warm";
    public string Status { get; set; } = "active";
    public string? From { get; set; }
    public string? To { get; set; }
    public DateTimeOffset Created { get; init; }
    public DateTimeOffset Updated { get; set; }
}

internal sealed class EmulatedChannel
{
    public required string Sid { get; init; }
    public required string InteractionSid { get; init; }
    public required string Type { get; init; }
    /// <summary>Who started the interaction (customer, agent, api): Flex tells its tasks.</summary>
    public string? InitiatedBy { get; init; }
    public string Status { get; set; } = "setup";
    public int? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
    /// <summary>When setup ends; validation decides between active and failed.</summary>
    public DateTimeOffset SetupEndsAt { get; init; }
    public bool WillFail { get; init; }
    public DateTimeOffset LastUpdated { get; set; }
    /// <summary>The Conversation this channel is bound to (in the store), or null when there is none (a failed customer channel).</summary>
    public string? ConversationSid { get; init; }
    public List<EmulatedTask> Tasks { get; } = new();
    public List<EmulatedParticipant> Participants { get; } = new();
    public List<EmulatedInvite> Invites { get; } = new();
    public List<EmulatedTransfer> Transfers { get; } = new();
}

internal sealed class EmulatedInteraction
{
    public required string Sid { get; init; }
    public required JsonObject Channel { get; init; }
    public JsonObject? Routing { get; init; }
    public string? InteractionContextSid { get; init; }
    public string? WebhookTtid { get; set; }
    public List<EmulatedChannel> Channels { get; } = new();
}

/// <summary>
/// All state, in memory. One lock, <see cref="Gate"/>, guards it: every request and every public member of
/// <see cref="FlexEmulator"/> reads and writes under it, so concurrent updates are serialised and none is lost.
/// Nothing here takes the lock itself; callers hold it.
/// </summary>
internal sealed class Store
{
    public static readonly TimeSpan ChannelLifetime = TimeSpan.FromDays(180);

    private readonly Dictionary<string, EmulatedInteraction> _interactions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EmulatedConversation> _conversations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EmulatedTask> _tasks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EmulatedWorkspace> _workspaces = new(StringComparer.Ordinal);
    private long _taskSequence;

    public object Gate { get; } = new();

    public static string NewSid(string prefix) => prefix + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    /// <summary>The Conversation with this SID, created (active) if it does not exist yet.</summary>
    public EmulatedConversation AddConversation(string conversationSid, DateTimeOffset now)
    {
        if (!_conversations.TryGetValue(conversationSid, out var conversation))
            _conversations[conversationSid] = conversation = new EmulatedConversation { Sid = conversationSid, DateCreated = now, DateUpdated = now };
        return conversation;
    }

    public bool HasConversation(string conversationSid) => _conversations.ContainsKey(conversationSid);

    public EmulatedConversation? Conversation(string conversationSid) => _conversations.GetValueOrDefault(conversationSid);

    public EmulatedConversation? ConversationByUniqueName(string uniqueName) =>
        _conversations.Values.FirstOrDefault(c => c.UniqueName == uniqueName);

    public long NextTaskSequence() => _taskSequence++;

    public void Add(EmulatedTask task) => _tasks[task.Sid] = task;

    public EmulatedTask? Task(string taskSid) => _tasks.GetValueOrDefault(taskSid);

    /// <summary>Every task, in the order they were created (TaskRouter's default is ascending date_created).</summary>
    public IEnumerable<EmulatedTask> AllTasks => _tasks.Values.OrderBy(t => t.Sequence);

    /// <summary>A workspace exists here once a routing named it.</summary>
    public bool HasWorkspace(string workspaceSid) => _workspaces.ContainsKey(workspaceSid);

    public EmulatedWorkspace? Workspace(string workspaceSid) => _workspaces.GetValueOrDefault(workspaceSid);

    public void Add(EmulatedWorkspace workspace) => _workspaces[workspace.Sid] = workspace;

    public void Add(EmulatedInteraction interaction) => _interactions[interaction.Sid] = interaction;

    public EmulatedInteraction? Interaction(string sid) => _interactions.GetValueOrDefault(sid);

    public int InteractionCount => _interactions.Count;

    public IEnumerable<EmulatedChannel> AllChannels => _interactions.Values.SelectMany(i => i.Channels);

    /// <summary>A live channel, after applying setup completion and the 180-day expiry at <paramref name="now"/>.</summary>
    public EmulatedChannel? Channel(string interactionSid, string channelSid, DateTimeOffset now)
    {
        var interaction = Interaction(interactionSid);
        return interaction is null ? null : LiveChannels(interaction, now).FirstOrDefault(c => c.Sid == channelSid);
    }

    /// <summary>A live channel of any interaction (for Channel.sid bindings).</summary>
    public EmulatedChannel? FindChannel(string channelSid, DateTimeOffset now)
    {
        var owner = _interactions.Values.FirstOrDefault(i => i.Channels.Any(c => c.Sid == channelSid));
        return owner is null ? null : Channel(owner.Sid, channelSid, now);
    }

    /// <summary>An interaction's live channels: expired ones (180 days untouched) are removed first, then the rest settle.</summary>
    public IReadOnlyList<EmulatedChannel> LiveChannels(EmulatedInteraction interaction, DateTimeOffset now)
    {
        interaction.Channels.RemoveAll(c => now - c.LastUpdated >= ChannelLifetime);
        foreach (var channel in interaction.Channels) Settle(channel, now);
        return interaction.Channels; // callers hold the lock, so nothing changes it while they read
    }

    /// <summary>
    /// Makes happen everywhere what a lookup makes happen to what it reads, once due at <paramref name="now"/>: expired
    /// channels removed, setup ended, Conversation timers fired. Settling twice at the same time changes nothing.
    /// </summary>
    public void SettleDue(DateTimeOffset now)
    {
        foreach (var interaction in _interactions.Values) LiveChannels(interaction, now);
        foreach (var conversation in _conversations.Values) conversation.Settle(now);
    }

    /// <summary>Everything stored, in ordinal order of the interactions' SIDs (for <see cref="FlexEmulator.StateSnapshot"/>).</summary>
    public JsonObject Snapshot() => new()
    {
        ["conversations"] = new JsonArray(_conversations.Values.OrderBy(c => c.Sid, StringComparer.Ordinal).Select(c => (JsonNode?)new JsonObject
        {
            ["sid"] = c.Sid, ["state"] = c.State, ["date_created"] = c.DateCreated, ["date_updated"] = c.DateUpdated,
            ["friendly_name"] = c.FriendlyName, ["unique_name"] = c.UniqueName, ["attributes"] = c.Attributes,
            ["messaging_service_sid"] = c.MessagingServiceSid, ["email_address"] = c.EmailAddress, ["email_name"] = c.EmailName,
            ["date_inactive"] = c.DateInactive, ["date_closed"] = c.DateClosed,
        }).ToArray()),
        // Workspaces with their settings and the events that happened in them (what a refused request must not add to).
        ["workspaces"] = new JsonArray(_workspaces.Values.OrderBy(w => w.Sid, StringComparer.Ordinal).Select(w => (JsonNode?)new JsonObject
        {
            ["sid"] = w.Sid, ["date_updated"] = w.DateUpdated, ["friendly_name"] = w.FriendlyName,
            ["event_callback_url"] = w.EventCallbackUrl, ["events_filter"] = w.EventsFilter, ["multi_task_enabled"] = w.MultiTaskEnabled,
            ["prioritize_queue_order"] = w.PrioritizeQueueOrder, ["default_activity_sid"] = w.DefaultActivitySid, ["timeout_activity_sid"] = w.TimeoutActivitySid,
            ["events"] = new JsonArray(w.Events.Select(e => (JsonNode?)new JsonObject
            {
                ["sid"] = e.Sid, ["type"] = e.Type, ["resource_sid"] = e.ResourceSid, ["date"] = e.Date,
            }).ToArray()),
        }).ToArray()),
        // Every task, also those whose channel expired: TaskRouter keeps them.
        ["tasks"] = new JsonArray(AllTasks.Select(t => (JsonNode?)new JsonObject
        {
            ["sid"] = t.Sid, ["workspace_sid"] = t.WorkspaceSid, ["channel_sid"] = t.ChannelSid, ["status"] = t.Status,
            ["date_updated"] = t.DateUpdated, ["virtual_start_time"] = t.VirtualStartTime, ["attributes"] = t.Attributes,
            ["priority"] = t.Priority, ["reason"] = t.Reason, ["version"] = t.Version, ["routing"] = t.Routing?.DeepClone(),
            ["reservation_sid"] = t.ReservationSid, ["worker_sid"] = t.WorkerSid, ["reservation_status"] = t.ReservationStatus,
        }).ToArray()),
        ["interactions"] = new JsonArray(_interactions.Values.OrderBy(i => i.Sid, StringComparer.Ordinal).Select(i => (JsonNode?)new JsonObject
        {
            ["sid"] = i.Sid,
            ["channel"] = i.Channel.DeepClone(),
            ["routing"] = i.Routing?.DeepClone(),
            ["interaction_context_sid"] = i.InteractionContextSid,
            ["webhook_ttid"] = i.WebhookTtid,
            ["channels"] = new JsonArray(i.Channels.Select(c => (JsonNode?)new JsonObject
            {
                ["sid"] = c.Sid,
                ["type"] = c.Type,
                ["status"] = c.Status,
                ["error_code"] = c.ErrorCode,
                ["setup_ends_at"] = c.SetupEndsAt,
                ["last_updated"] = c.LastUpdated,
                ["conversation_sid"] = c.ConversationSid,
                ["tasks"] = new JsonArray(c.Tasks.Select(t => (JsonNode?)t.Sid).ToArray()),
                ["participants"] = new JsonArray(c.Participants.Select(p => (JsonNode?)new JsonObject
                {
                    ["sid"] = p.Sid, ["type"] = p.Type, ["status"] = p.Status,
                    ["routing_properties"] = p.RoutingProperties?.DeepClone(), ["media_properties"] = p.MediaProperties?.DeepClone(),
                }).ToArray()),
                ["invites"] = new JsonArray(c.Invites.Select(v => (JsonNode?)new JsonObject { ["sid"] = v.Sid, ["routing"] = v.Routing.DeepClone() }).ToArray()),
                ["transfers"] = new JsonArray(c.Transfers.Select(t => (JsonNode?)new JsonObject
                {
                    ["sid"] = t.Sid, ["type"] = t.Type, ["status"] = t.Status, ["from"] = t.From, ["to"] = t.To, ["updated"] = t.Updated,
                }).ToArray()),
            }).ToArray()),
        }).ToArray()),
    };

    public static void Settle(EmulatedChannel channel, DateTimeOffset now)
    {
        if (channel.Status != "setup" || now < channel.SetupEndsAt) return;
        if (channel.WillFail)
        {
            channel.Status = "failed";
            channel.ErrorCode = 19025;
            channel.ErrorMessage = "Channel validation error";
        }
        else
        {
            channel.Status = "active";
        }
    }
}

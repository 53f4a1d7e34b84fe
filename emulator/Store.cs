using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace FlexCodegen.Emulator;

/// <summary>A TaskRouter-style task behind a channel: created by an interaction or an invite.</summary>
internal sealed class EmulatedTask
{
    public required string Sid { get; init; }
    public required string ChannelSid { get; init; }
    public string Status { get; set; } = "pending";
    public JsonNode? Routing { get; init; }
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
    public string Status { get; set; } = "setup";
    public int? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
    /// <summary>When setup ends; validation decides between active and failed.</summary>
    public DateTimeOffset SetupEndsAt { get; init; }
    public bool WillFail { get; init; }
    public DateTimeOffset LastUpdated { get; set; }
    /// <summary>The media channel (Conversation) state: active, or closed (read-only) once the channel is closed.</summary>
    public string ConversationState { get; set; } = "active";
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
    private readonly HashSet<string> _conversations = new(StringComparer.Ordinal);

    public object Gate { get; } = new();

    public static string NewSid(string prefix) => prefix + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    public void AddConversation(string conversationSid) => _conversations.Add(conversationSid);

    public bool HasConversation(string conversationSid) => _conversations.Contains(conversationSid);

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

    /// <summary>Everything stored, in ordinal order of the interactions' SIDs (for <see cref="FlexEmulator.StateSnapshot"/>).</summary>
    public JsonObject Snapshot() => new()
    {
        ["conversations"] = new JsonArray(_conversations.Order(StringComparer.Ordinal).Select(c => (JsonNode?)c).ToArray()),
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
                ["conversation_state"] = c.ConversationState,
                ["tasks"] = new JsonArray(c.Tasks.Select(t => (JsonNode?)new JsonObject { ["sid"] = t.Sid, ["status"] = t.Status, ["routing"] = t.Routing?.DeepClone() }).ToArray()),
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

using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace FlexCodegen.Emulator;

/// <summary>A TaskRouter-style task behind a channel: created by an interaction or an invite.</summary>
public sealed class EmulatedTask
{
    public required string Sid { get; init; }
    public required string ChannelSid { get; init; }
    public string Status { get; set; } = "pending";
    public JsonNode? Routing { get; init; }
}

public sealed class EmulatedParticipant
{
    public required string Sid { get; init; }
    public required string Type { get; init; }
    public string? Status { get; set; }
    public JsonObject? RoutingProperties { get; init; }
    public JsonNode? MediaProperties { get; init; }
}

public sealed class EmulatedInvite
{
    public required string Sid { get; init; }
    public required JsonNode Routing { get; init; }
}

public sealed class EmulatedTransfer
{
    public required string Sid { get; init; }
    public string Type { get; set; } = "warm";
    public string Status { get; set; } = "active";
    public string? From { get; set; }
    public string? To { get; set; }
    public DateTimeOffset Created { get; init; }
    public DateTimeOffset Updated { get; set; }
}

public sealed class EmulatedChannel
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

public sealed class EmulatedInteraction
{
    public required string Sid { get; init; }
    public required JsonObject Channel { get; init; }
    public JsonObject? Routing { get; init; }
    public string? InteractionContextSid { get; init; }
    public string? WebhookTtid { get; set; }
    public List<EmulatedChannel> Channels { get; } = new();
}

/// <summary>
/// All state, in memory. One lock guards it: every request reads and writes under it, so concurrent updates of the
/// same channel are serialised and none is lost.
/// </summary>
public sealed class Store
{
    public static readonly TimeSpan ChannelLifetime = TimeSpan.FromDays(180);

    private readonly Dictionary<string, EmulatedInteraction> _interactions = new(StringComparer.Ordinal);
    private readonly HashSet<string> _conversations = new(StringComparer.Ordinal);

    public object Gate { get; } = new();

    public static string NewSid(string prefix) => prefix + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    public void AddConversation(string conversationSid)
    {
        lock (Gate) _conversations.Add(conversationSid);
    }

    public bool HasConversation(string conversationSid) => _conversations.Contains(conversationSid);

    public void Add(EmulatedInteraction interaction) => _interactions[interaction.Sid] = interaction;

    public EmulatedInteraction? Interaction(string sid) => _interactions.GetValueOrDefault(sid);

    public IEnumerable<EmulatedChannel> AllChannels => _interactions.Values.SelectMany(i => i.Channels);

    /// <summary>A live channel, after applying setup completion and the 180-day expiry at <paramref name="now"/>.</summary>
    public EmulatedChannel? Channel(string interactionSid, string channelSid, DateTimeOffset now)
    {
        var interaction = Interaction(interactionSid);
        var channel = interaction?.Channels.FirstOrDefault(c => c.Sid == channelSid);
        if (channel is null) return null;
        if (now - channel.LastUpdated >= ChannelLifetime)
        {
            interaction!.Channels.Remove(channel);
            return null;
        }
        Settle(channel, now);
        return channel;
    }

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

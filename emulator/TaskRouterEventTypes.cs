using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace FlexCodegen.Emulator;

/// <summary>
/// TaskRouter's event types, as its Events reference lists them, and a workspace's <c>EventsFilter</c> read against
/// them. The emulator emits only task and reservation events (see its README); a filter may name any type.
/// </summary>
internal static class TaskRouterEventTypes
{
    /// <summary>
    /// Every type TaskRouter's Events reference documents: the <c>EventType</c> enum of the bundled events spec
    /// (specs/twilio_taskrouter_events_v1.json, embedded), the one list the generated <c>TaskrouterEventTypes</c> comes from too.
    /// </summary>
    public static readonly IReadOnlySet<string> Known = new HashSet<string>(
        JsonNode.Parse(SpecRules.Resource("twilio_taskrouter_events_v1.json"))!["components"]!["schemas"]!["taskrouter_event_enum_event_type"]!["enum"]!
            .AsArray().Select(v => v!.GetValue<string>()),
        StringComparer.Ordinal);

    /// <summary>
    /// What is wrong with a filter, or null: a comma-separated list of event types (spaces around each allowed, as in
    /// the spec's own <c>task.created, task.canceled</c>), each a type TaskRouter documents. A misspelt type would
    /// otherwise silently filter out every event of the type meant.
    /// </summary>
    public static string? Problem(string filter)
    {
        foreach (string item in filter.Split(','))
        {
            string type = item.Trim();
            if (type.Length == 0) return "an empty item in the comma-separated list";
            if (!Known.Contains(type))
                return $"'{SpecRules.Shorten(type)}' is not one of TaskRouter's event types (e.g. task.created, task.completed, reservation.accepted)";
        }
        return null;
    }

    /// <summary>Whether a workspace with this filter (null: none) calls back for an event of this type.</summary>
    public static bool Passes(string? filter, string type) =>
        filter is null || filter.Split(',').Any(item => item.Trim() == type);
}

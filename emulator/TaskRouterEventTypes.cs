using System;
using System.Collections.Generic;
using System.Linq;

namespace FlexCodegen.Emulator;

/// <summary>
/// TaskRouter's event types, as its Events reference lists them, and a workspace's <c>EventsFilter</c> read against
/// them. The emulator emits only task and reservation events (see its README); a filter may name any type.
/// </summary>
internal static class TaskRouterEventTypes
{
    /// <summary>Every type TaskRouter's Events reference documents.</summary>
    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal)
    {
        "activity.created", "activity.updated", "activity.deleted",
        "reservation.created", "reservation.accepted", "reservation.rejected", "reservation.timeout", "reservation.canceled",
        "reservation.rescinded", "reservation.completed", "reservation.failed", "reservation.wrapup",
        "task-channel.created", "task-channel.updated", "task-channel.deleted",
        "task-queue.created", "task-queue.deleted", "task-queue.entered", "task-queue.timeout", "task-queue.moved",
        "task-queue.expression.updated",
        "task.created", "task.updated", "task.canceled", "task.wrapup", "task.completed", "task.deleted", "task.system-deleted",
        "task.transfer-initiated", "task.transfer-attempt-failed", "task.transfer-failed", "task.transfer-canceled", "task.transfer-completed",
        "worker.created", "worker.activity.update", "worker.attributes.update", "worker.capacity.update",
        "worker.channel.availability.update", "worker.deleted",
        "workflow.created", "workflow.updated", "workflow.deleted", "workflow.target-matched", "workflow.entered",
        "workflow.timeout", "workflow.skipped",
        "workspace.created", "workspace.updated", "workspace.deleted",
    };

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

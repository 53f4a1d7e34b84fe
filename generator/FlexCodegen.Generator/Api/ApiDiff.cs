using System;
using System.Collections.Generic;
using System.Linq;

namespace FlexCodegen.Generator.Api;

internal enum ApiChangeKind { Breaking, Compatible, Addition }

/// <summary>One difference between two surfaces, in C# terms: <c>InteractionChannelStatus: value "pause" added</c>.</summary>
internal sealed record ApiChange(ApiChangeKind Kind, string Element, string Description, ApiEntry? Old, ApiEntry? New)
{
    public string Text => Element + ": " + Description;

    /// <summary>Where the spec declares the element: the new spec's place, else the old one's.</summary>
    public string? Pointer => New?.Pointer ?? Old?.Pointer;
}

/// <summary>
/// Compares two surfaces. Breaking: an element removed, a field's type changed, a request field that became required,
/// an id's pattern changed, an operation's method, path or success status changed, an event type's value changed.
/// Compatible: a request field that became optional. Everything new is an addition.
/// </summary>
internal static class ApiDiff
{
    public static List<ApiChange> Compare(IEnumerable<ApiEntry> before, IEnumerable<ApiEntry> after)
    {
        var old = before.GroupBy(e => e.Identity, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var now = after.GroupBy(e => e.Identity, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var changes = new List<ApiChange>();

        foreach (var o in old.Values)
        {
            if (!now.TryGetValue(o.Identity, out var n))
                changes.Add(Removed(o));
            else if (!string.Equals(o.Value, n.Value, StringComparison.Ordinal))
                changes.Add(Changed(o, n));
        }
        foreach (var n in now.Values.Where(n => !old.ContainsKey(n.Identity)))
            changes.Add(Added(n));

        return changes
            .OrderBy(c => c.Kind)
            .ThenBy(c => c.Element, StringComparer.Ordinal)
            .ThenBy(c => c.Description, StringComparer.Ordinal)
            .ToList();
    }

    private static ApiChange Removed(ApiEntry o)
    {
        var (element, value) = Split(o);
        string used = o.UsedBy is null ? "" : $" (used by {o.UsedBy})";
        return value is null
            ? new ApiChange(ApiChangeKind.Breaking, element, Noun(o) + " removed" + used, o, null)
            : new ApiChange(ApiChangeKind.Breaking, element, $"value {value} removed{used}", o, null);
    }

    private static ApiChange Added(ApiEntry n)
    {
        var (element, value) = Split(n);
        return value is null
            ? new ApiChange(ApiChangeKind.Addition, element, Noun(n) + " added" + (n.Value is null ? "" : $" ({n.Value})"), null, n)
            : new ApiChange(ApiChangeKind.Addition, element, $"value {value} added", null, n);
    }

    private static ApiChange Changed(ApiEntry o, ApiEntry n)
    {
        switch (o.Kind)
        {
            case ApiSurface.Operation:
            {
                var (oldMethod, oldPath, oldStatus) = Operation(o.Value!);
                var (newMethod, newPath, newStatus) = Operation(n.Value!);
                var parts = new List<string>();
                if (oldMethod != newMethod || oldPath != newPath) parts.Add($"{oldMethod} {oldPath} → {newMethod} {newPath}");
                if (oldStatus != newStatus) parts.Add($"success status {oldStatus} → {newStatus}");
                return new ApiChange(ApiChangeKind.Breaking, o.Key, string.Join(", ", parts), o, n);
            }
            case ApiSurface.Request:
            {
                var (oldType, oldRequired) = Field(o.Value!);
                var (newType, newRequired) = Field(n.Value!);
                if (oldType != newType)
                    return new ApiChange(ApiChangeKind.Breaking, o.Key, $"type {oldType} → {newType}", o, n);
                return newRequired
                    ? new ApiChange(ApiChangeKind.Breaking, o.Key, "became required", o, n)
                    : new ApiChange(ApiChangeKind.Compatible, o.Key, "became optional", o, n);
            }
            case ApiSurface.Sid:
                return new ApiChange(ApiChangeKind.Breaking, o.Key, $"pattern {o.Value} → {n.Value}", o, n);
            case ApiSurface.Event:
                return new ApiChange(ApiChangeKind.Breaking, o.Key, $"value {o.Value} → {n.Value}", o, n);
            default:
                return new ApiChange(ApiChangeKind.Breaking, o.Key, $"type {o.Value} → {n.Value}", o, n);
        }
    }

    /// <summary><c>InteractionChannelStatus value "pause"</c> → (<c>InteractionChannelStatus</c>, <c>"pause"</c>).</summary>
    private static (string Element, string? Value) Split(ApiEntry e)
    {
        int at = e.Kind == ApiSurface.Enum ? e.Key.IndexOf(" value ", StringComparison.Ordinal) : -1;
        return at < 0 ? (e.Key, null) : (e.Key.Substring(0, at), e.Key.Substring(at + " value ".Length));
    }

    private static string Noun(ApiEntry e) => e.Kind switch
    {
        ApiSurface.Operation => "operation",
        ApiSurface.Sid => "id type",
        ApiSurface.Enum => "enum",
        ApiSurface.Event => "event type",
        _ => e.Key.Contains('.') ? "field" : "type",
    };

    private static (string Method, string Path, string Status) Operation(string value)
    {
        int space = value.IndexOf(' ');
        int arrow = value.LastIndexOf(" -> ", StringComparison.Ordinal);
        if (space < 0 || arrow < space) return (value, "", "");
        return (value.Substring(0, space), value.Substring(space + 1, arrow - space - 1), value.Substring(arrow + 4));
    }

    private static (string Type, bool Required) Field(string value)
    {
        // A required field's type is written without '?': nullability follows from required/optional, not a type change.
        int space = value.LastIndexOf(' ');
        return space < 0 ? (value.TrimEnd('?'), false) : (value.Substring(0, space).TrimEnd('?'), value.Substring(space + 1) == "required");
    }
}

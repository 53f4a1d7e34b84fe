using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace FlexCodegen.Generator.Api;

internal enum ApiChangeKind { Breaking, Compatible, Addition }

/// <summary>
/// One difference between two surfaces, in C# terms: <c>UpdateInteractionChannelRequest.Status: 'wrapup' can no longer
/// be sent</c>. <see cref="Old"/> is the line of the older surface it is reported at (for a field that moved out of its
/// operation's path, that operation's line), <see cref="New"/> the newer one's.
/// </summary>
internal sealed record ApiChange(ApiChangeKind Kind, string Element, string Description, ApiEntry? Old, ApiEntry? New)
{
    public string Text => Element + ": " + Description;

    /// <summary>Where the spec declares the element: the new spec's place, else the old one's.</summary>
    public string? Pointer => New?.Pointer ?? Old?.Pointer;
}

/// <summary>
/// Compares two surfaces. Breaking: an element removed, a field's type changed, an id's pattern changed, an operation's
/// method, path or success status changed, an event type's value changed; for what is sent (a request field, or a field of a model a request carries):
/// an enum value it can no longer take, a field that became required, a tighter check (a pattern added or changed, a
/// minimum length or value raised, a maximum lowered), a field that moved between the query string, a header, the body
/// and the path, or is sent under another name. Compatible (noted): a request field that became optional, a check that
/// was loosened or dropped, an enum value no longer listed for what is read. Additions: everything new, and the enum
/// values a field gained. A field's enum values are compared by value, whatever its enum type is called on each side,
/// because Twilio renames enum schemas when it regenerates a spec.
/// </summary>
internal static class ApiDiff
{
    public static List<ApiChange> Compare(IEnumerable<ApiEntry> before, IEnumerable<ApiEntry> after)
    {
        var old = new Side(before);
        var now = new Side(after);
        var changes = new List<ApiChange>();

        foreach (var o in old.Entries.Values)
        {
            if (!now.Entries.TryGetValue(o.Identity, out var n))
            {
                // A whole enum gone is said once, on its own line: each field it typed says what values it lost.
                if (!old.IsValueOfEnumMissingFrom(o, now)) changes.Add(Removed(o, old, now));
            }
            else if (!string.Equals(o.Value, n.Value, StringComparison.Ordinal))
            {
                changes.AddRange(Changed(o, n, old, now));
            }
        }
        foreach (var n in now.Entries.Values.Where(n => !old.Entries.ContainsKey(n.Identity)))
            if (!now.IsValueOfEnumMissingFrom(n, old)) changes.Add(Added(n, old, now));
        foreach (var o in old.Entries.Values.Where(IsField))
            if (now.Entries.TryGetValue(o.Identity, out var n))
                changes.AddRange(EnumValues(o, n, old, now));

        return changes
            .OrderBy(c => c.Kind)
            .ThenBy(c => c.Element, StringComparer.Ordinal)
            .ThenBy(c => c.Description, StringComparer.Ordinal)
            .ToList();
    }

    private static ApiChange Removed(ApiEntry o, Side old, Side now)
    {
        var (element, value) = Split(o);
        if (value is not null)
            return Breaking(element, $"value {value} removed{UsedBy(old, element)}", o, null);
        if (o.Kind == ApiSurface.Enum)
            return Breaking(element, "enum removed" + UsedBy(old, element), o, null);
        if (o.Kind == ApiSurface.Request && IsField(o) && MovedIntoPath(o, old, now) is { } moved)
            return moved;
        return Breaking(element, Noun(o) + " removed", o, null);
    }

    private static ApiChange Added(ApiEntry n, Side old, Side now)
    {
        var (element, value) = Split(n);
        if (value is not null)
            return new ApiChange(ApiChangeKind.Addition, element, $"value {value} added", null, n);
        if (n.Kind == ApiSurface.Enum)
            return new ApiChange(ApiChangeKind.Addition, element, now.EnumValues[element].Count == 0 ? "enum added" : "enum added with " + List(now.EnumValues[element].Select(v => "\"" + v + "\"")), null, n);
        if (n.Kind == ApiSurface.Request && IsField(n) && MovedOutOfPath(n, old, now) is { } moved)
            return moved;
        return new ApiChange(ApiChangeKind.Addition, element, Noun(n) + " added" + (n.Value is null || !IsField(n) ? "" : $" ({n.Value})"), null, n);
    }

    private static IEnumerable<ApiChange> Changed(ApiEntry o, ApiEntry n, Side old, Side now)
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
                yield return Breaking(o.Key, string.Join(", ", parts), o, n);
                break;
            }
            case ApiSurface.Request when IsField(o):
                foreach (var change in RequestField(o, n, old, now)) yield return change;
                break;
            case ApiSurface.Request or ApiSurface.Model when !IsField(o):
                // The operation a request is for, or whether a model is sent: what changed is said on the lines it changed on.
                break;
            case ApiSurface.Sid:
                yield return Breaking(o.Key, $"pattern {o.Value} → {n.Value}", o, n);
                break;
            case ApiSurface.Event:
                yield return Breaking(o.Key, $"value {o.Value} → {n.Value}", o, n);
                break;
            default:
                yield return Breaking(o.Key, $"type {o.Value} → {n.Value}{SameValues(o.Value, n.Value, old, now)}", o, n);
                break;
        }
    }

    /// <summary>A request field's line changed: its type, whether it is required, where it travels, its checks.</summary>
    private static IEnumerable<ApiChange> RequestField(ApiEntry o, ApiEntry n, Side old, Side now)
    {
        var a = RequestFieldFacts.Parse(o.Value ?? "");
        var b = RequestFieldFacts.Parse(n.Value ?? "");
        string oldType = a.Type.TrimEnd('?'), newType = b.Type.TrimEnd('?');
        // A required field's type is written without '?': nullability follows from required/optional, not a type change.
        if (oldType != newType)
            yield return Breaking(o.Key, $"type {oldType} → {newType}{SameValues(oldType, newType, old, now)}", o, n);
        if (a.Required != b.Required)
            yield return b.Required ? Breaking(o.Key, "became required", o, n) : Note(o.Key, "became optional", o, n);
        // A lock written before locations and checks were recorded says nothing about them: nothing to compare.
        if (!a.Recorded || !b.Recorded) yield break;

        if (a.Location != b.Location)
            yield return Breaking(o.Key, $"moved from {Where(a.Location)} to {Where(b.Location)}", o, n);
        if (a.WireName != b.WireName)
            yield return Breaking(o.Key, $"now sent as {ApiSurface.Quote(b.WireName ?? Member(o))} (was {ApiSurface.Quote(a.WireName ?? Member(o))})", o, n);

        if (a.Pattern != b.Pattern)
        {
            if (b.Pattern is null) yield return Note(o.Key, $"pattern {ApiSurface.Quote(a.Pattern!)} removed", o, n);
            else if (a.Pattern is null) yield return Breaking(o.Key, $"pattern {ApiSurface.Quote(b.Pattern)} added", o, n);
            else yield return Breaking(o.Key, $"pattern {ApiSurface.Quote(a.Pattern)} → {ApiSurface.Quote(b.Pattern)}", o, n);
        }
        foreach (var change in Bound(o, n, "minLength", a.MinLength?.ToString(CultureInfo.InvariantCulture), b.MinLength?.ToString(CultureInfo.InvariantCulture), tighterWhenHigher: true))
            yield return change;
        foreach (var change in Bound(o, n, "maxLength", a.MaxLength?.ToString(CultureInfo.InvariantCulture), b.MaxLength?.ToString(CultureInfo.InvariantCulture), tighterWhenHigher: false))
            yield return change;
        foreach (var change in Bound(o, n, "minimum", a.Minimum, b.Minimum, tighterWhenHigher: true))
            yield return change;
        foreach (var change in Bound(o, n, "maximum", a.Maximum, b.Maximum, tighterWhenHigher: false))
            yield return change;
    }

    /// <summary>A limit that appeared, went or moved: tighter is breaking (what was sent before may now be refused), looser a note.</summary>
    private static IEnumerable<ApiChange> Bound(ApiEntry o, ApiEntry n, string name, string? before, string? after, bool tighterWhenHigher)
    {
        if (before == after) yield break;
        if (after is null) { yield return Note(o.Key, $"{name} {before} removed", o, n); yield break; }
        if (before is null) { yield return Breaking(o.Key, $"{name} {after} added", o, n); yield break; }
        // A limit that does not read as a number cannot be shown looser: it counts as tighter. "1" and "1.0" are one limit.
        bool numbers = double.TryParse(before, NumberStyles.Float, CultureInfo.InvariantCulture, out double x)
            & double.TryParse(after, NumberStyles.Float, CultureInfo.InvariantCulture, out double y);
        if (numbers && x == y) yield break;
        bool tighter = !numbers || (tighterWhenHigher ? y > x : y < x);
        yield return tighter ? Breaking(o.Key, $"{name} {before} → {after}", o, n) : Note(o.Key, $"{name} {before} → {after}", o, n);
    }

    /// <summary>
    /// A field typed by an enum on both sides: the values it lost and gained, whatever the enum is called on each side. A
    /// value lost from what is sent breaks (Build() refuses it); from what is read it is noted (Twilio no longer sends it).
    /// </summary>
    private static IEnumerable<ApiChange> EnumValues(ApiEntry o, ApiEntry n, Side old, Side now)
    {
        if (old.EnumOf(TypeOf(o)) is not { } oldEnum || now.EnumOf(TypeOf(n)) is not { } newEnum) yield break;
        var before = old.EnumValues[oldEnum];
        var after = now.EnumValues[newEnum];
        var lost = before.Where(v => !after.Contains(v)).Select(Value).ToList();
        var gained = after.Where(v => !before.Contains(v)).Select(Value).ToList();
        bool sent = o.Kind == ApiSurface.Request || old.IsSentModel(Owner(o)) || now.IsSentModel(Owner(n));
        if (lost.Count > 0)
            yield return sent
                ? Breaking(o.Key, List(lost) + " can no longer be sent", o, n)
                : Note(o.Key, List(lost) + (lost.Count == 1 ? " is no longer listed (a switch on it goes dead)" : " are no longer listed (a switch on them goes dead)"), o, n);
        if (gained.Count > 0)
            yield return new ApiChange(ApiChangeKind.Addition, o.Key, List(gained) + (sent ? " can now be sent" : gained.Count == 1 ? " is now listed" : " are now listed"), o, n);
    }

    /// <summary>A request field that is gone because its operation's path now takes it: <c>moved from the query string to the path</c>.</summary>
    private static ApiChange? MovedIntoPath(ApiEntry o, Side old, Side now)
    {
        var (request, member) = Parts(o);
        var facts = RequestFieldFacts.Parse(o.Value ?? "");
        string wire = facts.WireName ?? member;
        if (old.PathOf(request, now) is not { } before || now.PathOf(request, old) is not { } after) return null;
        if (!HasParameter(after, wire) || HasParameter(before, wire)) return null;
        return Breaking(o.Key, facts.Recorded ? $"moved from {Where(facts.Location)} to the path" : "moved to the path", o, null);
    }

    /// <summary>A new request field that its operation's path used to take: <c>moved from the path to the query string</c>, reported at the operation's old line.</summary>
    private static ApiChange? MovedOutOfPath(ApiEntry n, Side old, Side now)
    {
        var (request, member) = Parts(n);
        var facts = RequestFieldFacts.Parse(n.Value ?? "");
        string wire = facts.WireName ?? member;
        if (old.PathOf(request, now) is not { } before || now.PathOf(request, old) is not { } after) return null;
        if (!HasParameter(before, wire) || HasParameter(after, wire)) return null;
        var operation = old.OperationLine(request, now);
        return new ApiChange(ApiChangeKind.Breaking, n.Key, $"moved from the path to {Where(facts.Location)}", operation, n);
    }

    private static bool HasParameter(string path, string name) => path.IndexOf("{" + name + "}", StringComparison.Ordinal) >= 0;

    private static string Where(string? location) => location switch
    {
        RequestFieldFacts.Query => "the query string",
        RequestFieldFacts.Header => "a header",
        RequestFieldFacts.Json => "the JSON body",
        RequestFieldFacts.Form => "the form body",
        _ => "the request",
    };

    /// <summary>A type change between two enums with the same values is a rename: said, so a reader knows no value changed.</summary>
    private static string SameValues(string? oldType, string? newType, Side old, Side now) =>
        old.EnumOf(oldType ?? "") is { } a && now.EnumOf(newType ?? "") is { } b && old.EnumValues[a].SetEquals(now.EnumValues[b]) ? " (same values)" : "";

    /// <summary>The fields that use an enum, for a report: <c> (used by UpdateWidgetRequest.Status, Widget.Status)</c>.</summary>
    private static string UsedBy(Side side, string enumName)
    {
        var users = side.Entries.Values.Where(e => IsField(e) && side.EnumOf(TypeOf(e)) == enumName).Select(e => e.Key).OrderBy(k => k, StringComparer.Ordinal).ToList();
        return users.Count == 0 ? "" : " (used by " + string.Join(", ", users) + ")";
    }

    /// <summary>Wire values as a reader quotes them: <c>'wrapup', 'paused'</c>, the first twelve and how many more.</summary>
    private static string List(IEnumerable<string> values)
    {
        var all = values.ToList();
        string shown = string.Join(", ", all.Take(12));
        return all.Count <= 12 ? shown : shown + $" and {all.Count - 12} more";
    }

    /// <summary>A wire value as the lock holds it (its JSON text) between single quotes: <c>'wrapup'</c>.</summary>
    private static string Value(string json) => "'" + json + "'";

    private static ApiChange Breaking(string element, string description, ApiEntry? o, ApiEntry? n) => new(ApiChangeKind.Breaking, element, description, o, n);

    private static ApiChange Note(string element, string description, ApiEntry o, ApiEntry n) => new(ApiChangeKind.Compatible, element, description, o, n);

    private static bool IsField(ApiEntry e) => e.Kind is ApiSurface.Model or ApiSurface.Request && e.Key.IndexOf('.') > 0;

    /// <summary>The C# type of a field's line.</summary>
    private static string TypeOf(ApiEntry e) => e.Kind == ApiSurface.Request ? RequestFieldFacts.Parse(e.Value ?? "").Type : e.Value ?? "";

    /// <summary>A field's line's key in its two parts: <c>Widget.Status</c> → (<c>Widget</c>, <c>Status</c>).</summary>
    private static (string Type, string Member) Parts(ApiEntry e)
    {
        int dot = e.Key.IndexOf('.');
        return (e.Key.Substring(0, dot), e.Key.Substring(dot + 1));
    }

    private static string Owner(ApiEntry e) => Parts(e).Type;

    private static string Member(ApiEntry e) => Parts(e).Member;

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

    internal static (string Method, string Path, string Status) Operation(string value)
    {
        int space = value.IndexOf(' ');
        int arrow = value.LastIndexOf(" -> ", StringComparison.Ordinal);
        if (space < 0 || arrow < space) return (value, "", "");
        return (value.Substring(0, space), value.Substring(space + 1, arrow - space - 1), value.Substring(arrow + 4));
    }

    /// <summary>One surface, indexed for the questions a comparison asks of it.</summary>
    private sealed class Side
    {
        public Side(IEnumerable<ApiEntry> entries)
        {
            Entries = entries.GroupBy(e => e.Identity, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            foreach (var e in Entries.Values.Where(e => e.Kind == ApiSurface.Enum))
            {
                var (name, value) = Split(e);
                if (!EnumValues.TryGetValue(name, out var set)) EnumValues[name] = set = new SortedSet<string>(StringComparer.Ordinal);
                // The value between its JSON quotes, as the lock writes it (escapes kept: it stays on one line).
                if (value is { Length: >= 2 }) set.Add(value.Substring(1, value.Length - 2));
            }
        }

        public Dictionary<string, ApiEntry> Entries { get; }

        /// <summary>Each enum's wire values, by the enum's name.</summary>
        public Dictionary<string, SortedSet<string>> EnumValues { get; } = new(StringComparer.Ordinal);

        /// <summary>The enum a field's type names, through <c>?</c> and lists; null for any other type.</summary>
        public string? EnumOf(string typeText)
        {
            string t = typeText.Trim().TrimEnd('?');
            while (t.StartsWith("IReadOnlyList<", StringComparison.Ordinal) && t.EndsWith(">", StringComparison.Ordinal))
                t = t.Substring("IReadOnlyList<".Length, t.Length - "IReadOnlyList<".Length - 1).TrimEnd('?');
            return Entries.ContainsKey(ApiSurface.Enum + " " + t) ? t : null;
        }

        /// <summary>A line of an enum's values when the enum itself is not in <paramref name="other"/> (it is said once, on the enum's line).</summary>
        public bool IsValueOfEnumMissingFrom(ApiEntry e, Side other)
        {
            var (name, value) = Split(e);
            return e.Kind == ApiSurface.Enum && value is not null && !other.Entries.ContainsKey(ApiSurface.Enum + " " + name);
        }

        public bool IsSentModel(string model) =>
            Entries.TryGetValue(ApiSurface.Model + " " + model, out var line) && line.Value == ApiSurface.SentModel;

        /// <summary>
        /// The operation line a request is for: by this side's request line, else (a lock written before requests named
        /// their operation, or a request this side no longer has) by <paramref name="other"/>'s, if this side has that operation.
        /// </summary>
        public ApiEntry? OperationLine(string request, Side other)
        {
            foreach (var side in new[] { this, other })
                if (side.Entries.TryGetValue(ApiSurface.Request + " " + request, out var line) && line.Value is { } operation
                    && Entries.TryGetValue(ApiSurface.Operation + " " + operation, out var found))
                    return found;
            return null;
        }

        /// <summary>The spec path of the operation a request is for (<c>/v1/Widgets/{Sid}</c>), or null.</summary>
        public string? PathOf(string request, Side other) => OperationLine(request, other) is { Value: { } value } ? Operation(value).Path : null;
    }
}

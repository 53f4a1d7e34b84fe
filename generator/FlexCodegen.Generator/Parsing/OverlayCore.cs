using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FlexCodegen.Generator.Parsing;

// Dependency-free (System.Text.Json.Nodes only), so the emulator compiles this same file and applies overlays
// exactly as the generator does.

/// <summary>
/// OpenAPI Overlay 1.0 actions on a JSON tree: objects merge recursively (a member updated to null is removed, as in
/// JSON Merge Patch), arrays are appended to, other values replaced.
/// </summary>
internal static class OverlayCore
{
    /// <summary>
    /// The most values all actions together may copy into the spec. A legitimate overlay adds a few thousand; without a
    /// bound, a few actions whose targets match what the one before added grow the tree exponentially.
    /// </summary>
    public const int MaxCopiedValues = 1_000_000;

    /// <summary>
    /// The most values all actions together may look at: each value a target's steps reach, and each item an array
    /// removal moves. An action that copies nothing still walks what the actions before it added; a few hundred
    /// such lines over a million added values would otherwise hold the build for minutes.
    /// </summary>
    public const int MaxLookedAtValues = 10_000_000;

    /// <summary>How deep the overlaid spec may nest: the most a spec read from its file may (System.Text.Json's default).</summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// Applies every action; <paramref name="unmatched"/> hears of each action (index, target, reason) that did nothing.
    /// Returns null, or the action that was refused and why: the tree is then half-changed and must not be used.
    /// </summary>
    public static (int Action, string Reason)? Apply(JsonNode root, JsonArray actions, Action<int, string?, string> unmatched, System.Threading.CancellationToken cancellationToken = default)
    {
        long copied = 0, looked = 0;
        for (int i = 0; i < actions.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (actions[i] is not JsonObject action || action["target"] is not JsonValue targetValue || !targetValue.TryGetValue<string>(out var target))
            {
                unmatched(i, null, "has no 'target' string");
                continue;
            }
            bool remove = action["remove"] is JsonValue r && r.TryGetValue<bool>(out var b) && b;
            if (!remove && action["update"] is null)
            {
                unmatched(i, target, action.ContainsKey("update") ? NullUpdate : "has neither an 'update' nor 'remove: true', so it changes nothing");
                continue;
            }
            List<(JsonNode? Parent, object Key, JsonNode? Node)> matches;
            try
            {
                matches = JsonPath.Select(root, target, ref looked, MaxLookedAtValues);
            }
            catch (FormatException ex)
            {
                unmatched(i, target, "is not a JSONPath this tool understands (" + ex.Message + "); use $, .name, ['name'], [n] and [*]");
                continue;
            }
            if (looked > MaxLookedAtValues) return (i, PastLookedAt);
            if (matches.Count == 0)
            {
                unmatched(i, target, MatchesNothing);
                continue;
            }
            if (!remove && action["update"] is JsonNode changes)
            {
                if (!Decodable(changes))
                {
                    unmatched(i, target, UndecodableUpdate);
                    continue;
                }
                var (values, depth) = Measure(changes);
                copied += (long)values * matches.Count;
                if (copied > MaxCopiedValues)
                    return (i, string.Format(System.Globalization.CultureInfo.InvariantCulture,
                        "copies its update ({0:N0} values) to {1:N0} places, past the {2:N0} values an overlay may add in all", values, matches.Count, MaxCopiedValues));
                foreach (var match in matches)
                {
                    // Where the update lands: in the target's place, or one level down when appended to an array.
                    int at = Level(match.Node ?? match.Parent) + (match.Node is JsonArray && changes is not JsonArray ? 1 : 0) + (match.Node is null ? 1 : 0);
                    if (at + depth > MaxDepth)
                        return (i, $"would nest the spec {at + depth} levels deep, past the {MaxDepth} a spec may");
                }
            }
            if (remove)
            {
                looked += Remove(matches);
                if (looked > MaxLookedAtValues) return (i, PastLookedAt);
                continue;
            }
            if (action["update"] is not JsonNode update) continue;
            foreach (var (parent, key, node) in matches)
                Merge(parent, key, node, update);
        }
        return null;
    }

    /// <summary>What <c>unmatched</c> hears of an action whose target matches nothing in the spec.</summary>
    public const string MatchesNothing = "matches nothing";

    /// <summary>What <c>unmatched</c> hears of an action written with <c>"update": null</c>, which may mean to remove.</summary>
    public const string NullUpdate = "'update' is null, so it changes nothing; to remove the target, write 'remove: true'";

    /// <summary>What <c>unmatched</c> hears of an action whose update holds a key or string that cannot be decoded.</summary>
    public const string UndecodableUpdate = "its 'update' holds text System.Text.Json cannot decode (an escaped lone surrogate such as \\ud800: half a character); it was skipped";

    private static readonly string PastLookedAt = string.Format(System.Globalization.CultureInfo.InvariantCulture,
        "finds its targets or removes from arrays past the {0:N0} values an overlay may look at in all", MaxLookedAtValues);

    /// <summary>How many values a tree holds and how deep its containers nest (a scalar: 0; <c>{}</c>: 1). No recursion.</summary>
    private static (int Values, int Depth) Measure(JsonNode node)
    {
        int values = 0, depth = 0;
        var pending = new Stack<(JsonNode? Node, int Level)>();
        pending.Push((node, 0));
        while (pending.Count > 0)
        {
            var (current, level) = pending.Pop();
            values++;
            IEnumerable<JsonNode?> children = current switch
            {
                JsonObject o => o.Select(p => p.Value),
                JsonArray a => a,
                _ => Array.Empty<JsonNode?>(),
            };
            if (current is JsonObject or JsonArray) depth = Math.Max(depth, level + 1);
            foreach (var child in children) pending.Push((child, level + 1));
        }
        return (values, depth);
    }

    /// <summary>
    /// Whether System.Text.Json can decode every key and string of an update: one it cannot (an escaped lone surrogate,
    /// <c>"\ud800"</c>) would be copied into the spec and make reading the spec fail, far from the overlay that wrote it.
    /// </summary>
    private static bool Decodable(JsonNode update)
    {
        try
        {
            Settle(update);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// Builds every object in <paramref name="node"/> and decodes every string in it, which System.Text.Json does only
    /// when each is first read: it throws now, not wherever that is, on a key written twice in one object
    /// (<see cref="ArgumentException"/>) or on text it cannot decode (<see cref="InvalidOperationException"/>). In
    /// document order; no recursion.
    /// </summary>
    public static void Settle(JsonNode? node)
    {
        var pending = new Stack<JsonNode?>();
        pending.Push(node);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case JsonObject o: // reading its members builds it and decodes their keys
                    foreach (var pair in o.Reverse()) pending.Push(pair.Value);
                    break;
                case JsonArray a:
                    for (int i = a.Count - 1; i >= 0; i--) pending.Push(a[i]);
                    break;
                case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                    v.GetValue<string>();
                    break;
            }
        }
    }

    /// <summary>How many containers enclose a node (the root: 0).</summary>
    private static int Level(JsonNode? node)
    {
        int level = 0;
        for (var p = node?.Parent; p is not null; p = p.Parent) level++;
        return level;
    }

    /// <summary>
    /// Removes the matches: object members by name; array items (null ones too) by index, each array rebuilt once,
    /// so removing every item of a long array is linear, not quadratic. Returns how many items the rebuilds moved.
    /// </summary>
    private static long Remove(List<(JsonNode? Parent, object Key, JsonNode? Node)> matches)
    {
        long moved = 0;
        var fromArrays = new Dictionary<JsonArray, HashSet<int>>();
        foreach (var (parent, key, _) in matches)
        {
            if (parent is JsonObject po) po.Remove((string)key);
            else if (parent is JsonArray pa)
            {
                if (!fromArrays.TryGetValue(pa, out var indices)) fromArrays[pa] = indices = new HashSet<int>();
                indices.Add((int)key);
            }
        }
        foreach (var pair in fromArrays)
        {
            var kept = pair.Key.Where((_, index) => !pair.Value.Contains(index)).ToList();
            pair.Key.Clear();
            foreach (var item in kept) pair.Key.Add(item);
            moved += kept.Count;
        }
        return moved;
    }

    private static void Merge(JsonNode? parent, object key, JsonNode? target, JsonNode update)
    {
        if (target is JsonObject to && update is JsonObject uo)
        {
            foreach (var pair in uo)
            {
                if (pair.Value is null) { to.Remove(pair.Key); continue; } // null removes the member, as in JSON Merge Patch
                if (to.TryGetPropertyValue(pair.Key, out var existing) && existing is JsonObject or JsonArray)
                    Merge(to, pair.Key, existing, pair.Value);
                else
                    to[pair.Key] = Added(pair.Value);
            }
        }
        else if (target is JsonArray ta && update is JsonArray ua)
        {
            foreach (var item in ua) ta.Add(Added(item));
        }
        else if (target is JsonArray ta2)
        {
            ta2.Add(Added(update));
        }
        else if (parent is JsonObject po)
        {
            po[(string)key] = Added(update);
        }
        else if (parent is JsonArray pa)
        {
            pa[(int)key] = Added(update);
        }
    }

    /// <summary>
    /// A copy of what an update adds, its objects without their null members: a null in an update removes, as in JSON
    /// Merge Patch, so it never lands in the spec, whether or not the member it names was there. Null array items stay.
    /// </summary>
    private static JsonNode? Added(JsonNode? update) => update switch
    {
        JsonObject o => new JsonObject(o.Where(p => p.Value is not null).Select(p => new KeyValuePair<string, JsonNode?>(p.Key, Added(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Added).ToArray()),
        _ => update?.DeepClone(),
    };
}

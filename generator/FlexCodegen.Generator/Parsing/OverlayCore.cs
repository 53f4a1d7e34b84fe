using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace FlexCodegen.Generator.Parsing;

// Dependency-free (System.Text.Json.Nodes only), so the emulator compiles this same file and applies overlays
// exactly as the generator does.

/// <summary>OpenAPI Overlay 1.0 actions on a JSON tree: objects merge recursively, arrays are appended to, other values replaced.</summary>
internal static class OverlayCore
{
    /// <summary>Applies every action; <paramref name="unmatched"/> hears of each action (index, target, reason) that did nothing.</summary>
    public static void Apply(JsonNode root, JsonArray actions, Action<int, string?, string> unmatched)
    {
        for (int i = 0; i < actions.Count; i++)
        {
            if (actions[i] is not JsonObject action || action["target"] is not JsonValue targetValue || !targetValue.TryGetValue<string>(out var target))
            {
                unmatched(i, null, "has no 'target' string");
                continue;
            }
            List<(JsonNode? Parent, object Key, JsonNode? Node)> matches;
            try
            {
                matches = JsonPath.Select(root, target);
            }
            catch (FormatException ex)
            {
                unmatched(i, target, "is not a JSONPath this tool understands (" + ex.Message + "); use $, .name, ['name'], [n] and [*]");
                continue;
            }
            if (matches.Count == 0)
            {
                unmatched(i, target, "matches nothing");
                continue;
            }
            bool remove = action["remove"] is JsonValue r && r.TryGetValue<bool>(out var b) && b;
            foreach (var (parent, key, node) in matches)
            {
                if (remove)
                {
                    if (parent is JsonObject po) po.Remove((string)key);
                    else if (parent is JsonArray pa && node is not null) pa.Remove(node);
                }
                else if (action["update"] is JsonNode update)
                {
                    Merge(parent, key, node, update);
                }
            }
        }
    }

    private static void Merge(JsonNode? parent, object key, JsonNode? target, JsonNode update)
    {
        if (target is JsonObject to && update is JsonObject uo)
        {
            foreach (var pair in uo)
            {
                if (pair.Value is null) { to[pair.Key] = null; continue; }
                if (to.TryGetPropertyValue(pair.Key, out var existing) && existing is JsonObject or JsonArray)
                    Merge(to, pair.Key, existing, pair.Value);
                else
                    to[pair.Key] = pair.Value.DeepClone();
            }
        }
        else if (target is JsonArray ta && update is JsonArray ua)
        {
            foreach (var item in ua) ta.Add(item?.DeepClone());
        }
        else if (target is JsonArray ta2)
        {
            ta2.Add(update.DeepClone());
        }
        else if (parent is JsonObject po)
        {
            po[(string)key] = update.DeepClone();
        }
        else if (parent is JsonArray pa)
        {
            pa[(int)key] = update.DeepClone();
        }
    }
}

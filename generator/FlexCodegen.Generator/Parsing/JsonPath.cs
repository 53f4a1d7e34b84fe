using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace FlexCodegen.Generator.Parsing;

/// <summary>The JSONPath subset overlays use: <c>$</c>, <c>.name</c>, <c>['name']</c>, <c>[n]</c>, <c>[*]</c>, <c>.*</c>.</summary>
internal static class JsonPath
{
    /// <summary>
    /// The nodes the path names. <paramref name="looked"/> counts the values each step reaches; past
    /// <paramref name="limit"/> the selection stops, and what it returns is unfinished.
    /// </summary>
    public static List<(JsonNode? Parent, object Key, JsonNode? Node)> Select(JsonNode root, string path, ref long looked, long limit)
    {
        if (!path.StartsWith("$", StringComparison.Ordinal)) throw new FormatException("a JSONPath starts with '$'");
        var current = new List<(JsonNode? Parent, object Key, JsonNode? Node)> { (null, "$", root) };
        int i = 1;
        while (i < path.Length)
        {
            object step;
            if (path[i] == '.')
            {
                int start = ++i;
                while (i < path.Length && path[i] != '.' && path[i] != '[') i++;
                if (i == start) throw new FormatException($"empty name at {start}");
                step = path.Substring(start, i - start);
            }
            else if (path[i] == '[')
            {
                int close;
                if (i + 1 < path.Length && (path[i + 1] == '\'' || path[i + 1] == '"'))
                {
                    char quote = path[i + 1];
                    int endQuote = path.IndexOf(quote, i + 2);
                    if (endQuote < 0 || endQuote + 1 >= path.Length || path[endQuote + 1] != ']') throw new FormatException($"unclosed quoted name at {i}");
                    step = path.Substring(i + 2, endQuote - i - 2);
                    close = endQuote + 1;
                }
                else
                {
                    close = path.IndexOf(']', i);
                    if (close < 0) throw new FormatException($"unclosed '[' at {i}");
                    string inner = path.Substring(i + 1, close - i - 1).Trim();
                    if (inner == "*") step = Wildcard.Instance;
                    else if (int.TryParse(inner, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int index)) step = index;
                    else throw new FormatException($"'[{inner}]' is not supported");
                }
                i = close + 1;
            }
            else
            {
                throw new FormatException($"unexpected '{path[i]}' at {i}");
            }
            if (step is "*") step = Wildcard.Instance;
            current = current.SelectMany(c => Step(c.Node, step)).ToList();
            looked += current.Count;
            if (looked > limit) break;
        }
        return current;
    }

    private static IEnumerable<(JsonNode? Parent, object Key, JsonNode? Node)> Step(JsonNode? node, object step)
    {
        switch (node)
        {
            case JsonObject o when step is string name:
                if (o.TryGetPropertyValue(name, out var child)) yield return (o, name, child);
                break;
            case JsonObject o when step is Wildcard:
                foreach (var pair in o.ToList()) yield return (o, pair.Key, pair.Value);
                break;
            case JsonArray a when step is int index:
                if (index >= 0 && index < a.Count) yield return (a, index, a[index]);
                break;
            case JsonArray a when step is Wildcard:
                for (int k = 0; k < a.Count; k++) yield return (a, k, a[k]);
                break;
        }
    }

    private sealed class Wildcard
    {
        public static readonly Wildcard Instance = new();
    }
}

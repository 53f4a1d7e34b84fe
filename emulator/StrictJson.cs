using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FlexCodegen.Emulator;

/// <summary>
/// JSON from a request, read strictly before anything else reads it. A duplicate key, a lone UTF-16 surrogate (a
/// <c>"\ud800"</c> escape, in a value or a key), an integer beyond Int64 or a number beyond a double are refused with
/// 400 naming the field (<c>Channel.participants[0].address</c>), so no later reader (System.Text.Json's lazy nodes,
/// NJsonSchema's Newtonsoft) meets a value it would throw on, and nothing is changed.
/// </summary>
internal static class StrictJson
{
    /// <summary>Parses <paramref name="text"/>; <paramref name="name"/> is the parameter, or null for a whole body whose fields are named alone.</summary>
    public static JsonNode? Parse(string? name, string text)
    {
        string root = name ?? "";
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            throw ApiError.Invalid(name is null ? "The body is not valid JSON: " + ex.Message : $"Invalid {name}: not valid JSON ({ex.Message})");
        }
        using (document) Check(document.RootElement, root);
        return JsonNode.Parse(text);
    }

    private static void Check(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    string key;
                    try { key = property.Name; }
                    catch (InvalidOperationException) { throw Refused(path, "a key is not valid text (it holds a lone UTF-16 surrogate)"); }
                    string child = path.Length == 0 ? key : path + "." + key;
                    if (!seen.Add(key)) throw Refused(child, "the key appears more than once");
                    Check(property.Value, child);
                }
                break;
            case JsonValueKind.Array:
                int index = 0;
                foreach (var item in element.EnumerateArray()) Check(item, $"{path}[{index++}]");
                break;
            case JsonValueKind.String:
                try { element.GetString(); }
                catch (InvalidOperationException) { throw Refused(path, "not valid text (it holds a lone UTF-16 surrogate)"); }
                break;
            case JsonValueKind.Number:
                string raw = element.GetRawText();
                bool integer = raw.IndexOfAny(['.', 'e', 'E']) < 0;
                if (integer ? !element.TryGetInt64(out _) : !(element.TryGetDouble(out double d) && double.IsFinite(d)))
                    throw Refused(path, $"{Shorten(raw)} is beyond the range of {(integer ? "a 64-bit integer" : "a double")}");
                break;
        }
    }

    private static ApiError Refused(string path, string reason) =>
        ApiError.Invalid($"Invalid {(path.Length == 0 ? "body" : Shorten(path))}: {reason}");

    /// <summary>At most about 100 characters of a value (never half a surrogate pair), so a 4 MB key makes a short message.</summary>
    private static string Shorten(string text)
    {
        if (text.Length <= 100) return text;
        int cut = char.IsHighSurrogate(text[99]) ? 99 : 100;
        return text[..cut] + "… (" + text.Length.ToString(CultureInfo.InvariantCulture) + " characters)";
    }
}

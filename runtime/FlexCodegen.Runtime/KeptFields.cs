using System;
using System.Collections.Generic;
using System.Text.Json;

namespace FlexCodegen.Runtime;

/// <summary>
/// The fields of one answer that were not the form the spec (or our overlay) promises and were kept as they came:
/// the typed property reads null, the value stays in the model's <c>AdditionalProperties</c> and is written back
/// unchanged, and the rest of the answer is read. The pipeline collects them while it reads a body (per thread, as
/// the reading is synchronous) and logs each field once per answer, naming the operation.
/// </summary>
internal static class KeptFields
{
    /// <summary>The most distinct fields one answer reports; the rest are counted in the last line.</summary>
    public const int MaxReported = 20;

    [ThreadStatic] private static Dictionary<string, (int Count, string Reason)>? t_fields;
    [ThreadStatic] private static bool t_active;

    /// <summary>
    /// Whether <paramref name="exception"/>, thrown while a field was read, says only that the value is not the form
    /// expected: not a broken document, and not a limit that bounds the whole answer.
    /// </summary>
    public static bool IsAboutTheValue(Exception exception) =>
        exception is (JsonException or FormatException or InvalidOperationException or OverflowException) and not JsonLimitException
        && !ResponseBudget.IsExceeded;

    /// <summary>Starts collecting for the body read until <see cref="End"/>; false when a collection already runs.</summary>
    public static bool Begin()
    {
        if (t_active) return false;
        t_active = true;
        t_fields?.Clear();
        return true;
    }

    /// <summary>Ends the collection and hands back what was kept (empty when nothing was).</summary>
    public static IReadOnlyCollection<KeyValuePair<string, (int Count, string Reason)>> End()
    {
        t_active = false;
        return (IReadOnlyCollection<KeyValuePair<string, (int Count, string Reason)>>?)t_fields ?? Array.Empty<KeyValuePair<string, (int, string)>>();
    }

    /// <summary>One value of <paramref name="field"/> (<c>Model.json_name</c>) kept as it came, because of <paramref name="reason"/>.</summary>
    public static void Report(string field, string reason)
    {
        if (!t_active) return;
        var fields = t_fields ??= new Dictionary<string, (int, string)>(StringComparer.Ordinal);
        if (fields.TryGetValue(field, out var seen)) fields[field] = (seen.Count + 1, seen.Reason);
        else if (fields.Count < MaxReported) fields[field] = (1, MessageText.Quote(reason, 200));
    }
}

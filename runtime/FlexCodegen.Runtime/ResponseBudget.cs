using System;
using System.Globalization;
using System.Text.Json;

namespace FlexCodegen.Runtime;

/// <summary>
/// Bounds the objects made from one response body. The size cap bounds its bytes, but 14 MB of <c>{},{},…</c> would
/// still become millions of objects (a gigabyte of memory). While a response is read, every array element, unknown
/// field and link kept counts against <see cref="MaxValues"/>; Twilio's largest answers (a page of 1,000 items) use
/// a few thousand. Readers run synchronously on one thread, so the budget is per thread and per body.
/// </summary>
internal static class ResponseBudget
{
    /// <summary>The most array elements, unknown fields and links one response may hold.</summary>
    public const int MaxValues = 100_000;

    [ThreadStatic] private static int t_left;
    [ThreadStatic] private static bool t_active;

    /// <summary>Starts counting for the body read until <see cref="End"/>; returns whether a count was already running (an outer read).</summary>
    public static bool Begin()
    {
        if (t_active) return false;
        t_active = true;
        t_left = MaxValues;
        return true;
    }

    public static void End() => t_active = false;

    /// <summary>Whether the read running on this thread has passed the budget (it is ending).</summary>
    public static bool Exceeded => t_active && t_left < 0;

    /// <summary>One more value kept; past the budget, a <see cref="JsonException"/> ends the read.</summary>
    public static void Take()
    {
        if (!t_active) return;
        if (--t_left < 0)
            throw new JsonLimitException(string.Create(CultureInfo.InvariantCulture, $"the response holds more than {MaxValues} values (array items, unknown fields, links); no Twilio answer is that large, so it was not read"));
    }
}

/// <summary>
/// A limit that bounds what one answer may make (the value budget, a page's item count) was passed. Never a field
/// kept as it came: the whole answer is refused.
/// </summary>
internal sealed class JsonLimitException : JsonException
{
    public JsonLimitException(string message) : base(message) { }
}

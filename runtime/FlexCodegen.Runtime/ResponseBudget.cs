using System;
using System.Globalization;
using System.Text.Json;

namespace FlexCodegen.Runtime;

/// <summary>
/// Bounds the objects made from one body of JSON. The size cap bounds a response's bytes, but 14 MB of <c>{},{},…</c>
/// would still become millions of objects (a gigabyte of memory). While a body is read, every array element, unknown
/// field, link and value inside a free-form field kept counts against <see cref="MaxValues"/>; Twilio's largest answers
/// (a page of 1,000 items) use a few thousand. The same budget holds wherever generated readers meet JSON they did not
/// ask for: a response, a model's <c>Parse</c>, and System.Text.Json reading a model through its converter (ASP.NET Core
/// binding one from a request body). Readers run synchronously on one thread, so the budget is per thread and per body.
/// </summary>
internal static class ResponseBudget
{
    /// <summary>The most array elements, unknown fields, links and free-form values one body may hold.</summary>
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
    public static bool IsExceeded => t_active && t_left < 0;

    /// <summary>One more value kept; past the budget, a <see cref="JsonException"/> ends the read.</summary>
    public static void Take()
    {
        if (!t_active) return;
        if (--t_left < 0) throw Exceeded();
    }

    /// <summary>
    /// One value for each value inside the object or array <paramref name="reader"/> is on, counted before any is made
    /// (a free-form value is made whole, so counting as it is made would come too late). The reader is a copy: the
    /// caller's does not move.
    /// </summary>
    public static void TakeInside(Utf8JsonReader reader)
    {
        if (!t_active || reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray)) return;
        int depth = reader.CurrentDepth;
        while (reader.Read() && reader.CurrentDepth > depth)
        {
            if (reader.TokenType is not (JsonTokenType.PropertyName or JsonTokenType.EndObject or JsonTokenType.EndArray or JsonTokenType.Comment)) Take();
        }
    }

    /// <summary>The exception that ends a read past the budget.</summary>
    public static JsonException Exceeded() =>
        new JsonLimitException(string.Create(CultureInfo.InvariantCulture, $"the JSON holds more than {MaxValues} values (array items, unknown fields, links, values in free-form fields); no Twilio object is that large, so it was not read"));
}

/// <summary>
/// A limit that bounds what one answer may make (the value budget, a page's item count) was passed. Never a field
/// kept as it came: the whole answer is refused.
/// </summary>
internal sealed class JsonLimitException : JsonException
{
    public JsonLimitException(string message) : base(message) { }
}

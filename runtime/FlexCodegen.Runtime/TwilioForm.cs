using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace FlexCodegen.Runtime;

/// <summary>
/// Twilio's <c>application/x-www-form-urlencoded</c> conventions: dotted names kept, arrays as repeated keys,
/// booleans lowercase, date-times ISO-8601, free-form values as compact JSON strings, invariant culture.
/// The same writer builds query strings.
/// </summary>
public sealed class TwilioForm
{
    private readonly StringBuilder _text = new();

    /// <summary>Adds a string value.</summary>
    public TwilioForm Add(string name, string? value)
    {
        if (value is null) return this;
        if (_text.Length > 0) _text.Append('&');
        _text.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        return this;
    }

    /// <summary>Adds <c>true</c>/<c>false</c>.</summary>
    public TwilioForm Add(string name, bool? value) => value is bool b ? Add(name, Text(b)) : this;

    /// <summary>Adds an integer.</summary>
    public TwilioForm Add(string name, long? value) => value is long l ? Add(name, Text(l)) : this;

    /// <summary>Adds a number.</summary>
    public TwilioForm Add(string name, double? value) => value is double d ? Add(name, Text(d)) : this;

    /// <summary>Adds a date-time as ISO-8601 UTC (<c>2024-01-02T03:04:05Z</c>).</summary>
    public TwilioForm Add(string name, DateTimeOffset? value) => value is DateTimeOffset d ? Add(name, Text(d)) : this;

    // Twilio's wire text for each kind of value, in one place: the form, query strings, headers and JSON all use it.

    /// <summary><c>true</c> or <c>false</c>.</summary>
    public static string Text(bool value) => value ? "true" : "false";

    /// <summary>An integer, invariant culture.</summary>
    public static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A number, round-trippable, invariant culture.</summary>
    public static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A date-time as ISO-8601 UTC, <c>2024-01-02T03:04:05Z</c>.</summary>
    public static string Text(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Adds each element as a repeated key.</summary>
    public TwilioForm AddEach<T>(string name, IEnumerable<T>? values, Func<T, string> format)
    {
        if (values is null) return this;
        foreach (var v in values) Add(name, format(v));
        return this;
    }

    /// <summary>True when nothing was added.</summary>
    public bool IsEmpty => _text.Length == 0;

    /// <summary>The encoded text, e.g. <c>Status=closed&amp;Routing=%7B%7D</c>.</summary>
    public override string ToString() => _text.ToString();

    /// <summary>The text as <c>?…</c> for a query string, or empty.</summary>
    public string ToQueryString() => _text.Length == 0 ? "" : "?" + _text;

    /// <summary>The body as HTTP content.</summary>
    public HttpContent ToContent()
    {
        var content = new ByteArrayContent(Encoding.ASCII.GetBytes(_text.ToString()));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        return content;
    }
}

/// <summary>Escapes one path segment, so a value can never change the path or add a query.</summary>
public static class TwilioPath
{
    /// <summary>Percent-encodes everything but unreserved characters; rejects empty, <c>.</c> and <c>..</c>.</summary>
    public static string Segment(string value, string parameterName)
    {
        if (string.IsNullOrEmpty(value) || value == "." || value == "..")
            throw new ArgumentException($"{parameterName}: a path segment must not be empty, '.' or '..', got '{value}'.", parameterName);
        return Uri.EscapeDataString(value);
    }
}

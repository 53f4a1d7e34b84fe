using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace FlexCodegen.Runtime;

/// <summary>
/// Not for direct use (generated code calls it).
/// Twilio's <c>application/x-www-form-urlencoded</c> conventions: dotted names kept, arrays as repeated keys,
/// booleans lowercase, date-times ISO-8601, free-form values as compact JSON strings, invariant culture.
/// The same writer builds query strings.
/// </summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed class TwilioForm
{
    // The encoded form, built as ASCII bytes: what goes on the wire, with no intermediate strings.
    private byte[] _bytes = new byte[256];
    private int _length;

    /// <summary>Adds a string value.</summary>
    public TwilioForm Add(string name, string? value)
    {
        if (value is null) return this;
        StartField(name);
        AppendEncoded(value.AsSpan());
        return this;
    }

    /// <summary>Adds a value that writes itself as JSON (a typed object), as compact JSON with the minimal escaping JSON needs.</summary>
    public TwilioForm AddJson(string name, IJsonWritable? value) =>
        value is null ? this : AppendJson(name, value, static (v, writer) => v.WriteTo(writer));

    /// <summary>Adds a free-form JSON value, compact, with the minimal escaping JSON needs.</summary>
    public TwilioForm AddJson(string name, JsonElement? value) =>
        value is not JsonElement element ? this : AppendJson(name, element, static (v, writer) => v.WriteTo(writer));

    private TwilioForm AppendJson<T>(string name, T value, Action<T, Utf8JsonWriter> write)
    {
        StartField(name);
        return TwilioJson.WithWriter(value, write, this, static (form, utf8) =>
        {
            form.AppendEncodedUtf8(utf8);
            return form;
        });
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
    public bool IsEmpty => _length == 0;

    /// <summary>The encoded text, e.g. <c>Status=closed&amp;Routing=%7B%7D</c>.</summary>
    public override string ToString() => Encoding.ASCII.GetString(_bytes, 0, _length);

    /// <summary>The text as <c>?…</c> for a query string, or empty.</summary>
    public string ToQueryString() => _length == 0 ? "" : "?" + ToString();

    /// <summary>The body as HTTP content: the encoded bytes, copied once.</summary>
    public HttpContent ToContent()
    {
        var content = new BufferedContent(_bytes.AsSpan(0, _length).ToArray());
        content.Headers.ContentType = FormContentType;
        return content;
    }

    private static readonly MediaTypeHeaderValue FormContentType = new("application/x-www-form-urlencoded");

    private void StartField(string name)
    {
        if (_length > 0) Append((byte)'&');
        AppendEncoded(name.AsSpan());
        Append((byte)'=');
    }

    private void Append(byte b)
    {
        if (_length == _bytes.Length) Array.Resize(ref _bytes, _bytes.Length * 2);
        _bytes[_length++] = b;
    }

    /// <summary>Percent-encodes text as UTF-8, leaving only RFC 3986's unreserved characters as they are (as <see cref="Uri.EscapeDataString(string)"/> does).</summary>
    private void AppendEncoded(ReadOnlySpan<char> text)
    {
        Span<byte> utf8 = stackalloc byte[4];
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c < 0x80)
            {
                AppendEncodedByte((byte)c);
                continue;
            }
            int count;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                count = Encoding.UTF8.GetBytes(text.Slice(i, 2), utf8);
                i++;
            }
            else
            {
                count = Encoding.UTF8.GetBytes(char.IsSurrogate(c) ? "\uFFFD".AsSpan() : text.Slice(i, 1), utf8);
            }
            for (int k = 0; k < count; k++) AppendEncodedByte(utf8[k]);
        }
    }

    private void AppendEncodedUtf8(ReadOnlySpan<byte> utf8)
    {
        foreach (byte b in utf8) AppendEncodedByte(b);
    }

    private void AppendEncodedByte(byte b)
    {
        if (b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~')
        {
            Append(b);
            return;
        }
        Append((byte)'%');
        Append(Hex[b >> 4]);
        Append(Hex[b & 0xF]);
    }

    private static ReadOnlySpan<byte> Hex => "0123456789ABCDEF"u8;
}

/// <summary>Content whose bytes the pipeline can reuse for every attempt without reading them back.</summary>
internal sealed class BufferedContent : ByteArrayContent
{
    public BufferedContent(byte[] bytes) : base(bytes) => Bytes = bytes;

    public byte[] Bytes { get; }
}

/// <summary>Not for direct use (generated code calls it). Escapes one path segment, so a value can never change the path or add a query.</summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
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

using System;
using System.Buffers;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.ComponentModel;
using System.Text.Json;

namespace FlexCodegen.Runtime;

/// <summary>
/// Not for direct use: the form of one generated id type (its prefixes, its body's length and characters) and all the
/// work its members do: checking, parsing, text, order, URL path segments and JSON values and keys, with the messages
/// users see. A generated id holds one instance in a static field and delegates every member to it, so each id type is
/// a page of declarations instead of its own copy of this code.
/// </summary>
/// <typeparam name="TId">How the id's value is stored: <see cref="HexSid"/> or <see cref="TextSid"/>.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class SidFormat<TId> where TId : struct, IEquatable<TId>
{
    private readonly string _typeName;
    private readonly string _expectedForm;
    private readonly SearchValues<char> _bodyChars;
    private readonly int _bodyLength;

    private protected SidFormat(string typeName, string expectedForm, string bodyChars, int bodyLength, string[] prefixes)
    {
        _typeName = typeName;
        _expectedForm = expectedForm;
        _bodyChars = SearchValues.Create(bodyChars);
        _bodyLength = bodyLength;
        PrefixArray = (string[])prefixes.Clone();
        Prefixes = Array.AsReadOnly(PrefixArray);
    }

    /// <summary>The prefixes, in the spec's order (what <see cref="HexSid"/> numbers them by).</summary>
    private protected string[] PrefixArray { get; }

    /// <summary>Not for direct use. The prefixes an id may start with, in the spec's order.</summary>
    public ReadOnlyCollection<string> Prefixes { get; }

    /// <summary>Not for direct use. Whether <paramref name="value"/> is one prefix (exact case), then the body's length of allowed characters.</summary>
    /// <param name="value">The text to check.</param>
    /// <returns>Whether it is an id of this type.</returns>
    public bool IsValid(ReadOnlySpan<char> value)
    {
        foreach (string prefix in PrefixArray)
        {
            // Prefixes of different lengths: only the one that leaves exactly the body's length can match.
            if (value.Length == prefix.Length + _bodyLength && value.StartsWith(prefix, StringComparison.Ordinal))
                return value.Slice(prefix.Length).IndexOfAnyExcept(_bodyChars) < 0; // vectorised
        }
        return false;
    }

    /// <summary>Not for direct use. Whether <paramref name="value"/> is an id of this type; null is not.</summary>
    /// <param name="value">The text to check.</param>
    /// <returns>Whether it is an id of this type.</returns>
    public bool IsValid(string? value) => value is not null && IsValid(value.AsSpan());

    /// <summary>Not for direct use. Parses an id.</summary>
    /// <param name="value">The text.</param>
    /// <returns>The id's value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="FormatException"><paramref name="value"/> is not an id of this type; the message quotes it (at most 100 characters).</exception>
    public TId Parse(string value)
    {
        if (value is null) throw new ArgumentNullException(nameof(value), _typeName + ": expected " + _expectedForm + ", got null.");
        return TryCreate(value.AsSpan(), value, out var id) ? id : throw Invalid(value.AsSpan());
    }

    /// <summary>Not for direct use. Parses an id from a span.</summary>
    /// <param name="value">The text.</param>
    /// <returns>The id's value.</returns>
    /// <exception cref="FormatException"><paramref name="value"/> is not an id of this type.</exception>
    public TId Parse(ReadOnlySpan<char> value) => TryCreate(value, null, out var id) ? id : throw Invalid(value);

    /// <summary>Not for direct use. Parses an id, or gives <c>default</c> (no id).</summary>
    /// <param name="value">The text; null gives <c>default</c>.</param>
    /// <returns>The id's value, or <c>default</c>.</returns>
    public TId ParseOrDefault(string? value) => value is not null && TryCreate(value.AsSpan(), value, out var id) ? id : default;

    /// <summary>Not for direct use. Parses an id from a span, or gives <c>default</c> (no id).</summary>
    /// <param name="value">The text.</param>
    /// <returns>The id's value, or <c>default</c>.</returns>
    public TId ParseOrDefault(ReadOnlySpan<char> value) => TryCreate(value, null, out var id) ? id : default;

    /// <summary>Checks <paramref name="value"/> with <see cref="IsValid(ReadOnlySpan{char})"/> and stores it.</summary>
    /// <param name="value">The text.</param>
    /// <param name="text">The same text as a string when the caller has one (kept instead of a copy), else null.</param>
    /// <param name="id">The id's value.</param>
    private protected abstract bool TryCreate(ReadOnlySpan<char> value, string? text, out TId id);

    /// <summary>Not for direct use. The id as Twilio writes it; empty for <c>default</c>.</summary>
    /// <param name="id">The id's value.</param>
    /// <returns>The text.</returns>
    public abstract string ToString(TId id);

    /// <summary>Not for direct use. The ordinal order of the ids' texts (<c>default</c> first).</summary>
    /// <param name="x">One id's value.</param>
    /// <param name="y">The other id's value.</param>
    /// <returns>Negative, zero or positive, as <see cref="string.CompareOrdinal(string, string)"/>.</returns>
    public abstract int Compare(TId x, TId y);

    /// <summary>Not for direct use. What <see cref="IComparable.CompareTo(object)"/> does with an object that is not an id of this type.</summary>
    /// <param name="obj">The object.</param>
    /// <returns>1 for null (null orders first).</returns>
    /// <exception cref="ArgumentException"><paramref name="obj"/> is not null.</exception>
    public int CompareToOther(object? obj) =>
        obj is null ? 1 : throw new ArgumentException("Expected " + (IsVowel(_typeName[0]) ? "an " : "a ") + _typeName + ".", nameof(obj));

    /// <summary>Not for direct use. The id for a URL path.</summary>
    /// <param name="id">The id's value.</param>
    /// <param name="parameterName">The parameter it was passed as, for the message.</param>
    /// <returns>The id's text.</returns>
    /// <exception cref="ArgumentException">The id is <c>default</c>, which names no resource.</exception>
    public string ToPathSegment(TId id, string parameterName) =>
        id.Equals(default) ? throw new ArgumentException(parameterName + ": default(" + _typeName + ") is not an id; parse one with " + _typeName + ".Parse.", parameterName) : ToString(id);

    /// <summary>Not for direct use. Reads an id from a JSON value.</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <param name="id">The id's value; <c>default</c> for JSON null.</param>
    /// <returns>False for JSON null.</returns>
    /// <exception cref="JsonException">The value is not a string, or not an id of this type.</exception>
    public bool ReadJson(ref Utf8JsonReader reader, out TId id)
    {
        id = default;
        if (reader.TokenType == JsonTokenType.Null) return false;
        if (reader.TokenType != JsonTokenType.String) throw new JsonException(_typeName + ": expected a JSON string, got " + reader.TokenType + ".");
        if (!TryReadUtf8(ref reader, out id)) id = ReadJsonName(ref reader);
        return true;
    }

    /// <summary>Reads a plain (unescaped, contiguous) value straight from the reader's UTF-8, allocating nothing.</summary>
    private protected virtual bool TryReadUtf8(ref Utf8JsonReader reader, out TId id)
    {
        id = default;
        return false;
    }

    /// <summary>Not for direct use. Reads an id from a JSON string or property name.</summary>
    /// <param name="reader">The reader, on the string or name.</param>
    /// <returns>The id's value.</returns>
    /// <exception cref="JsonException">The text is not an id of this type.</exception>
    public TId ReadJsonName(ref Utf8JsonReader reader)
    {
        string text = reader.GetString()!;
        return TryCreate(text.AsSpan(), text, out var id) ? id : throw new JsonException(Invalid(text.AsSpan()).Message);
    }

    /// <summary>Not for direct use. Writes the id as a JSON string; <c>default</c> as null.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="id">The id's value.</param>
    public void WriteJson(Utf8JsonWriter writer, TId id)
    {
        if (id.Equals(default)) writer.WriteNullValue();
        else Write(writer, id, name: false);
    }

    /// <summary>Not for direct use. Writes the id as a JSON property name.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="id">The id's value.</param>
    /// <exception cref="JsonException">The id is <c>default</c>, which has no text.</exception>
    public void WriteJsonName(Utf8JsonWriter writer, TId id)
    {
        if (id.Equals(default)) throw new JsonException("default(" + _typeName + ") is not an id and cannot be a JSON key.");
        Write(writer, id, name: true);
    }

    /// <summary>Writes a non-default id as a JSON string value or property name.</summary>
    private protected abstract void Write(Utf8JsonWriter writer, TId id, bool name);

    private FormatException Invalid(ReadOnlySpan<char> value)
    {
        string shown = value.Length > 100 ? value.Slice(0, 100).ToString() + "…" : value.ToString();
        return new FormatException("'" + shown + "' is not a valid " + _typeName + ": expected " + _expectedForm + ".");
    }

    private static bool IsVowel(char c) => "AEIOUaeiou".IndexOf(c) >= 0;
}

/// <summary>
/// Not for direct use: the form of a generated id whose body is 32 hex digits (all of Twilio's ids), held as a
/// <see cref="HexSid"/>: parsing a valid id, from text or straight from JSON's UTF-8, allocates nothing.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class HexSidFormat : SidFormat<HexSid>
{
    /// <summary>Not for direct use. The form of one id type.</summary>
    /// <param name="typeName">The id type's name, for messages.</param>
    /// <param name="expectedForm">The form as messages state it: <c>'KD' + 32 hex digits, 34 characters</c>.</param>
    /// <param name="prefixes">The prefixes an id may start with (at most 254, each at most 32 characters).</param>
    public HexSidFormat(string typeName, string expectedForm, params string[] prefixes)
        : base(typeName, expectedForm, "0123456789abcdefABCDEF", 32, prefixes)
    {
    }

    private protected override bool TryCreate(ReadOnlySpan<char> value, string? text, out HexSid id)
    {
        // The vectorised check first: a malformed id is refused in a few nanoseconds.
        id = default;
        return IsValid(value) && HexSid.TryParse(value, PrefixArray, out id);
    }

    private protected override bool TryReadUtf8(ref Utf8JsonReader reader, out HexSid id)
    {
        id = default;
        return !reader.ValueIsEscaped && !reader.HasValueSequence && HexSid.TryParse(reader.ValueSpan, PrefixArray, out id);
    }

    /// <inheritdoc/>
    public override string ToString(HexSid id) => id.ToString(PrefixArray);

    /// <inheritdoc/>
    public override int Compare(HexSid x, HexSid y) => x.CompareTo(y, PrefixArray);

    private protected override void Write(Utf8JsonWriter writer, HexSid id, bool name)
    {
        Span<char> text = stackalloc char[64];
        text = text.Slice(0, id.Format(text, PrefixArray));
        if (name) writer.WritePropertyName(text);
        else writer.WriteStringValue(text);
    }
}

/// <summary>Not for direct use: the form of a generated id whose body is not 32 hex digits, held as its text.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class TextSidFormat : SidFormat<TextSid>
{
    /// <summary>Not for direct use. The form of one id type.</summary>
    /// <param name="typeName">The id type's name, for messages.</param>
    /// <param name="expectedForm">The form as messages state it: <c>'OQ' + 32 letters or digits, 34 characters</c>.</param>
    /// <param name="bodyChars">Every character the body may hold.</param>
    /// <param name="bodyLength">How many characters follow the prefix.</param>
    /// <param name="prefixes">The prefixes an id may start with.</param>
    public TextSidFormat(string typeName, string expectedForm, string bodyChars, int bodyLength, params string[] prefixes)
        : base(typeName, expectedForm, bodyChars, bodyLength, prefixes)
    {
    }

    private protected override bool TryCreate(ReadOnlySpan<char> value, string? text, out TextSid id)
    {
        id = IsValid(value) ? new TextSid(text ?? value.ToString()) : default;
        return !id.IsEmpty;
    }

    /// <inheritdoc/>
    public override string ToString(TextSid id) => id.ToString();

    /// <inheritdoc/>
    public override int Compare(TextSid x, TextSid y) => x.CompareTo(y);

    private protected override void Write(Utf8JsonWriter writer, TextSid id, bool name)
    {
        if (name) writer.WritePropertyName(id.ToString());
        else writer.WriteStringValue(id.ToString());
    }
}

using System;
using System.ComponentModel;

namespace FlexCodegen.Runtime;

/// <summary>
/// The storage of a generated id whose body is 32 hex digits (<c>KD</c> + 32 hex digits): which prefix, the digits as
/// two 64-bit numbers, and which digits were upper-case letters, so the text round-trips exactly. Parsing a valid id
/// allocates nothing; the text is built only when asked for. Plumbing for generated code; not for direct use.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct HexSid : IEquatable<HexSid>
{
    private const int Digits = 32;
    private const uint Invalid = 0x100;

    private readonly ulong _high; // digits 1-16
    private readonly ulong _low;  // digits 17-32
    private readonly uint _upper; // bit i: digit i was an upper-case letter
    private readonly byte _prefix; // index into the id type's prefixes, plus one; 0 is "no id"

    private HexSid(byte prefix, ulong high, ulong low, uint upper)
    {
        _prefix = prefix;
        _high = high;
        _low = low;
        _upper = upper;
    }

    /// <summary>True for <c>default</c>: no id.</summary>
    public bool IsEmpty => _prefix == 0;

    /// <summary>Parses text: one of <paramref name="prefixes"/>, then exactly 32 hex digits.</summary>
    public static bool TryParse(ReadOnlySpan<char> value, string[] prefixes, out HexSid result)
    {
        result = default;
        for (int p = 0; p < prefixes.Length; p++)
        {
            string prefix = prefixes[p];
            if (value.Length != prefix.Length + Digits || !value.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var body = value.Slice(prefix.Length, Digits);
            ulong high = 0, low = 0;
            uint upper = 0, bad = 0;
            for (int i = 0; i < 16; i++)
            {
                char h = body[i], l = body[16 + i];
                uint dh = Value(h), dl = Value(l);
                bad |= dh | dl;
                high = (high << 4) | (dh & 0xF);
                low = (low << 4) | (dl & 0xF);
                upper |= (IsUpper(h) << i) | (IsUpper(l) << (16 + i));
            }
            if ((bad & Invalid) != 0) return false;
            result = new HexSid((byte)(p + 1), high, low, upper);
            return true;
        }
        return false;
    }

    /// <summary>Parses UTF-8 text (e.g. straight from a JSON reader's buffer), with no string in between.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, string[] prefixes, out HexSid result)
    {
        result = default;
        if (utf8.Length > 64) return false;
        Span<char> chars = stackalloc char[utf8.Length];
        for (int i = 0; i < utf8.Length; i++) chars[i] = (char)utf8[i]; // a non-ASCII byte is no hex digit, nor a prefix letter
        return TryParse(chars, prefixes, out result);
    }

    /// <summary>The id's text, exactly as it was parsed; empty for <c>default</c>.</summary>
    public string ToString(string[] prefixes)
    {
        if (IsEmpty) return "";
        Span<char> text = stackalloc char[prefixes[_prefix - 1].Length + Digits];
        return new string(text.Slice(0, Format(text, prefixes)));
    }

    /// <summary>Writes the text into <paramref name="destination"/> (at least the prefix's length + 32); returns the length.</summary>
    public int Format(Span<char> destination, string[] prefixes)
    {
        if (IsEmpty) return 0;
        string prefix = prefixes[_prefix - 1];
        prefix.AsSpan().CopyTo(destination);
        var body = destination.Slice(prefix.Length, Digits);
        ulong high = _high, low = _low;
        for (int i = 15; i >= 0; i--)
        {
            body[i] = Char((int)(high & 0xF), i);
            body[16 + i] = Char((int)(low & 0xF), 16 + i);
            high >>= 4;
            low >>= 4;
        }
        return prefix.Length + Digits;
    }

    /// <summary>The order of the texts, ordinal, as <see cref="string.CompareOrdinal(string, string)"/> would give it (<c>default</c> first).</summary>
    public int CompareTo(HexSid other, string[] prefixes)
    {
        if (IsEmpty || other.IsEmpty) return IsEmpty == other.IsEmpty ? 0 : IsEmpty ? -1 : 1;
        Span<char> a = stackalloc char[64];
        Span<char> b = stackalloc char[64];
        return a.Slice(0, Format(a, prefixes)).SequenceCompareTo(b.Slice(0, other.Format(b, prefixes)));
    }

    /// <inheritdoc/>
    public bool Equals(HexSid other) => _prefix == other._prefix && _high == other._high && _low == other._low && _upper == other._upper;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is HexSid other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_prefix, _high, _low, _upper);

    private char Char(int digit, int position) =>
        (char)(digit < 10 ? '0' + digit : ((_upper & (1u << position)) != 0 ? 'A' : 'a') + digit - 10);

    /// <summary>A hex digit's value, or <see cref="Invalid"/> for any other character: one table load.</summary>
    private static uint Value(char c) => c < 128 ? HexValues[c] : Invalid;

    private static ReadOnlySpan<ushort> HexValues =>
    [
        256, 256, 256, 256, 256, 256, 256, 256, 256, 256, 256, 256, 256, 256, 256, 256,
        256, 256, 256, 256, 256, 256, 256, 256, 256, 256, 256, 256, 256, 256, 256, 256,
        256, 256, 256, 256, 256, 256, 256, 256, 256, 256, 256, 256, 256, 256, 256, 256,
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 256, 256, 256, 256, 256, 256,
        256, 10, 11, 12, 13, 14, 15, 256, 256, 256, 256, 256, 256, 256, 256, 256,
        256, 256, 256, 256, 256, 256, 256, 256, 256, 256, 256, 256, 256, 256, 256, 256,
        256, 10, 11, 12, 13, 14, 15, 256, 256, 256, 256, 256, 256, 256, 256, 256,
        256, 256, 256, 256, 256, 256, 256, 256, 256, 256, 256, 256, 256, 256, 256, 256,
    ];

    private static uint IsUpper(char c) => (uint)(c - 'A') < 6u ? 1u : 0u;
}

using System;
using System.Text;
using System.Text.Json;

namespace FlexCodegen.Runtime;

/// <summary>
/// Finds a JSON property name or string value among a fixed list of texts by its UTF-8 bytes, without making a string:
/// an open-addressed hash table, so a lookup costs the same for 3 names as for 10,000 (the generated <c>if</c> per name
/// it replaces grew with the count, in code and in time).
/// </summary>
internal sealed class Utf8NameTable
{
    private readonly byte[][] _names;
    private readonly int[] _slots; // index + 1, 0 = empty
    private readonly int _mask;

    public Utf8NameTable(string[] names)
    {
        _names = new byte[names.Length][];
        int size = 4;
        while (size < names.Length * 2) size <<= 1;
        _slots = new int[size];
        _mask = size - 1;
        for (int i = 0; i < names.Length; i++)
        {
            _names[i] = Encoding.UTF8.GetBytes(names[i]);
            int slot = Hash(_names[i]) & _mask;
            while (true)
            {
                int taken = _slots[slot];
                if (taken == 0)
                {
                    _slots[slot] = i + 1;
                    break;
                }
                if (_names[taken - 1].AsSpan().SequenceEqual(_names[i])) break; // a repeated name keeps its first index
                slot = (slot + 1) & _mask;
            }
        }
    }

    /// <summary>The index of the name or string value the reader is on, or -1.</summary>
    public int Find(ref Utf8JsonReader reader) =>
        reader.HasValueSequence || reader.ValueIsEscaped
            ? Find(Encoding.UTF8.GetBytes(reader.GetString()!))
            : Find(reader.ValueSpan);

    public int Find(ReadOnlySpan<byte> utf8)
    {
        int slot = Hash(utf8) & _mask;
        while (true)
        {
            int taken = _slots[slot];
            if (taken == 0) return -1;
            if (_names[taken - 1].AsSpan().SequenceEqual(utf8)) return taken - 1;
            slot = (slot + 1) & _mask;
        }
    }

    private static int Hash(ReadOnlySpan<byte> utf8)
    {
        uint h = 2166136261;
        foreach (byte b in utf8) h = (h ^ b) * 16777619;
        return (int)(h ^ (h >> 15));
    }
}

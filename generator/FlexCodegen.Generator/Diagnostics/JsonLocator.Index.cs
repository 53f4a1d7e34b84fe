using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace FlexCodegen.Generator.Diagnostics;

internal sealed partial class JsonLocator
{
    /// <summary>
    /// Every member and array item of a file (a slot), numbered in the order they are written, each held as two numbers:
    /// where it starts and where its descendants end. The generator runs inside the compiler, on every build and
    /// keystroke, so the index must cost memory in proportion to the file whatever its shape: a node and a dictionary
    /// per value made a 2 MB array of zeros cost 130 MB. Keys are read from the file when a lookup asks for them, and
    /// only a container a lookup searches past its first few children gets a table of them.
    /// </summary>
    private sealed class Index
    {
        /// <summary>The file's own value, the container of its top-level members or items.</summary>
        public const int Root = -1;

        /// <summary>Children searched one by one before their container gets a table; most containers never need one.</summary>
        private const int SearchedInOrder = 16;

        /// <summary>Bytes between the points where the characters before them are counted.</summary>
        private const int CountedEvery = 1024;

        private readonly byte[] _utf8;
        private readonly int _count;
        /// <summary>Byte offset of each slot's key (an object member) or value (an array item).</summary>
        private readonly int[] _start;
        /// <summary>The slot after each slot's last descendant: its next sibling, when it has one.</summary>
        private readonly int[] _end;
        private readonly bool[] _holdsArray;
        private readonly bool _rootHoldsArray;
        /// <summary>Characters before every <see cref="CountedEvery"/>-th byte (moved on to the next character's start).</summary>
        private readonly int[] _charsBefore;
        private readonly Dictionary<int, int[]> _items = new();
        private readonly Dictionary<int, Dictionary<string, int>> _members = new();

        public Index(byte[] utf8)
        {
            _utf8 = utf8;
            // Counted first, so each array is allocated once at its size, not grown by doubling.
            _count = Read(null, null, null, out _);
            _start = new int[_count];
            _end = new int[_count];
            _holdsArray = new bool[_count];
            Read(_start, _end, _holdsArray, out _rootHoldsArray);

            _charsBefore = new int[utf8.Length / CountedEvery + 1];
            int chars = 0, counted = 0;
            for (int block = 1; block < _charsBefore.Length; block++)
            {
                int at = CharacterStart(block * CountedEvery);
                chars += Encoding.UTF8.GetCharCount(utf8, counted, at - counted);
                counted = at;
                _charsBefore[block] = chars;
            }
        }

        /// <summary>
        /// One read of the file: the number of slots, and (when given arrays) each one's place. As the walk, it stops
        /// where the file stops being JSON (or nests past the reader's 64 levels): what was read before is indexed.
        /// </summary>
        private int Read(int[]? start, int[]? end, bool[]? holdsArray, out bool rootHoldsArray)
        {
            rootHoldsArray = false;
            int count = 0, member = Root;
            var open = new List<(int Slot, bool IsArray)>();
            try
            {
                var reader = new Utf8JsonReader(_utf8, ReaderOptions);
                while (reader.Read())
                {
                    var token = reader.TokenType;
                    if (token is JsonTokenType.EndObject or JsonTokenType.EndArray)
                    {
                        int closed = open[open.Count - 1].Slot;
                        open.RemoveAt(open.Count - 1);
                        if (closed != Root && end is not null) end[closed] = count;
                        continue;
                    }
                    int slot;
                    if (token == JsonTokenType.PropertyName || (open.Count > 0 && open[open.Count - 1].IsArray))
                    {
                        slot = count++;
                        if (start is not null) start[slot] = (int)reader.TokenStartIndex;
                        if (end is not null) end[slot] = slot + 1;
                        if (token == JsonTokenType.PropertyName)
                        {
                            member = slot;
                            continue;
                        }
                    }
                    else slot = open.Count == 0 ? Root : member;
                    if (token is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    {
                        bool isArray = token == JsonTokenType.StartArray;
                        if (slot == Root) rootHoldsArray = isArray;
                        else if (holdsArray is not null) holdsArray[slot] = isArray;
                        open.Add((slot, isArray));
                    }
                }
            }
            catch (JsonException)
            {
                // Best effort, as the walk.
            }
            // What the file leaves open holds everything read after it.
            if (end is not null)
                foreach (var (slot, _) in open)
                    if (slot != Root) end[slot] = count;
            return count;
        }

        /// <summary>Where a slot's key (a member) or value (an item) starts, in bytes.</summary>
        public int Start(int slot) => _start[slot];

        public bool HoldsArray(int container) => container == Root ? _rootHoldsArray : _holdsArray[container];

        /// <summary>
        /// The child of <paramref name="container"/> a pointer segment names: an array's item by its index as the walk
        /// writes it (<c>0</c>, <c>12</c>; not <c>012</c>), an object's member by its key, the first where it is written
        /// twice; -1 when there is none.
        /// </summary>
        public int Child(int container, string segment)
        {
            int first = container == Root ? 0 : container + 1;
            int end = container == Root ? _count : _end[container];
            if (first >= end) return -1;
            return HoldsArray(container) ? Item(container, first, end, segment) : Member(container, first, end, segment);
        }

        private int Item(int container, int first, int end, string segment)
        {
            if (!IsIndex(segment, out int index)) return -1;
            if (index < SearchedInOrder)
            {
                int slot = first;
                for (int i = 0; i < index && slot < end; i++) slot = _end[slot];
                return slot < end ? slot : -1;
            }
            if (!_items.TryGetValue(container, out var items)) _items[container] = items = Children(first, end);
            return index < items.Length ? items[index] : -1;
        }

        private int Member(int container, int first, int end, string segment)
        {
            int slot = first;
            for (int i = 0; i < SearchedInOrder && slot < end; i++, slot = _end[slot])
                if (KeyIs(slot, segment)) return slot;
            if (slot >= end) return -1;
            if (!_members.TryGetValue(container, out var members))
            {
                var children = Children(first, end);
                members = new Dictionary<string, int>(children.Length, StringComparer.Ordinal);
                foreach (int child in children)
                {
                    var reader = KeyReader(child);
                    string key = Key(ref reader);
                    if (!members.ContainsKey(key)) members[key] = child;
                }
                _members[container] = members;
            }
            return members.TryGetValue(segment, out int found) ? found : -1;
        }

        private int[] Children(int first, int end)
        {
            int count = 0;
            for (int slot = first; slot < end; slot = _end[slot]) count++;
            var children = new int[count];
            for (int slot = first, i = 0; slot < end; slot = _end[slot]) children[i++] = slot;
            return children;
        }

        /// <summary>A segment as the walk writes an item's index: digits, no leading zero, within an int.</summary>
        private static bool IsIndex(string segment, out int index)
        {
            index = 0;
            if (segment.Length == 0 || segment.Length > 10 || (segment.Length > 1 && segment[0] == '0')) return false;
            long value = 0;
            foreach (char c in segment)
            {
                if (c is < '0' or > '9') return false;
                value = value * 10 + (c - '0');
            }
            if (value > int.MaxValue) return false;
            index = (int)value;
            return true;
        }

        /// <summary>A reader on a member's key, read as a string on its own: the key's text as the file's reader saw it.</summary>
        private Utf8JsonReader KeyReader(int slot)
        {
            var reader = new Utf8JsonReader(new ReadOnlySpan<byte>(_utf8, _start[slot], _utf8.Length - _start[slot]), ReaderOptions);
            reader.Read();
            return reader;
        }

        /// <summary>Whether a member's key is <paramref name="segment"/>, read as <see cref="Key"/> reads it.</summary>
        private bool KeyIs(int slot, string segment)
        {
            var reader = KeyReader(slot);
            // Unescaped, its bytes are its text: compared where they lie, with no string made.
            if (!reader.ValueIsEscaped) return reader.ValueTextEquals(segment);
            return string.Equals(Key(ref reader), segment, StringComparison.Ordinal);
        }

        /// <summary>
        /// The length in bytes of a member's key as the reader gives a property name: the quoted key, the white space
        /// after it and the colon (the reader allows no comment before the colon).
        /// </summary>
        public int KeyLength(int slot)
        {
            var reader = KeyReader(slot);
            int at = _start[slot] + (int)reader.BytesConsumed;
            while (at < _utf8.Length && _utf8[at] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') at++;
            if (at < _utf8.Length && _utf8[at] == (byte)':') at++;
            return at - _start[slot];
        }

        /// <summary>The characters before a byte offset that starts a character (or ends the file).</summary>
        public int CharsBefore(int byteOffset)
        {
            byteOffset = Math.Max(0, Math.Min(byteOffset, _utf8.Length));
            int block = byteOffset / CountedEvery;
            int from = CharacterStart(block * CountedEvery);
            if (from > byteOffset) from = CharacterStart(--block * CountedEvery);
            return _charsBefore[block] + Encoding.UTF8.GetCharCount(_utf8, from, byteOffset - from);
        }

        /// <summary>The first byte at or after <paramref name="byteOffset"/> that starts a character.</summary>
        private int CharacterStart(int byteOffset)
        {
            while (byteOffset < _utf8.Length && (_utf8[byteOffset] & 0xC0) == 0x80) byteOffset++;
            return byteOffset;
        }
    }
}

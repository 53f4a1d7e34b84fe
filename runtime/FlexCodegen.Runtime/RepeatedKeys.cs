using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace FlexCodegen.Runtime;

/// <summary>
/// Refuses a key written twice in any object of one JSON value, for a reader whose options ask for it
/// (<c>JsonSerializerOptions.AllowDuplicateProperties = false</c>, .NET 10). Generated readers otherwise keep the last
/// of a repeated key, as System.Text.Json does by default. Keys are compared as decoded text, so <c>"sid"</c> and
/// <c>"s\u0069d"</c> are one key; the same key in two sibling objects is no repeat.
/// </summary>
internal static class RepeatedKeys
{
    /// <summary>
    /// Walks the value <paramref name="reader"/> is on (a copy: the caller's reader does not move) and throws a
    /// <see cref="JsonException"/> naming <paramref name="typeName"/> and the key at the first key met twice in one object.
    /// Only the keys of the objects still open are held, and at most <see cref="ResponseBudget.MaxValues"/> of them.
    /// </summary>
    public static void Refuse(Utf8JsonReader reader, string typeName)
    {
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray)) return;
        int depth = reader.CurrentDepth;
        var open = new List<HashSet<string>?>(); // per open container, innermost last; null for an array
        var spare = new Stack<HashSet<string>>(); // sets of closed objects, emptied, for the next object to reuse
        int held = 0;
        while (true)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    open.Add(spare.Count > 0 ? spare.Pop() : new HashSet<string>(StringComparer.Ordinal));
                    break;
                case JsonTokenType.StartArray:
                    open.Add(null);
                    break;
                case JsonTokenType.EndObject:
                    var keys = open[open.Count - 1]!;
                    held -= keys.Count;
                    keys.Clear();
                    spare.Push(keys);
                    open.RemoveAt(open.Count - 1);
                    break;
                case JsonTokenType.EndArray:
                    open.RemoveAt(open.Count - 1);
                    break;
                case JsonTokenType.PropertyName:
                    string key = Key(ref reader);
                    if (!open[open.Count - 1]!.Add(key))
                        throw new JsonException($"{typeName}: the key '{MessageText.Quote(key)}' is written twice in one object, and JsonSerializerOptions.AllowDuplicateProperties is false.");
                    if (++held > ResponseBudget.MaxValues) throw ResponseBudget.Exceeded();
                    break;
            }
            if (reader.CurrentDepth == depth && reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray) return;
            if (!reader.Read()) return; // the value ends early: the read that follows says so
        }
    }

    /// <summary>The key as text; one whose escapes are no text (a lone surrogate) as it was written.</summary>
    private static string Key(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray());
        }
    }
}

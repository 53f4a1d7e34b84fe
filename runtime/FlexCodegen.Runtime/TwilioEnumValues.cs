using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Text.Json;

namespace FlexCodegen.Runtime;

/// <summary>
/// Not for direct use (generated code calls it). The values a generated enum's spec lists, made once per enum type from
/// its listed values: it is the enum's <c>KnownValues</c> (read-only, in the spec's order), tells listed texts from
/// others and reads values from JSON, handing back the listed instance for a listed text (no string is made). Lookups
/// are hashed, so a 20,000-value enum costs what a 3-value one does.
/// </summary>
/// <typeparam name="T">The enum type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class TwilioEnumValues<T> : IReadOnlyList<T> where T : struct, ITwilioTextValue<T>
{
    private readonly T[] _known;
    private readonly HashSet<string> _texts;
    private readonly Utf8NameTable _table;

    /// <summary>Not for direct use. The listed values, in the spec's order.</summary>
    /// <param name="known">The enum's listed values.</param>
    public TwilioEnumValues(params T[] known)
    {
        if (known is null) throw new ArgumentNullException(nameof(known));
        _known = (T[])known.Clone();
        var texts = new string[known.Length];
        for (int i = 0; i < known.Length; i++) texts[i] = known[i].ToString()!;
        _texts = new HashSet<string>(texts, StringComparer.Ordinal);
        _table = new Utf8NameTable(texts);
    }

    /// <summary>Not for direct use. Whether the spec lists <paramref name="text"/>.</summary>
    /// <param name="text">A wire text (null for <c>default</c>).</param>
    /// <returns>True for a listed text.</returns>
    public bool IsKnown(string? text) => text is not null && _texts.Contains(text);

    /// <summary>Not for direct use. Reads a value from JSON: null gives null, any string is kept.</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <returns>The value, or null.</returns>
    /// <exception cref="JsonException">The value is not a string (the message names the type).</exception>
    public T? Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.String)
            throw new JsonException(typeof(T).Name + ": expected a JSON string, got " + reader.TokenType + ".");
        int i = _table.Find(ref reader);
        return i >= 0 ? _known[i] : T.FromText(reader.GetString()!);
    }

    /// <inheritdoc/>
    public T this[int index] => _known[index];

    /// <inheritdoc/>
    public int Count => _known.Length;

    /// <inheritdoc/>
    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_known).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

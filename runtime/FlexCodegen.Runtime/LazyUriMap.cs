using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Threading;

namespace FlexCodegen.Runtime;

/// <summary>
/// Not for direct use (generated code calls it).
/// A <c>links</c> map read from JSON: it keeps the text and builds each <see cref="Uri"/> on first access,
/// since most responses' links are never followed and a <see cref="Uri"/> is costly to parse. A link whose text is not
/// a URI is left out of the map (it is still in <see cref="Text"/>): reading a server's answer never throws later.
/// </summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed class LazyUriMap : IReadOnlyDictionary<string, Uri>
{
    private static readonly object NotAUri = new();

    private readonly KeyValuePair<string, string>[] _text;
    private readonly object?[] _uris; // null: not parsed yet; a Uri; or NotAUri
    private readonly JsonElement?[]? _asCame; // per link, the value as it came when it was not a string

    /// <summary>Creates a map over link texts. Not for direct use: generated readers make it.</summary>
    /// <param name="text">The links as they came, name and text.</param>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public LazyUriMap(KeyValuePair<string, string>[] text)
    {
        _text = text ?? throw new ArgumentNullException(nameof(text));
        _uris = new object?[text.Length];
    }

    /// <summary>Links of which some were not strings: <paramref name="asCame"/> holds those values, null for the strings.</summary>
    internal LazyUriMap(KeyValuePair<string, string>[] text, JsonElement?[]? asCame) : this(text)
    {
        _asCame = asCame;
        if (asCame is not null)
            for (int i = 0; i < asCame.Length; i++)
                if (asCame[i] is not null) _uris[i] = NotAUri;
    }

    /// <summary>The link at <paramref name="i"/> as it came, when it was not a string; null otherwise.</summary>
    internal JsonElement? AsCame(int i) => _asCame?[i];

    /// <summary>The links' texts, without parsing them (empty for a link that was not a string: it is written back as it came).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Text => _text;

    private Uri? At(int i)
    {
        object? parsed = Volatile.Read(ref _uris[i]);
        if (parsed is null)
        {
            parsed = (object?)TwilioJson.ToUri(_text[i].Value) ?? NotAUri;
            parsed = Interlocked.CompareExchange(ref _uris[i], parsed, null) ?? parsed;
        }
        return parsed as Uri;
    }

    private int IndexOf(string key)
    {
        for (int i = 0; i < _text.Length; i++)
            if (string.Equals(_text[i].Key, key, StringComparison.Ordinal) && At(i) is not null) return i;
        return -1;
    }

    /// <inheritdoc/>
    public Uri this[string key] => IndexOf(key) is int i and >= 0 ? At(i)! : throw new KeyNotFoundException($"No link named '{MessageText.Quote(key)}'.");

    /// <inheritdoc/>
    public IEnumerable<string> Keys { get { foreach (var pair in this) yield return pair.Key; } }

    /// <inheritdoc/>
    public IEnumerable<Uri> Values { get { foreach (var pair in this) yield return pair.Value; } }

    /// <inheritdoc/>
    public int Count
    {
        get
        {
            int count = 0;
            for (int i = 0; i < _text.Length; i++)
                if (At(i) is not null) count++;
            return count;
        }
    }

    /// <inheritdoc/>
    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <inheritdoc/>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out Uri value)
    {
        int i = IndexOf(key);
        value = i >= 0 ? At(i) : null;
        return value is not null;
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, Uri>> GetEnumerator()
    {
        for (int i = 0; i < _text.Length; i++)
            if (At(i) is Uri uri) yield return new KeyValuePair<string, Uri>(_text[i].Key, uri);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Threading;

namespace FlexCodegen.Runtime;

/// <summary>
/// A <c>links</c> map read from JSON: it keeps the text and builds each <see cref="Uri"/> on first access,
/// since most responses' links are never followed and a <see cref="Uri"/> is costly to parse.
/// </summary>
public sealed class LazyUriMap : IReadOnlyDictionary<string, Uri>
{
    private readonly KeyValuePair<string, string>[] _text;
    private readonly Uri?[] _uris;

    /// <summary>Creates a map over link texts.</summary>
    public LazyUriMap(KeyValuePair<string, string>[] text)
    {
        _text = text;
        _uris = new Uri?[text.Length];
    }

    /// <summary>The links as they came, without parsing them.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Text => _text;

    private Uri At(int i) => _uris[i] ?? Interlocked.CompareExchange(ref _uris[i], new Uri(_text[i].Value, UriKind.RelativeOrAbsolute), null) ?? _uris[i]!;

    private int IndexOf(string key)
    {
        for (int i = 0; i < _text.Length; i++)
            if (string.Equals(_text[i].Key, key, StringComparison.Ordinal)) return i;
        return -1;
    }

    /// <inheritdoc/>
    public Uri this[string key] => IndexOf(key) is int i and >= 0 ? At(i) : throw new KeyNotFoundException($"No link named '{key}'.");

    /// <inheritdoc/>
    public IEnumerable<string> Keys { get { foreach (var pair in _text) yield return pair.Key; } }

    /// <inheritdoc/>
    public IEnumerable<Uri> Values { get { for (int i = 0; i < _text.Length; i++) yield return At(i); } }

    /// <inheritdoc/>
    public int Count => _text.Length;

    /// <inheritdoc/>
    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <inheritdoc/>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out Uri value)
    {
        int i = IndexOf(key);
        value = i >= 0 ? At(i) : null;
        return i >= 0;
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, Uri>> GetEnumerator()
    {
        for (int i = 0; i < _text.Length; i++) yield return new KeyValuePair<string, Uri>(_text[i].Key, At(i));
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

using System;
using System.ComponentModel;

namespace FlexCodegen.Runtime;

/// <summary>
/// The storage of a generated id whose body is not 32 hex digits (e.g. <c>OQ</c> + 32 letters or digits): its text,
/// checked by <see cref="TextSidFormat"/>. Equality and order are ordinal. Plumbing for generated code; not for direct use.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct TextSid : IEquatable<TextSid>
{
    private readonly string? _text;

    internal TextSid(string text) => _text = text;

    /// <summary>True for <c>default</c>: no id.</summary>
    public bool IsEmpty => _text is null;

    /// <summary>The id's text; empty for <c>default</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => _text ?? "";

    /// <summary>Ordinal order of the texts (<c>default</c> first).</summary>
    /// <param name="other">The other id.</param>
    /// <returns>Negative, zero or positive.</returns>
    public int CompareTo(TextSid other) => string.CompareOrdinal(_text, other._text);

    /// <inheritdoc/>
    public bool Equals(TextSid other) => string.Equals(_text, other._text, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is TextSid other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _text is null ? 0 : StringComparer.Ordinal.GetHashCode(_text);
}

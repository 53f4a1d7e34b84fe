namespace FlexCodegen.Generator.Diagnostics;

/// <summary>One segment of a JSON pointer (RFC 6901): <c>~</c> is written <c>~0</c> and <c>/</c> is written <c>~1</c>.</summary>
internal static class JsonPointer
{
    public static string Escape(string segment) => segment.Replace("~", "~0").Replace("/", "~1");

    public static string Unescape(string segment) => segment.Replace("~1", "/").Replace("~0", "~");

    /// <summary>
    /// The name a reference of the form <paramref name="prefix"/><c>{name}</c> names, or null when it has another form.
    /// A <c>$ref</c> is a URI, so its fragment is percent-decoded before it is read as a pointer (RFC 6901, section 6):
    /// <c>a%20b</c> names <c>a b</c>, and <c>%2F</c> is a separator like <c>/</c>.
    /// </summary>
    public static string? Name(string reference, string prefix)
    {
        string pointer = System.Uri.UnescapeDataString(reference);
        if (!pointer.StartsWith(prefix, System.StringComparison.Ordinal) || pointer.IndexOf('/', prefix.Length) >= 0) return null;
        return Unescape(pointer.Substring(prefix.Length));
    }
}

namespace FlexCodegen.Generator.Diagnostics;

/// <summary>One segment of a JSON pointer (RFC 6901): <c>~</c> is written <c>~0</c> and <c>/</c> is written <c>~1</c>.</summary>
internal static class JsonPointer
{
    public static string Escape(string segment) => segment.Replace("~", "~0").Replace("/", "~1");

    public static string Unescape(string segment) => segment.Replace("~1", "/").Replace("~0", "~");
}

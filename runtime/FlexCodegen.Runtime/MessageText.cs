namespace FlexCodegen.Runtime;

/// <summary>How a value received or given is quoted in an exception message or a log line: bounded, so a 20 MB value makes a short message.</summary>
internal static class MessageText
{
    /// <summary>At most <paramref name="max"/> characters of <paramref name="value"/> (100 unless told), then "…".</summary>
    public static string Quote(string? value, int max = 100) =>
        value is null ? "" : value.Length <= max ? value : value.Substring(0, max) + "…";
}

using System.Text;

namespace FlexCodegen.Runtime;

/// <summary>
/// A spec's <c>pattern</c> read as JSON Schema means it: <c>$</c> is the end of the value. In .NET, <c>$</c> also
/// matches before a final line feed, so <c>^WS[0-9a-f]{32}$</c> would take <c>"WS…\n"</c>. One rewrite for every reader
/// of a spec's patterns: <c>SpecPattern</c> here, and the emulator's checks (the file is compiled into it too).
/// </summary>
internal static class PatternAnchors
{
    /// <summary>
    /// Every <c>$</c> that is an anchor (not escaped, not in a character class) becomes <c>\z</c>. Inline options that
    /// would turn on multi-line mode keep their meaning only for <c>^</c>: a value is one text, not lines.
    /// </summary>
    public static string EndAnchorsToEndOfText(string pattern)
    {
        if (pattern.IndexOf('$') < 0) return pattern;
        var sb = new StringBuilder(pattern.Length + 4);
        bool inClass = false;
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                sb.Append(c).Append(pattern[++i]);
                continue;
            }
            if (inClass)
            {
                if (c == ']') inClass = false;
                sb.Append(c);
                continue;
            }
            if (c == '[')
            {
                inClass = true;
                sb.Append(c);
                // A ']' right after '[' or '[^' is a literal member, not the end of the class.
                if (i + 1 < pattern.Length && pattern[i + 1] == '^') sb.Append(pattern[++i]);
                if (i + 1 < pattern.Length && pattern[i + 1] == ']') sb.Append(pattern[++i]);
                continue;
            }
            sb.Append(c == '$' ? "\\z" : c.ToString());
        }
        return sb.ToString();
    }
}

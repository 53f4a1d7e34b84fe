using System;

namespace FlexCodegen.Generator.Selection;

/// <summary>
/// The globs of a selection, compared ignoring case. For paths, segments split at <c>/</c> (leading and trailing ones
/// do not count): <c>*</c> is any text within one segment (<c>{Sid}</c> included), and a segment that is just
/// <c>**</c> is any number of segments, none included, so <c>/v1/Interactions/**</c> is the collection and all below it.
/// For operation ids, <c>*</c> is any text. Nothing else is special: <c>{Sid}</c> in a pattern is that text.
/// </summary>
internal static class Glob
{
    public static bool MatchesPath(string pattern, string path)
    {
        var p = pattern.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
        var s = path.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
        // matched[i, j]: the first i pattern segments match the first j path segments. Quadratic, never exponential.
        var matched = new bool[p.Length + 1, s.Length + 1];
        matched[0, 0] = true;
        for (int i = 1; i <= p.Length; i++)
        {
            bool any = p[i - 1] == "**";
            for (int j = 0; j <= s.Length; j++)
                matched[i, j] = any
                    ? matched[i - 1, j] || (j > 0 && matched[i, j - 1])
                    : j > 0 && matched[i - 1, j - 1] && MatchesName(p[i - 1], s[j - 1]);
        }
        return matched[p.Length, s.Length];
    }

    /// <summary>Text against a pattern where <c>*</c> is any text (none included), ignoring case.</summary>
    public static bool MatchesName(string pattern, string text)
    {
        // The classic two-pointer walk: on a mismatch, the last '*' takes one more character.
        int p = 0, t = 0, star = -1, resume = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = t;
            }
            else if (p < pattern.Length && char.ToUpperInvariant(pattern[p]) == char.ToUpperInvariant(text[t]))
            {
                p++;
                t++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++resume;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }
}

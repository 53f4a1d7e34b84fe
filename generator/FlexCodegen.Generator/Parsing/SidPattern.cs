using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace FlexCodegen.Generator.Parsing;

/// <summary>
/// Recognises id patterns: <c>^KD[0-9a-fA-F]{32}$</c>, <c>^(SM|MM)[0-9a-fA-F]{32}$</c>, <c>^OQ[a-zA-Z0-9]{32}$</c>.
/// Anything else is not an id; the builder checks it with a regex instead. The id analyzer (FlexCodegen.Runtime.Analyzers)
/// compiles this file too, to read the pattern a generated id's <c>[SidForm]</c> states; what only the generator needs is
/// in SidPattern.Storage.cs.
/// </summary>
internal sealed partial record SidPattern(IReadOnlyList<string> Prefixes, string Ranges, int BodyLength)
{
    public string Key => string.Join("|", Prefixes) + "/" + Ranges + "/" + BodyLength.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static SidPattern? TryParse(string? pattern)
    {
        if (pattern is null || !pattern.StartsWith("^", StringComparison.Ordinal) || !pattern.EndsWith("$", StringComparison.Ordinal)) return null;
        string p = pattern.Substring(1, pattern.Length - 2);
        int i = 0;
        var prefixes = new List<string>();
        if (p.Length > 0 && p[0] == '(')
        {
            int close = p.IndexOf(')');
            if (close < 0) return null;
            prefixes.AddRange(p.Substring(1, close - 1).Split('|'));
            i = close + 1;
        }
        else
        {
            int start = i;
            while (i < p.Length && p[i] >= 'A' && p[i] <= 'Z') i++;
            if (i > start) prefixes.Add(p.Substring(start, i - start));
        }
        if (prefixes.Count == 0 || prefixes.Any(x => x.Length == 0 || !x.All(c => c >= 'A' && c <= 'Z'))) return null;
        if (i >= p.Length || p[i] != '[') return null;
        int end = p.IndexOf(']', i);
        if (end < 0) return null;
        string ranges = p.Substring(i + 1, end - i - 1);
        if (!IsSimpleRanges(ranges)) return null;
        string rest = p.Substring(end + 1);
        if (rest.Length < 3 || rest[0] != '{' || rest[rest.Length - 1] != '}') return null;
        if (!int.TryParse(rest.Substring(1, rest.Length - 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int count) || count <= 0) return null;
        return new SidPattern(prefixes, ranges, count);
    }

    private static bool IsSimpleRanges(string ranges)
    {
        if (ranges.Length == 0 || ranges.Length % 3 != 0) return false;
        for (int i = 0; i < ranges.Length; i += 3)
        {
            char lo = ranges[i], dash = ranges[i + 1], hi = ranges[i + 2];
            if (dash != '-' || lo > hi || !char.IsLetterOrDigit(lo) || !char.IsLetterOrDigit(hi) || lo > 127 || hi > 127) return false;
        }
        return true;
    }

    /// <summary>Every character the body may hold, range by range: <c>0123456789abcdefABCDEF</c> for <c>0-9a-fA-F</c>.</summary>
    public string BodyChars()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < Ranges.Length; i += 3)
            for (char c = Ranges[i]; c <= Ranges[i + 2]; c++) sb.Append(c);
        return sb.ToString();
    }

    /// <summary>How the body is described in error messages: "32 hex digits".</summary>
    public string Describe()
    {
        string sorted = new string(Ranges.ToCharArray().OrderBy(c => c).ToArray());
        string what = Ranges switch
        {
            "0-9a-fA-F" or "0-9A-Fa-f" or "a-fA-F0-9" or "A-Fa-f0-9" => "hex digits",
            "a-zA-Z0-9" or "A-Za-z0-9" or "0-9a-zA-Z" or "0-9A-Za-z" => "letters or digits",
            _ => "characters in [" + Ranges + "]",
        };
        var sb = new StringBuilder();
        sb.Append(string.Join(" or ", Prefixes.Select(x => "'" + x + "'")));
        sb.Append(" + ").Append(BodyLength).Append(' ').Append(what);
        int total = Prefixes.Select(x => x.Length).Distinct().Count() == 1 ? Prefixes[0].Length + BodyLength : -1;
        if (total > 0) sb.Append(", ").Append(total).Append(" characters");
        return sb.ToString();
    }
}

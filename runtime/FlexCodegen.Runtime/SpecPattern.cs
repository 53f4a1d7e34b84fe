using System;
using System.ComponentModel;
using System.Text.RegularExpressions;

namespace FlexCodegen.Runtime;

/// <summary>
/// A spec's <c>pattern</c> as a whole-value check that finishes in bounded time, whatever the spec says. Not for direct
/// use: generated request builders call it.
/// </summary>
/// <remarks>
/// A pattern comes from a spec, which is data, not code: <c>^(a+)+$</c> would make .NET's backtracking engine run for
/// years on a 40-character value. So a pattern runs on the non-backtracking engine (linear in the value's length), and
/// only a pattern that engine cannot run (backreferences, lookarounds, atomic groups) falls back to the backtracking
/// engine with a match timeout, which the check reports as a violation naming the field. <c>$</c> means the end of the
/// value, as in JSON Schema's ECMA-262 dialect (in .NET it also matches before a final line feed).
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class SpecPattern
{
    /// <summary>The longest a fallback (backtracking) match may run before the value is refused.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Compiles <paramref name="pattern"/> as described on the type. Not for direct use.</summary>
    /// <param name="pattern">The spec's pattern, as written in the spec.</param>
    /// <returns>The regular expression the check runs.</returns>
    /// <exception cref="ArgumentException">The pattern is not a valid .NET regular expression (the generator reports FLXG011 and emits no check for one).</exception>
    public static Regex Create(string pattern)
    {
        if (pattern is null) throw new ArgumentNullException(nameof(pattern));
        string anchored = PatternAnchors.EndAnchorsToEndOfText(pattern);
        try
        {
            return new Regex(anchored, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, MatchTimeout);
        }
        catch (NotSupportedException)
        {
            return new Regex(anchored, RegexOptions.CultureInvariant, MatchTimeout);
        }
    }
}

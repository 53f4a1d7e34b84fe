using System;
using System.Collections.Generic;

namespace FlexCodegen.Generator.Names;

/// <summary>
/// Hands out unique C# type names; a clash is resolved deterministically by a numeric suffix and reported. Names are
/// unique ignoring case, because each becomes a file (hint) name, and those are compared ignoring case.
/// </summary>
internal sealed class NameRegistry
{
    private readonly HashSet<string> _taken = new(StringComparer.OrdinalIgnoreCase);

    public NameRegistry(IEnumerable<string> reserved)
    {
        foreach (var r in reserved) _taken.Add(r);
    }

    public bool IsTaken(string name) => _taken.Contains(name);

    /// <summary>The wanted name if free, else the first free one with a number (<c>Widget2</c>); now taken.</summary>
    public string Claim(string wanted) => Claim(_taken, wanted);

    /// <summary>
    /// The one way every name in the generator is made unique: <paramref name="wanted"/> if <paramref name="taken"/>
    /// lacks it, else the first of <c>wanted2</c>, <c>wanted3</c>, … (with <paramref name="separator"/> before the
    /// number) that it lacks; the name returned is added to <paramref name="taken"/>.
    /// </summary>
    public static string Claim(HashSet<string> taken, string wanted, string separator = "")
    {
        string name = wanted;
        for (int i = 2; !taken.Add(name); i++)
            name = wanted + separator + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return name;
    }
}

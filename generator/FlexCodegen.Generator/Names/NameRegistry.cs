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
    public string Claim(string wanted)
    {
        string name = wanted;
        for (int i = 2; !_taken.Add(name); i++)
            name = wanted + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return name;
    }
}

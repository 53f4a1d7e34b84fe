using System.Linq;

namespace FlexCodegen.Generator;

/// <summary>Compares the collected spec paths by content, so an unchanged set of specs is an unchanged input.</summary>
internal sealed class PathListComparer : System.Collections.Generic.IEqualityComparer<System.Collections.Immutable.ImmutableArray<string>>
{
    public static readonly PathListComparer Instance = new();

    public bool Equals(System.Collections.Immutable.ImmutableArray<string> x, System.Collections.Immutable.ImmutableArray<string> y) =>
        x.SequenceEqual(y, System.StringComparer.Ordinal);

    public int GetHashCode(System.Collections.Immutable.ImmutableArray<string> obj) =>
        obj.Aggregate(17, (h, s) => unchecked(h * 31 + System.StringComparer.Ordinal.GetHashCode(s)));
}

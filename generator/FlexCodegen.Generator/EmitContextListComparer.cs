using System.Linq;
using FlexCodegen.Generator.Model;

namespace FlexCodegen.Generator;

/// <summary>Compares the collected clients by content, so an unchanged set of clients is an unchanged input.</summary>
internal sealed class EmitContextListComparer : System.Collections.Generic.IEqualityComparer<System.Collections.Immutable.ImmutableArray<EmitContext>>
{
    public static readonly EmitContextListComparer Instance = new();

    public bool Equals(System.Collections.Immutable.ImmutableArray<EmitContext> x, System.Collections.Immutable.ImmutableArray<EmitContext> y) =>
        x.SequenceEqual(y);

    public int GetHashCode(System.Collections.Immutable.ImmutableArray<EmitContext> obj) =>
        obj.Aggregate(17, (h, c) => unchecked(h * 31 + c.GetHashCode()));
}

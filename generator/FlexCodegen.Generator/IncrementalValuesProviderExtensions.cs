using Microsoft.CodeAnalysis;

namespace FlexCodegen.Generator;

/// <summary>Pipeline steps Roslyn does not ship.</summary>
internal static class IncrementalValuesProviderExtensions
{
    /// <summary>Drops nulls once, so the steps after it see non-null values without a <c>!</c> on every line.</summary>
    public static IncrementalValuesProvider<T> WhereNotNull<T>(this IncrementalValuesProvider<T?> source) where T : class =>
        source.Where(static x => x is not null).Select(static (x, _) => x!);
}

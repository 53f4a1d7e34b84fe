using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace FlexCodegen.Generator.Model;

/// <summary>
/// Which operations of a spec to generate, in the spirit of Kiota's <c>--include-path</c>/<c>--exclude-path</c>: an
/// operation is generated when nothing is included, or its path matches an <see cref="IncludePaths"/> glob or its
/// operation id an <see cref="IncludeOperations"/> glob; and neither its path matches an <see cref="ExcludePaths"/>
/// glob nor its id an <see cref="ExcludeOperations"/> glob (the globs: <c>Selection/Glob.cs</c>). Everything the
/// generated operations use comes with them (<c>Selection/ModelSelector.cs</c>).
/// </summary>
internal sealed record OperationSelection(
    EquatableArray<string> IncludePaths,
    EquatableArray<string> ExcludePaths,
    EquatableArray<string> IncludeOperations,
    EquatableArray<string> ExcludeOperations)
{
    public static readonly OperationSelection All = new(EquatableArray<string>.Empty, EquatableArray<string>.Empty, EquatableArray<string>.Empty, EquatableArray<string>.Empty);

    /// <summary>The names of the four lists, as the FlexCodegenSpec and FlexCodegenSelect metadata and the messages say them.</summary>
    public const string IncludePathsName = "IncludePaths", ExcludePathsName = "ExcludePaths", IncludeOperationsName = "IncludeOperations", ExcludeOperationsName = "ExcludeOperations";

    /// <summary>Whether it leaves anything out: no pattern at all selects every operation.</summary>
    public bool IsAll => IncludePaths.Count == 0 && ExcludePaths.Count == 0 && IncludeOperations.Count == 0 && ExcludeOperations.Count == 0;

    /// <summary>Every pattern with the list it is in, in the order the lists are named above.</summary>
    public IEnumerable<(string List, string Pattern, bool IsPath)> Patterns() =>
        IncludePaths.Select(p => (IncludePathsName, p, true))
            .Concat(IncludeOperations.Select(p => (IncludeOperationsName, p, false)))
            .Concat(ExcludePaths.Select(p => (ExcludePathsName, p, true)))
            .Concat(ExcludeOperations.Select(p => (ExcludeOperationsName, p, false)));

    /// <summary>The same selection as <c>flexcodegen</c> options (<c>--include-path /v1/Interactions/**</c> …), for messages.</summary>
    public string CommandLine()
    {
        var sb = new StringBuilder();
        foreach (var (list, pattern, _) in Patterns())
        {
            string option = list switch
            {
                IncludePathsName => "--include-path",
                ExcludePathsName => "--exclude-path",
                IncludeOperationsName => "--include-operation",
                _ => "--exclude-operation",
            };
            sb.Append(' ').Append(option).Append(' ').Append(Quote(pattern));
        }
        return sb.ToString();
    }

    /// <summary>A pattern as a shell word: quoted when a shell would expand or split it.</summary>
    private static string Quote(string pattern) =>
        pattern.IndexOfAny(new[] { '*', '{', '}', ' ', '$', '?', '[' }) >= 0 ? "'" + pattern.Replace("'", "'\\''") + "'" : pattern;
}

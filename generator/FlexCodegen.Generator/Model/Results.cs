using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace FlexCodegen.Generator.Model;

/// <summary>A spec or overlay file handed to the compiler, with its FlexCodegenSpec metadata.</summary>
internal sealed record SpecFile(string Path, string Kind, string Text, string? Namespace, string? ClientName, string? OverlayPath, string? ApiLockPath = null);

/// <summary>A diagnostic as plain data (its descriptor's id and the format's arguments), so it can sit in a cached model.</summary>
internal sealed record DiagnosticInfo(string Id, EquatableArray<string> Arguments, string FilePath, int Start, int Length, int StartLine, int StartColumn, int EndLine, int EndColumn)
{
    /// <summary>The message, formatted as the compiler will show it.</summary>
    public string Message => string.Format(System.Globalization.CultureInfo.InvariantCulture,
        Diagnostics.DiagnosticDescriptors.ById(Id).MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture), Arguments.Cast<object>().ToArray());

    public Diagnostic ToDiagnostic()
    {
        var descriptor = Diagnostics.DiagnosticDescriptors.ById(Id);
        var location = FilePath.Length == 0
            ? Location.None
            : Location.Create(FilePath, new TextSpan(Start, Length), new LinePositionSpan(new LinePosition(StartLine, StartColumn), new LinePosition(EndLine, EndColumn)));
        return Diagnostic.Create(descriptor, location, Arguments.Cast<object>().ToArray());
    }
}

/// <summary>A parse result: the model (when anything could be made of the spec) and what went wrong.</summary>
/// <param name="SpecPath">The spec's file, for a diagnostic about the spec as a whole.</param>
internal sealed record SpecResult(ApiModel? Model, EquatableArray<DiagnosticInfo> Diagnostics, string SpecPath = "");

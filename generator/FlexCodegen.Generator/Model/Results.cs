using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace FlexCodegen.Generator.Model;

/// <summary>A spec or overlay file handed to the compiler, with its FlexCodegenSpec metadata.</summary>
/// <param name="OverlayPath">The spec's own overlay (Overlay metadata, relative to the spec's folder); null: <c>&lt;spec&gt;.overlay.json</c> beside it, if there.</param>
/// <param name="Overlays">The full paths of the overlays stacked on the spec's own one (FlexCodegenOverlay items), in the order they apply.</param>
/// <param name="Selection">Which operations to generate (FlexCodegenSpec and FlexCodegenSelect metadata); null: all of them.</param>
/// <param name="BundledName">For a spec the package bundles, its name (<c>flex_v1</c>): messages name it so, and <c>flexcodegen api --bundled</c>.</param>
/// <param name="ProjectPath">The project file that lists the spec, for messages that name a build command.</param>
/// <param name="WriteApiLockTo">Set by the FlexCodegenWriteApiLocks target: the lock file to write the spec's surface to (and no check against it).</param>
internal sealed record SpecFile(string Path, string Kind, string Text, string? Namespace, string? ClientName, string? OverlayPath, string? ApiLockPath = null, EquatableArray<string> Overlays = default, OperationSelection? Selection = null,
    string? BundledName = null, string? ProjectPath = null, string? WriteApiLockTo = null);

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
/// <param name="ApiLock">When the FlexCodegenWriteApiLocks target asked for it, the spec's lock to hand out.</param>
/// <param name="SpecPath">The spec's file, for a diagnostic about the spec as a whole.</param>
internal sealed record SpecResult(ApiModel? Model, EquatableArray<DiagnosticInfo> Diagnostics, ApiLockOutput? ApiLock = null, string SpecPath = "");

/// <summary>The lock text of a spec's surface and the file the FlexCodegenWriteApiLocks target writes it to.</summary>
internal sealed record ApiLockOutput(string HintName, string Destination, string Text);

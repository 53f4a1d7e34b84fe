using System;
using System.Collections.Immutable;
using System.Threading;
using FlexCodegen.Generator.Model;

namespace FlexCodegen.Generator.Parsing;

/// <summary>One spec through the whole front end: overlay, then parse.</summary>
internal static class SpecPipeline
{
    public static SpecResult Run(SpecFile spec, ImmutableArray<SpecFile?> overlays, ImmutableArray<string> allSpecPaths, CancellationToken cancellationToken)
    {
        string hintPrefix = SpecFiles.HintPrefix(spec, allSpecPaths);
        var overlay = SpecFiles.OverlayFor(spec, overlays);
        if (overlay is null) return SpecParser.Parse(spec, spec.Text, hintPrefix, Array.Empty<DiagnosticInfo>(), cancellationToken);
        var (text, diagnostics) = OverlayApplier.Apply(spec, overlay, cancellationToken);
        return SpecParser.Parse(spec, text, hintPrefix, diagnostics, cancellationToken);
    }
}

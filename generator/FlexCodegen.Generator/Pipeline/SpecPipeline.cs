using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using FlexCodegen.Generator.Api;
using FlexCodegen.Generator.Model;
using FlexCodegen.Generator.Parsing;

namespace FlexCodegen.Generator.Pipeline;

/// <summary>One spec through the whole front end: overlay, parse, then the check against its API lock.</summary>
internal static class SpecPipeline
{
    public static SpecResult Run(SpecFile spec, ImmutableArray<SpecFile> companions, ImmutableArray<string> allSpecPaths, CancellationToken cancellationToken)
    {
        string hintPrefix = SpecFiles.HintPrefix(spec, allSpecPaths);
        var overlays = companions.Where(f => f.Kind == SpecFiles.OverlayKind).ToImmutableArray();
        var locks = companions.Where(f => f.Kind == SpecFiles.ApiLockKind).ToImmutableArray();
        var result = Parse(spec, overlays, hintPrefix, cancellationToken) with { SpecPath = spec.Path };
        var apiLock = SpecFiles.ApiLockFor(spec, locks);
        if (apiLock is null || result.Model is null) return result;
        var found = ApiLockCheck.Run(spec, apiLock, result.Model);
        return found.Count == 0 ? result : result with { Diagnostics = result.Diagnostics.Concat(found).ToEquatableArray() };
    }

    /// <summary>Parses a spec with its overlay, if it has one.</summary>
    public static SpecResult Parse(SpecFile spec, ImmutableArray<SpecFile> overlays, string hintPrefix, CancellationToken cancellationToken)
    {
        var overlay = SpecFiles.OverlayFor(spec, overlays);
        if (overlay is null) return SpecParser.Parse(spec, null, hintPrefix, Array.Empty<DiagnosticInfo>(), cancellationToken);
        var (overlaid, diagnostics) = OverlayApplier.Apply(spec, overlay, cancellationToken);
        return SpecParser.Parse(spec, overlaid, hintPrefix, diagnostics, cancellationToken);
    }
}

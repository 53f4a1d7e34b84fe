using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using FlexCodegen.Generator.Api;
using FlexCodegen.Generator.Diagnostics;
using FlexCodegen.Generator.Model;
using FlexCodegen.Generator.Parsing;

namespace FlexCodegen.Generator.Pipeline;

/// <summary>One spec through the whole front end: overlays, parse, then the check against its API lock.</summary>
internal static class SpecPipeline
{
    public static SpecResult Run(SpecFile spec, ImmutableArray<SpecFile> companions, ImmutableArray<string> allSpecPaths, CancellationToken cancellationToken)
    {
        string hintPrefix = SpecFiles.HintPrefix(spec, allSpecPaths);
        var overlays = companions.Where(f => f.Kind == SpecFiles.OverlayKind).ToImmutableArray();
        var locks = companions.Where(f => f.Kind == SpecFiles.ApiLockKind).ToImmutableArray();
        var result = Parse(spec, overlays, hintPrefix, cancellationToken);
        var apiLock = SpecFiles.ApiLockFor(spec, locks);
        if (apiLock is null || result.Model is null) return result;
        var found = ApiLockCheck.Run(spec, apiLock, result.Model);
        return found.Count == 0 ? result : result with { Diagnostics = result.Diagnostics.Concat(found).ToEquatableArray() };
    }

    /// <summary>Parses a spec with its overlays, if it has any: its own one, then those stacked on it, in order.</summary>
    public static SpecResult Parse(SpecFile spec, ImmutableArray<SpecFile> overlays, string hintPrefix, CancellationToken cancellationToken)
    {
        var (stack, missing) = SpecFiles.OverlaysFor(spec, overlays);
        var diagnostics = new List<DiagnosticInfo>();
        // The MSBuild wiring hands over every overlay it lists (and stops the build when one is not there): one listed
        // but not handed over means the wiring was bypassed. Said, never skipped in silence.
        foreach (string path in missing)
            diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.OverlayUnreadable.Id,
                new[] { Path.GetFileName(path), $"it is listed for '{Path.GetFileName(spec.Path)}' but the compiler was not given '{path}' (an AdditionalFile with FlexCodegenKind Overlay); the spec is generated without it" }.ToEquatableArray(),
                "", 0, 0, 0, 0, 0, 0));
        if (stack.Count == 0) return SpecParser.Parse(spec, null, hintPrefix, diagnostics, cancellationToken);
        var (overlaid, found) = OverlayApplier.Apply(spec, stack, cancellationToken);
        diagnostics.AddRange(found);
        return SpecParser.Parse(spec, overlaid, hintPrefix, diagnostics, cancellationToken);
    }
}

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using FlexCodegen.Generator.Api;
using FlexCodegen.Generator.Diagnostics;
using FlexCodegen.Generator.Model;
using FlexCodegen.Generator.Parsing;
using FlexCodegen.Generator.Selection;

namespace FlexCodegen.Generator.Pipeline;

/// <summary>One spec through the whole front end: overlays, parse, then the check against its API lock.</summary>
internal static class SpecPipeline
{
    public static SpecResult Run(SpecFile spec, ImmutableArray<SpecFile> companions, ImmutableArray<string> allSpecPaths, CancellationToken cancellationToken)
    {
        string hintPrefix = SpecFiles.HintPrefix(spec, allSpecPaths);
        var overlays = companions.Where(f => f.Kind == SpecFiles.OverlayKind).ToImmutableArray();
        var locks = companions.Where(f => f.Kind == SpecFiles.ApiLockKind).ToImmutableArray();
        var result = Parse(spec, overlays, hintPrefix, cancellationToken) with { SpecPath = spec.Path };
        if (result.Model is null) return result;
        // Asked to write the lock (FlexCodegenWriteApiLocks): the surface is handed out, and checked against nothing.
        if (spec.WriteApiLockTo is { } destination)
            return result with { ApiLock = new ApiLockOutput(hintPrefix + ".api-lock.g.cs", destination, ApiSurface.Text(ApiSurface.From(result.Model), Path.GetFileName(spec.Path))) };
        var apiLock = SpecFiles.ApiLockFor(spec, locks);
        if (apiLock is null) return result;
        var found = ApiLockCheck.Run(spec, apiLock, result.Model);
        return found.Count == 0 ? result : result with { Diagnostics = result.Diagnostics.Concat(found).ToEquatableArray() };
    }

    /// <summary>
    /// Parses a spec with its overlays, if it has any (its own one, then those stacked on it, in order), and keeps the
    /// operations its selection names, with what they use.
    /// </summary>
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
        JsonNode? overlaid = null;
        if (stack.Count > 0)
        {
            var (tree, found) = OverlayApplier.Apply(spec, stack, cancellationToken);
            overlaid = tree;
            diagnostics.AddRange(found);
        }
        return Select(spec, SpecParser.Parse(spec, overlaid, hintPrefix, diagnostics, cancellationToken));
    }

    /// <summary>The parsed model cut to the spec's selection; a pattern that matches no operation is FLXG014 at the spec's paths.</summary>
    private static SpecResult Select(SpecFile spec, SpecResult parsed)
    {
        if (spec.Selection is not { } selection || parsed.Model is null) return parsed;
        var (model, unmatched) = ModelSelector.Apply(parsed.Model, selection);
        if (unmatched.Count == 0) return parsed with { Model = model };
        var locator = new JsonLocator(spec.Path, spec.Text);
        var found = unmatched.Select(u => locator.Diagnostic(DiagnosticDescriptors.SelectionMatchesNothing, "#/paths", u.List, u.Pattern, Path.GetFileName(spec.Path),
            u.List.StartsWith("Include", StringComparison.Ordinal) ? "it selects nothing" : "it leaves nothing out"));
        return new SpecResult(model, parsed.Diagnostics.Concat(found).ToEquatableArray());
    }
}

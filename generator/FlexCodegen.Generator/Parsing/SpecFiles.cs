using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using FlexCodegen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace FlexCodegen.Generator.Parsing;

/// <summary>Picks the spec and overlay files out of AdditionalFiles by their FlexCodegenKind metadata.</summary>
internal static class SpecFiles
{
    public const string SpecKind = "Spec";
    public const string OverlayKind = "Overlay";

    public static SpecFile? Read(AdditionalText text, AnalyzerConfigOptions options, CancellationToken cancellationToken)
    {
        options.TryGetValue("build_metadata.AdditionalFiles.FlexCodegenKind", out var kind);
        if (kind is not (SpecKind or OverlayKind)) return null;
        string content = text.GetText(cancellationToken)?.ToString() ?? "";
        options.TryGetValue("build_metadata.AdditionalFiles.Namespace", out var ns);
        options.TryGetValue("build_metadata.AdditionalFiles.ClientName", out var client);
        options.TryGetValue("build_metadata.AdditionalFiles.Overlay", out var overlay);
        return new SpecFile(text.Path, kind, content, Blank(ns), Blank(client), Blank(overlay));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();

    /// <summary>The overlay for a spec: the one named by its Overlay metadata, else <c>&lt;spec&gt;.overlay.json</c> beside it.</summary>
    public static SpecFile? OverlayFor(SpecFile spec, ImmutableArray<SpecFile?> overlays)
    {
        string wanted = spec.OverlayPath is not null
            ? Path.GetFullPath(Path.Combine(Path.GetDirectoryName(spec.Path) ?? "", spec.OverlayPath))
            : Path.Combine(Path.GetDirectoryName(spec.Path) ?? "", Path.GetFileNameWithoutExtension(spec.Path) + ".overlay.json");
        return overlays.FirstOrDefault(o => o is not null && SamePath(o.Path, wanted))
            ?? (spec.OverlayPath is null ? null : overlays.FirstOrDefault(o => o is not null && string.Equals(Path.GetFileName(o.Path), Path.GetFileName(spec.OverlayPath), StringComparison.OrdinalIgnoreCase)));
    }

    private static bool SamePath(string a, string b)
    {
        try { return string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), StringComparison.OrdinalIgnoreCase); }
        catch (ArgumentException) { return false; }
    }
}

/// <summary>One spec through the whole front end: overlay, then parse.</summary>
internal static class SpecPipeline
{
    public static SpecResult Run(SpecFile spec, ImmutableArray<SpecFile?> overlays, CancellationToken cancellationToken)
    {
        var overlay = SpecFiles.OverlayFor(spec, overlays);
        if (overlay is null) return SpecParser.Parse(spec, spec.Text, Array.Empty<DiagnosticInfo>(), cancellationToken);
        var (text, diagnostics) = OverlayApplier.Apply(spec, overlay, cancellationToken);
        return SpecParser.Parse(spec, text, diagnostics, cancellationToken);
    }
}

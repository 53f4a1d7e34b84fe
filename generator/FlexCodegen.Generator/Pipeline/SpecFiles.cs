using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using FlexCodegen.Generator.Model;
using FlexCodegen.Generator.Names;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace FlexCodegen.Generator.Pipeline;

/// <summary>Picks the spec and overlay files out of AdditionalFiles by their FlexCodegenKind metadata.</summary>
internal static class SpecFiles
{
    public const string SpecKind = "Spec";
    public const string OverlayKind = "Overlay";
    public const string ApiLockKind = "ApiLock";

    public static SpecFile? Read(AdditionalText text, AnalyzerConfigOptions options, CancellationToken cancellationToken)
    {
        options.TryGetValue("build_metadata.AdditionalFiles.FlexCodegenKind", out var kind);
        if (kind is not (SpecKind or OverlayKind or ApiLockKind)) return null;
        string content = text.GetText(cancellationToken)?.ToString() ?? "";
        options.TryGetValue("build_metadata.AdditionalFiles.Namespace", out var ns);
        options.TryGetValue("build_metadata.AdditionalFiles.ClientName", out var client);
        options.TryGetValue("build_metadata.AdditionalFiles.Overlay", out var overlay);
        options.TryGetValue("build_metadata.AdditionalFiles.ApiLock", out var apiLock);
        options.TryGetValue("build_metadata.AdditionalFiles." + OverlaysMetadata, out var stacked);
        options.TryGetValue("build_metadata.AdditionalFiles." + BundledNameMetadata, out var bundled);
        options.TryGetValue("build_metadata.AdditionalFiles." + ProjectMetadata, out var project);
        options.TryGetValue("build_metadata.AdditionalFiles." + WriteApiLockMetadata, out var writeLock);
        return new SpecFile(text.Path, kind, content, Blank(ns), Blank(client), Blank(overlay), Blank(apiLock), List(stacked).ToEquatableArray(),
            kind == SpecKind ? Selection(options) : null, Blank(bundled), Blank(project), kind == SpecKind ? Blank(writeLock) : null);
    }

    /// <summary>The metadata that names a bundled spec (<c>flex_v1</c>), set by the package's wiring.</summary>
    public const string BundledNameMetadata = "FlexCodegenBundledName";

    /// <summary>The metadata that gives the project file that lists a spec.</summary>
    public const string ProjectMetadata = "FlexCodegenProject";

    /// <summary>The metadata the FlexCodegenWriteApiLocks target sets on a spec: the lock file to write.</summary>
    public const string WriteApiLockMetadata = "FlexCodegenWriteApiLock";

    /// <summary>The prefix of the metadata that select a spec's operations: FlexCodegenIncludePaths, FlexCodegenExcludePaths, … (each a list).</summary>
    public const string SelectionMetadataPrefix = "FlexCodegen";

    /// <summary>The operations to generate, from the spec's metadata; null when it names none (all are generated).</summary>
    private static OperationSelection? Selection(AnalyzerConfigOptions options)
    {
        EquatableArray<string> Read(string list)
        {
            options.TryGetValue("build_metadata.AdditionalFiles." + SelectionMetadataPrefix + list, out var value);
            // Each pattern once, in the order given: a pattern named twice is one pattern.
            return List(value).Distinct(StringComparer.Ordinal).ToEquatableArray();
        }
        var selection = new OperationSelection(Read(OperationSelection.IncludePathsName), Read(OperationSelection.ExcludePathsName),
            Read(OperationSelection.IncludeOperationsName), Read(OperationSelection.ExcludeOperationsName));
        return selection.IsAll ? null : selection;
    }

    /// <summary>The metadata that lists, in order, the overlays stacked on a spec's own one (FlexCodegenOverlay items).</summary>
    public const string OverlaysMetadata = "FlexCodegenOverlays";

    /// <summary>
    /// A list the MSBuild wiring hands over in one metadata value: the items joined with <c>;</c>, then percent-encoded
    /// as a URI data string, because the compiler of the .NET 8 SDK reads <c>;</c> and <c>#</c> in such a value as the
    /// start of a comment and drops the rest. Plain text (no <c>%</c>) reads as itself.
    /// </summary>
    public static IEnumerable<string> List(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return Array.Empty<string>();
        string decoded;
        try { decoded = Uri.UnescapeDataString(value!.Trim()); }
        catch (UriFormatException) { decoded = value!.Trim(); }
        return decoded.Split(';').Select(item => item.Trim()).Where(item => item.Length > 0).ToArray();
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();

    /// <summary>The overlay for a spec: the one named by its Overlay metadata, else <c>&lt;spec&gt;.overlay.json</c> beside it.</summary>
    public static SpecFile? OverlayFor(SpecFile spec, ImmutableArray<SpecFile> overlays) => Companion(spec, spec.OverlayPath, OverlaySuffix, overlays);

    /// <summary>
    /// Every overlay of a spec in the order they apply: its own one (<see cref="OverlayFor"/>), then those stacked on it
    /// (<see cref="SpecFile.Overlays"/>), each file once, at its first place. <c>Missing</c> lists the stacked paths no
    /// overlay file was handed to the compiler for.
    /// </summary>
    public static (List<SpecFile> Stack, List<string> Missing) OverlaysFor(SpecFile spec, ImmutableArray<SpecFile> overlays)
    {
        var stack = new List<SpecFile>();
        var missing = new List<string>();
        if (OverlayFor(spec, overlays) is SpecFile own) stack.Add(own);
        foreach (string path in spec.Overlays)
        {
            var found = overlays.FirstOrDefault(o => SamePath(o.Path, path));
            if (found is null) missing.Add(path);
            else if (!stack.Any(o => SamePath(o.Path, found.Path))) stack.Add(found);
        }
        return (stack, missing);
    }

    /// <summary>How a spec's overlay is named when nothing names it: <c>twilio_flex_v1.json</c> → <c>twilio_flex_v1.overlay.json</c>.</summary>
    public const string OverlaySuffix = ".overlay.json";

    /// <summary>The file beside a spec whose name ends in <paramref name="suffix"/> instead of the spec's extension.</summary>
    public static string Beside(string specPath, string suffix) =>
        Path.Combine(Path.GetDirectoryName(specPath) ?? "", Path.GetFileNameWithoutExtension(specPath) + suffix);

    /// <summary>The API lock for a spec: the one named by its ApiLock metadata, else <c>&lt;spec&gt;.api.txt</c> beside it.</summary>
    public static SpecFile? ApiLockFor(SpecFile spec, ImmutableArray<SpecFile> locks) => Companion(spec, spec.ApiLockPath, ".api.txt", locks);

    private static SpecFile? Companion(SpecFile spec, string? given, string suffix, ImmutableArray<SpecFile> candidates)
    {
        string wanted = given is not null
            ? Path.GetFullPath(Path.Combine(Path.GetDirectoryName(spec.Path) ?? "", given))
            : Beside(spec.Path, suffix);
        return candidates.FirstOrDefault(o => SamePath(o.Path, wanted))
            ?? (given is null ? null : candidates.FirstOrDefault(o => string.Equals(Path.GetFileName(o.Path), Path.GetFileName(given), StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>
    /// The prefix of every hint name generated from <paramref name="spec"/>: its file name reduced to letters, digits and
    /// <c>_</c>. Specs whose prefixes would be equal ignoring case (same file name in two folders) are numbered in
    /// ordinal order of their full paths, so hint names are unique by construction and stable from build to build.
    /// </summary>
    public static string HintPrefix(SpecFile spec, ImmutableArray<string> allSpecPaths)
    {
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string path in allSpecPaths.Distinct(StringComparer.Ordinal).OrderBy(p => p, StringComparer.Ordinal))
        {
            string wanted = Sanitize(Path.GetFileNameWithoutExtension(path));
            string prefix = NameRegistry.Claim(taken, wanted, "_");
            if (string.Equals(path, spec.Path, StringComparison.Ordinal)) return prefix;
        }
        return Sanitize(Path.GetFileNameWithoutExtension(spec.Path));
    }

    private static string Sanitize(string name)
    {
        string clean = new string(name.Select(c => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') ? c : '_').ToArray());
        return clean.Length == 0 ? "spec" : clean;
    }

    private static bool SamePath(string a, string b)
    {
        try { return string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), StringComparison.OrdinalIgnoreCase); }
        catch (ArgumentException) { return false; }
    }
}

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using FlexCodegen.Generator.Api;
using FlexCodegen.Generator.Model;
using FlexCodegen.Generator.Pipeline;

namespace FlexCodegen.Cli;

/// <summary>
/// <c>flexcodegen api SPEC [--overlay FILE] [--stack-overlay FILE]... [selection]</c> prints the lock text; <c>flexcodegen
/// diff OLD NEW [--overlay FILE] [--stack-overlay FILE]... [selection] [--format markdown|json]</c> prints what changed,
/// breaking changes first. <c>--bundled NAME</c> stands for SPEC (or OLD): the spec the FlexCodegen package bundles, with
/// its overlay, as this tool ships them. The selection (<c>--include-path</c>, <c>--exclude-path</c>,
/// <c>--include-operation</c>, <c>--exclude-operation</c>) is a build's FlexCodegenSpec/FlexCodegenSelect metadata. Exit
/// code: 0 nothing breaks, 1 something breaks, 2 the input could not be read (or the command line is wrong).
/// </summary>
public static class CommandLine
{
    /// <summary>Nothing breaks (or the lock was written).</summary>
    public const int Ok = 0;

    /// <summary>Something breaks.</summary>
    public const int Breaks = 1;

    /// <summary>An input could not be read, or the command line is wrong.</summary>
    public const int Unreadable = 2;

    /// <summary>The folder of the specs this tool ships (<c>twilio_&lt;name&gt;.json</c>, the same files the FlexCodegen package bundles).</summary>
    public static string BundledSpecDirectory => Path.Combine(AppContext.BaseDirectory, "specs");

    /// <summary>The names <c>--bundled</c> takes (<c>flex_v1</c>, …): the specs in <see cref="BundledSpecDirectory"/>.</summary>
    public static IReadOnlyList<string> BundledNames =>
        (Directory.Exists(BundledSpecDirectory) ? Directory.GetFiles(BundledSpecDirectory, "twilio_*.json") : Array.Empty<string>())
            .Select(Path.GetFileName)
            .Where(f => !f!.EndsWith(SpecFiles.OverlaySuffix, StringComparison.Ordinal))
            .Select(f => f!.Substring("twilio_".Length, f.Length - "twilio_".Length - ".json".Length))
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();

    private const string Usage = """
        usage:
          flexcodegen api SPEC [--overlay FILE] [--stack-overlay FILE]... [SELECTION]
              prints the API lock of the client generated from SPEC (write it to SPEC's <name>.api.txt)
          flexcodegen diff OLD NEW [--overlay FILE] [--stack-overlay FILE]... [SELECTION] [--format markdown|json]
              prints what changed from OLD to NEW in C# terms, breaking changes first
          flexcodegen api --bundled NAME [...]        the same for a spec the FlexCodegen package bundles (NAME: flex_v1,
          flexcodegen diff --bundled NAME NEW [...]   taskrouter_v1, conversations_v1), with its overlay, as this tool ships them
        api applies the overlay named <spec>.overlay.json beside SPEC, as a build does; diff applies the one beside NEW to
        both specs (with --bundled and none beside NEW, the bundled spec's own), so only the spec's own change shows.
        --overlay names another. --stack-overlay (repeatable) applies an overlay after it, in the order given, as a
        FlexCodegenOverlay item does in a build.
        SELECTION generates only some operations and what they use, as a build's IncludePaths, ExcludePaths,
        IncludeOperations and ExcludeOperations metadata do (each repeatable, or a ';' list; quote the globs):
          --include-path GLOB       e.g. '/v1/Interactions/**' ('*' one segment, '**' any number; ignoring case)
          --exclude-path GLOB
          --include-operation GLOB  e.g. 'FetchTask' or 'Update*' (operation ids, ignoring case)
          --exclude-operation GLOB
        exit code: 0 nothing breaks, 1 something breaks, 2 the input could not be read
        """;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var positional = new List<string>();
        var stacked = new List<string>();
        List<string> includePaths = new(), excludePaths = new(), includeOperations = new(), excludeOperations = new();
        string? overlay = null, format = "markdown", bundled = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--overlay" when i + 1 < args.Length: overlay = args[++i]; break;
                case "--bundled" when i + 1 < args.Length: bundled = args[++i].Trim().ToLowerInvariant(); break;
                case "--stack-overlay" when i + 1 < args.Length: stacked.Add(args[++i]); break;
                case "--include-path" when i + 1 < args.Length: includePaths.AddRange(Patterns(args[++i])); break;
                case "--exclude-path" when i + 1 < args.Length: excludePaths.AddRange(Patterns(args[++i])); break;
                case "--include-operation" when i + 1 < args.Length: includeOperations.AddRange(Patterns(args[++i])); break;
                case "--exclude-operation" when i + 1 < args.Length: excludeOperations.AddRange(Patterns(args[++i])); break;
                case "--format" when i + 1 < args.Length: format = args[++i]; break;
                case "-h" or "--help": output.Write(Usage); return Ok;
                default:
                    if (args[i].StartsWith("--", StringComparison.Ordinal)) return Fail(error, $"unknown option '{args[i]}'");
                    positional.Add(args[i]);
                    break;
            }
        }
        if (format is not ("markdown" or "json")) return Fail(error, $"--format must be markdown or json, got '{format}'");
        var selection = new OperationSelection(includePaths.Distinct().ToEquatableArray(), excludePaths.Distinct().ToEquatableArray(),
            includeOperations.Distinct().ToEquatableArray(), excludeOperations.Distinct().ToEquatableArray());
        var select = selection.IsAll ? null : selection;

        // --bundled NAME is the first spec: SPEC of api, OLD of diff.
        string? bundledSpec = null;
        if (bundled is not null)
        {
            var names = BundledNames;
            if (!names.Contains(bundled, StringComparer.Ordinal))
                return Fail(error, $"--bundled '{bundled}' is not a spec this tool bundles; choose from {string.Join(", ", names)}");
            bundledSpec = Path.Combine(BundledSpecDirectory, "twilio_" + bundled + ".json");
            positional.Insert(Math.Min(1, positional.Count), bundledSpec);
        }

        switch (positional.FirstOrDefault())
        {
            case "api" when positional.Count == 2:
            {
                var surface = Surface(positional[1], overlay, stacked, select, error);
                if (surface is null) return Unreadable;
                output.Write(ApiSurface.Text(surface, Path.GetFileName(positional[1])));
                return Ok;
            }
            case "diff" when positional.Count == 3:
            {
                // One overlay for both sides, so only the spec's own change shows: --overlay, else the one beside NEW,
                // else (OLD being a bundled spec) the bundled spec's own.
                string besideNew = Beside(positional[2]);
                overlay ??= File.Exists(besideNew) ? besideNew : bundledSpec is not null && File.Exists(Beside(bundledSpec)) ? Beside(bundledSpec) : null;
                var before = Surface(positional[1], overlay, stacked, select, error);
                var after = Surface(positional[2], overlay, stacked, select, error);
                if (before is null || after is null) return Unreadable;
                var changes = ApiDiff.Compare(before, after);
                output.Write(format == "json" ? Json(changes) : Markdown(changes, positional[1], positional[2]));
                return changes.Any(c => c.Kind == ApiChangeKind.Breaking) ? Breaks : Ok;
            }
            default:
                return Fail(error, bundled is null ? "expected 'api SPEC' or 'diff OLD NEW'" : "expected 'api --bundled NAME' or 'diff --bundled NAME NEW'");
        }
    }

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine("flexcodegen: " + message);
        error.Write(Usage);
        return Unreadable;
    }

    /// <summary>The surface a build generates from the spec (and its overlays); null, with the reasons written, when it cannot be read.</summary>
    private static List<ApiEntry>? Surface(string specPath, string? overlayPath, IReadOnlyList<string> stacked, OperationSelection? selection, TextWriter error)
    {
        SpecFile spec;
        try
        {
            // An overlay the user named is the spec's OverlayPath, as Overlay="..." metadata is in a build: the generator
            // then finds it, and its diagnostics (FLXG006) name it, under its own name. Stacked ones are listed as a
            // FlexCodegenOverlay item lists them.
            string? givenOverlay = overlayPath is null ? null : Path.GetFullPath(overlayPath);
            spec = new SpecFile(Path.GetFullPath(specPath), SpecFiles.SpecKind, File.ReadAllText(specPath), null, null, givenOverlay,
                Overlays: stacked.Select(Path.GetFullPath).ToEquatableArray(), Selection: selection);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error.WriteLine($"flexcodegen: cannot read '{specPath}': {ex.Message}");
            return null;
        }
        string overlayFile = spec.OverlayPath ?? Beside(spec.Path);
        var files = new List<string>();
        if (overlayPath is not null || File.Exists(overlayFile)) files.Add(overlayFile);
        files.AddRange(spec.Overlays);
        var overlays = ImmutableArray.CreateBuilder<SpecFile>();
        foreach (string file in files)
        {
            try
            {
                overlays.Add(new SpecFile(file, SpecFiles.OverlayKind, File.ReadAllText(file), null, null, null));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                error.WriteLine($"flexcodegen: cannot read overlay '{file}': {ex.Message}");
                return null;
            }
        }

        var result = SpecPipeline.Parse(spec, overlays.ToImmutable(), Path.GetFileNameWithoutExtension(spec.Path), CancellationToken.None);
        var errors = result.Diagnostics.Where(d => d.Id is "FLXG001" or "FLXG006" or "FLXG999").ToList();
        foreach (var d in errors)
            error.WriteLine($"{d.FilePath}({d.StartLine + 1},{d.StartColumn + 1}): error {d.Id}: {d.Message}");
        if (result.Model is null || errors.Count > 0) return null;
        // A selection pattern that matches nothing is a warning in a build: said here too, and the surface is written.
        foreach (var d in result.Diagnostics.Where(d => d.Id == "FLXG014"))
            error.WriteLine($"{d.FilePath}: warning {d.Id}: {d.Message}");
        return ApiSurface.From(result.Model);
    }

    /// <summary>An option's value: one glob, or several in a ';' list as MSBuild metadata writes them.</summary>
    private static IEnumerable<string> Patterns(string value) =>
        value.Split(';').Select(p => p.Trim()).Where(p => p.Length > 0);

    /// <summary>The overlay a build would apply to the spec: the one beside it, named as the generator names it.</summary>
    private static string Beside(string specPath) => SpecFiles.Beside(Path.GetFullPath(specPath), SpecFiles.OverlaySuffix);

    private static string Markdown(List<ApiChange> changes, string before, string after)
    {
        if (changes.Count == 0) return "";
        var sb = new StringBuilder();
        sb.Append($"# API changes from `{Path.GetFileName(before)}` to `{Path.GetFileName(after)}`\n");
        Section(sb, "Breaking changes", changes.Where(c => c.Kind == ApiChangeKind.Breaking));
        Section(sb, "Compatible changes", changes.Where(c => c.Kind == ApiChangeKind.Compatible));
        Section(sb, "Additions", changes.Where(c => c.Kind == ApiChangeKind.Addition));
        return sb.ToString();
    }

    private static void Section(StringBuilder sb, string title, IEnumerable<ApiChange> changes)
    {
        var list = changes.ToList();
        if (list.Count == 0) return;
        sb.Append($"\n## {title} ({list.Count})\n\n| C# element | change | in the spec |\n|---|---|---|\n");
        foreach (var c in list)
            sb.Append($"| `{Cell(c.Element)}` | {Cell(c.Description)} | {(c.Pointer is null ? "" : "`" + Cell(c.Pointer) + "`")} |\n");
    }

    private static string Cell(string text) => text.Replace("|", "\\|").Replace("`", "'");

    private static string Json(List<ApiChange> changes)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteBoolean("breaking", changes.Any(c => c.Kind == ApiChangeKind.Breaking));
            writer.WriteStartArray("changes");
            foreach (var c in changes)
            {
                writer.WriteStartObject();
                writer.WriteString("kind", c.Kind switch { ApiChangeKind.Breaking => "breaking", ApiChangeKind.Compatible => "compatible", _ => "addition" });
                writer.WriteString("element", c.Element);
                writer.WriteString("change", c.Description);
                writer.WriteString("old", c.Old?.Line);
                writer.WriteString("new", c.New?.Line);
                writer.WriteString("pointer", c.Pointer);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}

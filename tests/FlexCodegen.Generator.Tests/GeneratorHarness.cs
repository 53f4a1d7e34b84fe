using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading;
using FlexCodegen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace FlexCodegen.Generator.Tests;

/// <summary>A file handed to the generator, with the metadata a FlexCodegenSpec item would give it.</summary>
public sealed record InputFile(string Path, string Text, string Kind = "Spec", string? Namespace = null, string? ClientName = null, string? Overlay = null)
{
    /// <summary>The overlays stacked on the spec's own one (FlexCodegenOverlay items naming it), in order, by path.</summary>
    public IReadOnlyList<string>? Overlays { get; init; }

    /// <summary>The selection (';' lists of globs), as FlexCodegenSpec or FlexCodegenSelect metadata gives it.</summary>
    public string? IncludePaths { get; init; }

    /// <inheritdoc cref="IncludePaths"/>
    public string? ExcludePaths { get; init; }

    /// <inheritdoc cref="IncludePaths"/>
    public string? IncludeOperations { get; init; }

    /// <inheritdoc cref="IncludePaths"/>
    public string? ExcludeOperations { get; init; }

    /// <summary>For a bundled spec, its name (<c>flex_v1</c>), as the package's wiring sets it.</summary>
    public string? BundledName { get; init; }

    /// <summary>The project file that lists the spec, as the wiring sets it.</summary>
    public string? Project { get; init; }

    /// <summary>The ApiLock metadata: the spec's lock file, relative to its folder or a full path.</summary>
    public string? ApiLock { get; init; }

    /// <summary>The lock file FlexCodegenWriteApiLocks asks the generator to hand out (and not check).</summary>
    public string? WriteApiLock { get; init; }

    /// <summary>The metadata as the MSBuild wiring hands it over: a list joined with ';' and percent-encoded.</summary>
    internal static string EncodeList(IEnumerable<string> items) => Uri.EscapeDataString(string.Join(";", items));
}

/// <summary>Runs the generator the way the compiler does, without MSBuild.</summary>
public static class GeneratorHarness
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>Twilio's public specs, copied into the test project (see Specs/README.md).</summary>
    public static string TestSpecs => Path.Combine(RepoRoot, "tests", "FlexCodegen.Generator.Tests", "Specs");

    public static string FlexSpecPath => Path.Combine(RepoRoot, "specs", "twilio_flex_v1.json");

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FlexCodegen.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("FlexCodegen.sln not found above " + AppContext.BaseDirectory);
    }

    public static InputFile Spec(string path, string? ns = null, string? client = null) => new(path, File.ReadAllText(path), "Spec", ns, client);

    public static string FlexOverlayPath => Path.Combine(RepoRoot, "specs", "twilio_flex_v1.overlay.json");

    /// <summary>The flex spec with its overlay, as a project listing specs/twilio_flex_v1.json gets it.</summary>
    public static InputFile[] FlexWithOverlay() => new[] { Spec(FlexSpecPath), new InputFile(FlexOverlayPath, File.ReadAllText(FlexOverlayPath), "Overlay") };

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var tpa = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var refs = tpa.Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll" or "Microsoft.Extensions.Logging.Abstractions.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
        refs.Add(MetadataReference.CreateFromFile(typeof(FlexCodegen.Runtime.TwilioPipeline).Assembly.Location));
        return refs.ToImmutableArray();
    });

    public static CSharpCompilation Compilation(params string[] sources) => CSharpCompilation.Create(
        "Consumer",
        sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Diagnose), path: $"Source{i}.cs")),
        References.Value,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, generalDiagnosticOption: ReportDiagnostic.Error));

    /// <summary>
    /// Emits <paramref name="compilation"/>, failing the test with its first errors, and loads it into a collectible
    /// context of its own named <paramref name="context"/>, kept loaded: the test calls into it.
    /// </summary>
    public static Assembly Load(Compilation compilation, string context)
    {
        using var pe = new MemoryStream();
        var emit = compilation.Emit(pe);
        // Not Xunit.Assert: the benchmarks compile this file too, without xunit.
        if (!emit.Success)
            throw new InvalidOperationException("The compilation does not emit:\n" + string.Join("\n", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(20)));
        pe.Position = 0;
        return new AssemblyLoadContext(context, isCollectible: true).LoadFromStream(pe);
    }

    public static AdditionalText Text(InputFile file) => new InMemoryAdditionalText(file.Path, file.Text);

    public static GeneratorDriver Driver(IEnumerable<InputFile> files, bool trackSteps = false) =>
        Driver(files.Select(f => (f, Text(f))), trackSteps);

    public static GeneratorDriver Driver(IEnumerable<(InputFile File, AdditionalText Text)> files, bool trackSteps = false) =>
        CSharpGeneratorDriver.Create(
            new[] { new FlexCodegenGenerator().AsSourceGenerator() },
            files.Select(f => f.Text),
            new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Diagnose),
            OptionsFor(files.Select(f => f.File)),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generator; returns the output compilation, the generator's diagnostics and its files.</summary>
    public static GeneratorOutput Run(params InputFile[] files)
    {
        var compilation = Compilation("namespace Consumer { internal static class Marker { } }");
        var driver = Driver(files).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        var result = driver.GetRunResult();
        var exceptions = result.Results.Select(r => r.Exception).Where(e => e is not null).ToList();
        if (exceptions.Count > 0) throw new InvalidOperationException("The generator threw (users would see CS8785): " + exceptions[0]);
        var generated = result.Results.SelectMany(r => r.GeneratedSources)
            .OrderBy(s => s.HintName, StringComparer.Ordinal)
            .ToDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal);
        return new GeneratorOutput(output, diagnostics, generated);
    }

    /// <summary>The metadata of <paramref name="files"/> as the compiler hands it to the generator (for <c>WithUpdatedAnalyzerConfigOptions</c>).</summary>
    public static AnalyzerConfigOptionsProvider OptionsFor(IEnumerable<InputFile> files) => new OptionsProvider(files.ToList());

    private sealed class InMemoryAdditionalText : AdditionalText
    {
        private readonly SourceText _text;
        public InMemoryAdditionalText(string path, string text) { Path = path; _text = SourceText.From(text); }
        public override string Path { get; }
        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    private sealed class OptionsProvider : AnalyzerConfigOptionsProvider
    {
        private readonly Dictionary<string, InputFile> _files;
        public OptionsProvider(List<InputFile> files) => _files = files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(new Dictionary<string, string>());
        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options(new Dictionary<string, string>());
        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile)
        {
            var values = new Dictionary<string, string>();
            if (_files.TryGetValue(textFile.Path, out var f))
            {
                values["build_metadata.AdditionalFiles.FlexCodegenKind"] = f.Kind;
                if (f.Namespace is not null) values["build_metadata.AdditionalFiles.Namespace"] = f.Namespace;
                if (f.ClientName is not null) values["build_metadata.AdditionalFiles.ClientName"] = f.ClientName;
                if (f.Overlay is not null) values["build_metadata.AdditionalFiles.Overlay"] = f.Overlay;
                if (f.Overlays is not null) values["build_metadata.AdditionalFiles.FlexCodegenOverlays"] = InputFile.EncodeList(f.Overlays);
                if (f.BundledName is not null) values["build_metadata.AdditionalFiles.FlexCodegenBundledName"] = f.BundledName;
                if (f.Project is not null) values["build_metadata.AdditionalFiles.FlexCodegenProject"] = f.Project;
                if (f.ApiLock is not null) values["build_metadata.AdditionalFiles.ApiLock"] = f.ApiLock;
                if (f.WriteApiLock is not null) values["build_metadata.AdditionalFiles.FlexCodegenWriteApiLock"] = f.WriteApiLock;
                foreach (var (name, list) in new[] { ("IncludePaths", f.IncludePaths), ("ExcludePaths", f.ExcludePaths), ("IncludeOperations", f.IncludeOperations), ("ExcludeOperations", f.ExcludeOperations) })
                    if (list is not null) values["build_metadata.AdditionalFiles.FlexCodegen" + name] = InputFile.EncodeList(list.Split(';'));
            }
            return new Options(values);
        }
    }

    private sealed class Options : AnalyzerConfigOptions
    {
        private readonly Dictionary<string, string> _values;
        public Options(Dictionary<string, string> values) => _values = values;
        public override bool TryGetValue(string key, out string value) => _values.TryGetValue(key, out value!);
    }
}

public sealed record GeneratorOutput(Compilation Compilation, ImmutableArray<Diagnostic> GeneratorDiagnostics, IReadOnlyDictionary<string, string> Files)
{
    /// <summary>Errors and warnings of the consumer's compilation after generation.</summary>
    public IReadOnlyList<Diagnostic> CompileProblems() =>
        Compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

    public string File(string typeName) => Files.Single(f => f.Key.EndsWith("." + typeName + ".g.cs", StringComparison.Ordinal)).Value;
}

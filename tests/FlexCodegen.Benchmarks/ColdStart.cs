using System;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using FlexCodegen.Generator.Emit;
using FlexCodegen.Generator.Model;
using FlexCodegen.Generator.Parsing;
using FlexCodegen.Generator.Pipeline;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace FlexCodegen.Benchmarks;

/// <summary>
/// One cold measurement per process, for <c>dotnet cake --target=BenchBuild</c>: nothing is JIT-compiled before it runs,
/// as in a build without the compiler server. <c>--cold-parse SPEC</c> is the floor (Microsoft.OpenApi parsing the spec);
/// <c>--cold-generator SPEC</c> times the generator's phases on the spec and its overlay, in the order a build runs them.
/// </summary>
public static class ColdStart
{
    public static bool TryRun(string[] args)
    {
        if (args.Length < 2 || args[0] is not ("--cold-parse" or "--cold-generator")) return false;
        string spec = File.ReadAllText(args[1]);
        var clock = Stopwatch.StartNew();
        if (args[0] == "--cold-parse")
        {
            var read = OpenApiDocument.Parse(spec, "json", new OpenApiReaderSettings());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cold-parse ms={clock.Elapsed.TotalMilliseconds:0.0} paths={read.Document!.Paths.Count}"));
            return true;
        }

        string overlayPath = SpecFiles.Beside(Path.GetFullPath(args[1]), SpecFiles.OverlaySuffix);
        var specFile = new SpecFile(Path.GetFullPath(args[1]), SpecFiles.SpecKind, spec, null, null, null);
        var overlays = File.Exists(overlayPath)
            ? ImmutableArray.Create<SpecFile>(new SpecFile(overlayPath, SpecFiles.OverlayKind, File.ReadAllText(overlayPath), null, null, null))
            : ImmutableArray<SpecFile>.Empty;

        var overlaid = overlays.IsEmpty ? null : OverlayApplier.Apply(specFile, overlays[0], CancellationToken.None).Overlaid;
        double overlay = clock.Elapsed.TotalMilliseconds;
        var result = SpecParser.Parse(specFile, overlaid, "spec", Array.Empty<DiagnosticInfo>(), CancellationToken.None);
        double parse = clock.Elapsed.TotalMilliseconds;
        var model = result.Model!;
        var sources = new System.Collections.Generic.List<string>();
        foreach (var s in model.Sids.Where(s => s.SharedNamespace is null)) sources.Add(SidEmitter.Render(model.Context, s)); // shared ids ship in the runtime
        foreach (var e in model.Enums) sources.Add(EnumEmitter.Render(model.Context, e));
        foreach (var o in model.Objects) sources.Add(ObjectEmitter.Render(model.Context, o));
        foreach (var r in model.Requests) sources.Add(RequestEmitter.Render(model.Context, r));
        foreach (var r in model.Resources) sources.Add(ClientEmitter.Render(model.Context, model.DefaultBaseAddress, r));
        double emit = clock.Elapsed.TotalMilliseconds;
        long chars = sources.Sum(s => (long)s.Length);
        // Not the generator's own work, but what the compiler then does with its output: parse it (cold, then warm).
        var options = new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest);
        foreach (var text in sources) Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(text, options);
        double coldParse = clock.Elapsed.TotalMilliseconds;
        foreach (var text in sources) Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(text, options);
        double warmParse = clock.Elapsed.TotalMilliseconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cold-generator ms={emit:0.0} overlay={overlay:0.0} parse+model={parse - overlay:0.0} emit={emit - parse:0.0} generated-chars={chars} files={sources.Count} roslyn-parse-cold={coldParse - emit:0.0} roslyn-parse-warm={warmParse - coldParse:0.0}"));
        return true;
    }
}

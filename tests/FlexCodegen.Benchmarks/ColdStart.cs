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
/// <c>--cold-generator SPEC</c> times the generator's phases on the spec with its overlay and API lock, in the order a build
/// runs them, with the JIT's share of each.
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

        // The companions a build hands the generator: the overlay and the API lock beside the spec, when there.
        var specFile = new SpecFile(Path.GetFullPath(args[1]), SpecFiles.SpecKind, spec, null, null, null);
        var companions = ImmutableArray.CreateBuilder<SpecFile>();
        foreach (var (suffix, kind) in new[] { (SpecFiles.OverlaySuffix, SpecFiles.OverlayKind), (".api.txt", SpecFiles.ApiLockKind) })
        {
            string path = SpecFiles.Beside(specFile.Path, suffix);
            if (File.Exists(path)) companions.Add(new SpecFile(path, kind, File.ReadAllText(path), null, null, null));
        }

        // The JIT's own figures per phase: how much of a cold phase is compiling the generator's code, not running it.
        var phases = new System.Collections.Generic.List<string>();
        TimeSpan jitBefore = System.Runtime.JitInfo.GetCompilationTime();
        long methodsBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
        double last = 0;
        void Phase(string name)
        {
            double now = clock.Elapsed.TotalMilliseconds;
            TimeSpan jit = System.Runtime.JitInfo.GetCompilationTime();
            long methods = System.Runtime.JitInfo.GetCompiledMethodCount();
            phases.Add(string.Create(CultureInfo.InvariantCulture, $"{name}={now - last:0.0} (jit {(jit - jitBefore).TotalMilliseconds:0.0} ms, {methods - methodsBefore} methods)"));
            (last, jitBefore, methodsBefore) = (now, jit, methods);
        }

        // The front end as a build runs it (SpecPipeline: overlay, reader and model, API-lock check), then every emitter.
        var all = companions.ToImmutable();
        var overlaid = SpecFiles.OverlayFor(specFile, all) is SpecFile overlay ? OverlayApplier.Apply(specFile, overlay, CancellationToken.None).Overlaid : null;
        Phase("overlay");
        var result = SpecParser.Parse(specFile, overlaid, "spec", Array.Empty<DiagnosticInfo>(), CancellationToken.None);
        Phase("read+model");
        var model = result.Model!;
        if (SpecFiles.ApiLockFor(specFile, all) is SpecFile apiLock) FlexCodegen.Generator.Api.ApiLockCheck.Run(specFile, apiLock, model);
        Phase("api-lock");
        var sources = new System.Collections.Generic.List<string>();
        foreach (var s in model.Sids.Where(s => s.SharedNamespace is null)) sources.Add(SidEmitter.Render(model.Context, s)); // shared ids ship in the runtime
        foreach (var e in model.Enums) sources.Add(EnumEmitter.Render(model.Context, e));
        foreach (var o in model.Objects) sources.Add(ObjectEmitter.Render(model.Context, o));
        foreach (var r in model.Requests) sources.Add(RequestEmitter.Render(model.Context, r));
        foreach (var r in model.Resources) sources.Add(ClientEmitter.Render(model.Context, model.DefaultBaseAddress, r));
        Phase("emit");
        double total = clock.Elapsed.TotalMilliseconds;
        long chars = sources.Sum(s => (long)s.Length);
        // Not the generator's own work, but what the compiler then does with its output: parse it (cold, then warm).
        var options = new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest);
        foreach (var text in sources) Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(text, options);
        Phase("roslyn-parse-cold");
        foreach (var text in sources) Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(text, options);
        Phase("roslyn-parse-warm");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cold-generator ms={total:0.0} generated-chars={chars} files={sources.Count} diagnostics={result.Diagnostics.Count} {string.Join(" ", phases)}"));
        return true;
    }
}

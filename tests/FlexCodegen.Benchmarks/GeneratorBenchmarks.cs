using System.IO;
using BenchmarkDotNet.Attributes;
using FlexCodegen.Generator.Tests;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.OpenApi;

namespace FlexCodegen.Benchmarks;

/// <summary>The whole generator on specs/twilio_flex_v1.json vs parsing the spec alone; and a rerun after an unrelated edit.</summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private string _specText = "";
    private InputFile[] _inputs = null!;
    private Compilation _compilation = null!;
    private Compilation _edited = null!;
    private GeneratorDriver _warm = null!;

    [GlobalSetup]
    public void Setup()
    {
        _specText = File.ReadAllText(GeneratorHarness.FlexSpecPath);
        _inputs = GeneratorHarness.FlexWithOverlay();
        _compilation = GeneratorHarness.Compilation("class A { }");
        _edited = _compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class B { void M() { } }"));
        _warm = GeneratorHarness.Driver(_inputs).RunGenerators(_compilation);
    }

    [Benchmark(Baseline = true)]
    public OpenApiDocument? ParseSpecOnly() => OpenApiDocument.Parse(_specText, "json").Document;

    [Benchmark]
    public GeneratorDriver FullGeneratorRun() => GeneratorHarness.Driver(_inputs).RunGenerators(_compilation);

    [Benchmark]
    public GeneratorDriver RerunAfterUnrelatedEdit() => _warm.RunGenerators(_edited);
}

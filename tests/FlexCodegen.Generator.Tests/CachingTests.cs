using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace FlexCodegen.Generator.Tests;

/// <summary>With step tracking on: unrelated work re-runs nothing; a spec change regenerates.</summary>
public class CachingTests
{
    private static readonly string[] Steps =
    {
        TrackingNames.Results, TrackingNames.Models, TrackingNames.Sids, TrackingNames.Enums,
        TrackingNames.Objects, TrackingNames.Requests, TrackingNames.Resources,
    };

    private static InputFile TrimmedSpec() => GeneratorHarness.Spec(Path.Combine(GeneratorHarness.RepoRoot, "tests", "FlexCodegen.Generator.Tests", "TestSpecs", "interactions_trimmed.json"));

    [Fact]
    public void A_rerun_leaves_every_step_cached()
    {
        var compilation = GeneratorHarness.Compilation("class A { }");
        var driver = GeneratorHarness.Driver(new[] { TrimmedSpec() }, trackSteps: true).RunGenerators(compilation);
        driver = driver.RunGenerators(compilation.Clone());
        AssertAllCached(driver.GetRunResult());
    }

    [Fact]
    public void An_unrelated_source_edit_leaves_every_step_cached()
    {
        var compilation = GeneratorHarness.Compilation("class A { }");
        var driver = GeneratorHarness.Driver(new[] { TrimmedSpec() }, trackSteps: true).RunGenerators(compilation);
        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class B { void M() { } }"));
        driver = driver.RunGenerators(edited);
        AssertAllCached(driver.GetRunResult());
    }

    [Fact]
    public void Changing_the_spec_regenerates_what_changed()
    {
        var spec = TrimmedSpec();
        var text = GeneratorHarness.Text(spec);
        var compilation = GeneratorHarness.Compilation("class A { }");
        var driver = GeneratorHarness.Driver(new[] { (spec, text) }, trackSteps: true).RunGenerators(compilation);
        var oldText = driver.GetRunResult().Results[0].GeneratedSources.Single(s => s.HintName.EndsWith(".InteractionChannelStatus.g.cs")).SourceText.ToString();

        var changed = spec.Text.Replace("\"pause\",", "\"pause\", \"on-hold\",");
        Assert.NotEqual(spec.Text, changed);
        driver = driver.ReplaceAdditionalText(text, GeneratorHarness.Text(spec with { Text = changed }));
        driver = driver.RunGenerators(compilation);

        var result = driver.GetRunResult().Results[0];
        var newText = result.GeneratedSources.Single(s => s.HintName.EndsWith(".InteractionChannelStatus.g.cs")).SourceText.ToString();
        Assert.Contains("OnHold", newText);
        Assert.DoesNotContain("OnHold", oldText);
        var enumOutputs = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Contains(IncrementalStepRunReason.Modified, enumOutputs);
    }

    private static void AssertAllCached(GeneratorDriverRunResult run)
    {
        var result = Assert.Single(run.Results);
        foreach (var step in Steps)
        {
            Assert.True(result.TrackedSteps.ContainsKey(step), $"step {step} was not tracked");
            foreach (var run1 in result.TrackedSteps[step])
                foreach (var (_, reason) in run1.Outputs)
                    Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"step {step} output was {reason}");
        }
        foreach (var output in result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs))
            Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"an output was {output.Reason}");
    }
}

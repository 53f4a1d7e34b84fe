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
        TrackingNames.Results, TrackingNames.ReferencedClients, TrackingNames.CheckedResults, TrackingNames.Models, TrackingNames.Sids,
        TrackingNames.Enums, TrackingNames.Objects, TrackingNames.Requests, TrackingNames.Resources,
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

    private static (InputFile File, AdditionalText Text)[] FlexWithOverlayAndLock()
    {
        string lockPath = Path.Combine(GeneratorHarness.RepoRoot, "specs", "twilio_flex_v1.api.txt");
        return GeneratorHarness.FlexWithOverlay().Append(new InputFile(lockPath, File.ReadAllText(lockPath), "ApiLock"))
            .Select(f => (f, GeneratorHarness.Text(f))).ToArray();
    }

    [Fact]
    public void With_an_overlay_and_a_lock_a_rerun_and_an_unrelated_edit_leave_every_step_cached()
    {
        var compilation = GeneratorHarness.Compilation("class A { }");
        var driver = GeneratorHarness.Driver(FlexWithOverlayAndLock(), trackSteps: true).RunGenerators(compilation);
        driver = driver.RunGenerators(compilation.Clone());
        AssertAllCached(driver.GetRunResult());
        driver = driver.RunGenerators(compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class B { }")));
        AssertAllCached(driver.GetRunResult());
    }

    [Fact]
    public void Editing_the_lock_changes_diagnostics_and_regenerates_no_source()
    {
        var files = FlexWithOverlayAndLock();
        var compilation = GeneratorHarness.Compilation("class A { }");
        var driver = GeneratorHarness.Driver(files, trackSteps: true).RunGenerators(compilation);
        Assert.DoesNotContain(driver.GetRunResult().Diagnostics, d => d.Id.StartsWith("FLXG20", System.StringComparison.Ordinal));

        var lockFile = files.Single(f => f.File.Kind == "ApiLock");
        string edited = lockFile.File.Text.Replace("enum InteractionChannelStatus value \"pause\"\n", "");
        Assert.NotEqual(lockFile.File.Text, edited);
        driver = driver.ReplaceAdditionalText(lockFile.Text, GeneratorHarness.Text(lockFile.File with { Text = edited })).RunGenerators(compilation);

        var run = driver.GetRunResult();
        Assert.Contains(run.Diagnostics, d => d.Id == "FLXG203" && d.GetMessage().Contains("\"pause\" added"));
        var result = Assert.Single(run.Results);
        // Results (and CheckedResults, the same after the referenced-client check) carry the diagnostics, so they change.
        foreach (var step in Steps.Where(s => s is not (TrackingNames.Results or TrackingNames.CheckedResults)))
            foreach (var output in result.TrackedSteps[step].SelectMany(r => r.Outputs))
                Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"step {step} output was {output.Reason}");
        // Each output step yields (sources, diagnostics); the ones that produce sources must all be cached.
        static int SourceCount(object value) => (int)((System.Runtime.CompilerServices.ITuple)value)[0]!.GetType().GetProperty("Length")!.GetValue(((System.Runtime.CompilerServices.ITuple)value)[0])!;
        var sourceOutputs = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Where(o => SourceCount(o.Value) > 0).ToList();
        Assert.NotEmpty(sourceOutputs);
        Assert.All(sourceOutputs, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"a source output was {o.Reason}"));
    }

    [Fact]
    public void Reordering_two_stacked_overlays_regenerates_and_an_unrelated_edit_does_not()
    {
        static InputFile Summary(string path, string summary) => new(path, OverlayStackTests.OverlayText(
            ("$.paths['/v1/Interactions'].post", new System.Text.Json.Nodes.JsonObject { ["summary"] = summary })), "Overlay");
        var first = Summary("/app/overlays/first.json", "Summary from the first overlay.");
        var second = Summary("/app/overlays/second.json", "Summary from the second overlay.");
        var spec = TrimmedSpec() with { Overlays = new[] { first.Path, second.Path } };
        var files = new[] { spec, first, second };
        var compilation = GeneratorHarness.Compilation("class A { }");
        var driver = GeneratorHarness.Driver(files, trackSteps: true).RunGenerators(compilation);
        static string Collection(GeneratorDriver d) => d.GetRunResult().Results[0].GeneratedSources.Single(s => s.HintName.EndsWith(".InteractionCollection.g.cs", System.StringComparison.Ordinal)).SourceText.ToString();
        Assert.Contains("Summary from the second overlay.", Collection(driver));

        // An unrelated edit: nothing re-runs.
        driver = driver.RunGenerators(compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class B { }")));
        AssertAllCached(driver.GetRunResult());

        // The same two overlays in the other order: the spec's step runs again, and the other overlay wins.
        var reordered = new[] { spec with { Overlays = new[] { second.Path, first.Path } }, first, second };
        driver = driver.WithUpdatedAnalyzerConfigOptions(GeneratorHarness.OptionsFor(reordered)).RunGenerators(compilation);
        Assert.Contains("Summary from the first overlay.", Collection(driver));
        var result = Assert.Single(driver.GetRunResult().Results);
        Assert.Contains(result.TrackedSteps[TrackingNames.Results].SelectMany(r => r.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
    }

    [Fact]
    public void With_a_selection_an_unrelated_edit_leaves_every_step_cached_and_a_changed_selection_regenerates()
    {
        var spec = TrimmedSpec() with { IncludeOperations = "FetchInteraction;ListInteractionChannelParticipant" };  // one id of its own (UT), so every step has output
        var compilation = GeneratorHarness.Compilation("class A { }");
        var driver = GeneratorHarness.Driver(new[] { spec }, trackSteps: true).RunGenerators(compilation);
        driver = driver.RunGenerators(compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class B { }")));
        AssertAllCached(driver.GetRunResult());

        driver = driver.WithUpdatedAnalyzerConfigOptions(GeneratorHarness.OptionsFor(new[] { spec with { IncludeOperations = "FetchInteraction;ListInteractionChannelParticipant;CreateInteraction" } })).RunGenerators(compilation);
        var result = Assert.Single(driver.GetRunResult().Results);
        Assert.Contains(result.GeneratedSources, s => s.HintName.EndsWith(".CreateInteractionRequest.g.cs", System.StringComparison.Ordinal));
        Assert.Contains(result.TrackedSteps[TrackingNames.Results].SelectMany(r => r.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
    }

    [Fact]
    public void With_an_event_spec_a_rerun_and_an_unrelated_edit_leave_every_step_cached_and_nothing_holds_a_compilation()
    {
        var spec = GeneratorHarness.Spec(Path.Combine(GeneratorHarness.RepoRoot, "specs", "twilio_taskrouter_events_v1.json"));
        var compilation = GeneratorHarness.Compilation("class A { }");
        var driver = GeneratorHarness.Driver(new[] { spec }, trackSteps: true).RunGenerators(compilation);
        var first = Assert.Single(driver.GetRunResult().Results);
        Assert.Contains(first.GeneratedSources, s => s.HintName.EndsWith(".TaskrouterEventTypes.g.cs", System.StringComparison.Ordinal));
        Assert.NotEmpty(first.TrackedSteps[TrackingNames.EventTypes].SelectMany(r => r.Outputs));
        foreach (var (step, runs) in first.TrackedSteps)
            foreach (var stepRun in runs)
                foreach (var (value, _) in stepRun.Outputs)
                    AssertObjectGraph(value, step);

        // A spec with no operations makes no requests or resources: those steps never run for it.
        var steps = new[] { TrackingNames.Results, TrackingNames.Models, TrackingNames.Sids, TrackingNames.Enums, TrackingNames.Objects, TrackingNames.EventTypes };
        driver = driver.RunGenerators(compilation.Clone());
        AssertAllCached(driver.GetRunResult(), steps);
        driver = driver.RunGenerators(compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class B { }")));
        AssertAllCached(driver.GetRunResult(), steps);
    }

    [Fact]
    public void No_step_output_holds_a_compilation_a_symbol_or_a_syntax_node()
    {
        var compilation = GeneratorHarness.Compilation("class A { }");
        var driver = GeneratorHarness.Driver(new[] { TrimmedSpec() }, trackSteps: true).RunGenerators(compilation);
        var result = Assert.Single(driver.GetRunResult().Results);
        Assert.NotEmpty(result.TrackedSteps);
        foreach (var (step, runs) in result.TrackedSteps)
            foreach (var stepRun in runs)
                foreach (var (value, _) in stepRun.Outputs)
                    AssertObjectGraph(value, step);
    }

    [Fact]
    public void The_object_graph_walk_finds_a_compilation_however_deep()
    {
        var compilation = GeneratorHarness.Compilation("class A { }");
        var nested = (1, new[] { new KeyValuePair<string, object>("k", new List<object> { compilation }) });
        var failure = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertObjectGraph(nested, "test"));
        Assert.Contains("Compilation", failure.Message);
        AssertObjectGraph((1, "text", new[] { 1, 2 }), "test");
    }

    /// <summary>
    /// Walks every field of a step's output (NetEscapades.EnumGenerators' AssertObjectGraph): a Compilation, ISymbol or
    /// SyntaxNode anywhere in it would keep the compilation alive and break caching.
    /// </summary>
    private static void AssertObjectGraph(object? value, string step)
    {
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        Walk(value, step);

        void Walk(object? node, string path)
        {
            if (node is null) return;
            var type = node.GetType();
            if (type.IsPrimitive || type.IsEnum || node is string || node is decimal) return;
            Assert.False(node is Compilation or ISymbol or SyntaxNode or SyntaxTree or SemanticModel,
                $"step {step} holds a {type.Name} at {path}");
            if (!type.IsValueType && !seen.Add(node)) return;
            if (node is System.Array items)
            {
                // Fields cover everything else (a List's or an ImmutableArray's backing array, a dictionary's entries).
                int i = 0;
                foreach (var item in items) Walk(item, $"{path}[{i++}]");
                return;
            }
            for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
                foreach (var field in t.GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.DeclaredOnly))
                {
                    if (field.FieldType.IsPointer || field.FieldType.IsByRefLike) continue;
                    Walk(field.GetValue(node), path + "." + field.Name);
                }
        }
    }

    /// <summary>Every step (and every output) of the run is cached or unchanged: nothing was computed again.</summary>
    internal static void AssertAllCached(GeneratorDriverRunResult run, string[]? steps = null)
    {
        var result = Assert.Single(run.Results);
        foreach (var step in steps ?? Steps)
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

using System.IO;
using System.Linq;
using Xunit;

namespace FlexCodegen.Generator.Tests;

public class SnapshotTests
{
    [Fact]
    public void Trimmed_interactions_spec()
    {
        var output = GeneratorHarness.Run(GeneratorHarness.Spec(Path.Combine(GeneratorHarness.RepoRoot, "tests", "FlexCodegen.Generator.Tests", "TestSpecs", "interactions_trimmed.json"), "Contoso.Flex", "FlexClient"));
        Assert.Empty(output.GeneratorDiagnostics);
        Snapshot.Verify("interactions_trimmed", output.Files);
    }

    [Fact]
    public void Whole_flex_v1_spec_with_its_overlay()
    {
        var output = GeneratorHarness.Run(GeneratorHarness.FlexWithOverlay());
        Assert.Empty(output.GeneratorDiagnostics.Where(d => d.Severity > Microsoft.CodeAnalysis.DiagnosticSeverity.Info));
        Snapshot.Verify("twilio_flex_v1_overlaid", output.Files);
    }

    [Fact]
    public void Small_webhooks_spec_with_no_paths()
    {
        var output = GeneratorHarness.Run(GeneratorHarness.Spec(Path.Combine(GeneratorHarness.RepoRoot, "tests", "FlexCodegen.Generator.Tests", "TestSpecs", "webhooks_small.json")));
        Assert.Empty(output.GeneratorDiagnostics);
        Snapshot.Verify("webhooks_small", output.Files);
    }

    [Fact]
    public void Same_spec_in_gives_the_same_bytes_out()
    {
        var spec = GeneratorHarness.Spec(GeneratorHarness.FlexSpecPath);
        var first = GeneratorHarness.Run(spec).Files;
        var second = GeneratorHarness.Run(spec).Files;
        Assert.Equal(first, second);
    }
}

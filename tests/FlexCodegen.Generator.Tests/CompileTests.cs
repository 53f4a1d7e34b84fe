using System.IO;
using System.Linq;
using Xunit;

namespace FlexCodegen.Generator.Tests;

/// <summary>The generated client compiles cleanly (nullable on, every warning an error) for each real spec.</summary>
public class CompileTests
{
    [Theory]
    [InlineData("twilio_flex_v1.json")]
    [InlineData("twilio_conversations_v1.json")]
    [InlineData("twilio_taskrouter_v1.json")]
    [InlineData("twilio_api_v2010.json")]
    [InlineData("twilio_flex_v1.245ab7c.json")]
    public void Real_spec_generates_code_that_compiles_without_warnings(string file)
    {
        string path = file == "twilio_flex_v1.json" ? GeneratorHarness.FlexSpecPath : Path.Combine(GeneratorHarness.TestSpecs, file);
        var output = GeneratorHarness.Run(GeneratorHarness.Spec(path));

        Assert.Empty(output.GeneratorDiagnostics.Where(d => d.Severity >= Microsoft.CodeAnalysis.DiagnosticSeverity.Warning));
        Assert.NotEmpty(output.Files);
        var problems = output.CompileProblems();
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(30).Select(p => p.ToString())));
    }

    [Fact]
    public void Flex_spec_with_its_overlay_compiles_without_warnings()
    {
        var output = GeneratorHarness.Run(GeneratorHarness.FlexWithOverlay());
        Assert.Empty(output.GeneratorDiagnostics.Where(d => d.Severity >= Microsoft.CodeAnalysis.DiagnosticSeverity.Warning));
        var problems = output.CompileProblems();
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(30).Select(p => p.ToString())));
    }
}

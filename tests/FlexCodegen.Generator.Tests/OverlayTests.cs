using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace FlexCodegen.Generator.Tests;

/// <summary>The overlay is data beside an untouched spec: it re-applies to another version of the spec.</summary>
public class OverlayTests
{
    [Fact]
    public void The_overlay_applies_to_the_older_flex_spec_too()
    {
        string older = Path.Combine(GeneratorHarness.TestSpecs, "twilio_flex_v1.245ab7c.json");
        var output = GeneratorHarness.Run(
            GeneratorHarness.Spec(older) with { Path = "/specs/twilio_flex_v1.json" },
            new InputFile("/specs/twilio_flex_v1.overlay.json", File.ReadAllText(GeneratorHarness.FlexOverlayPath), "Overlay"));

        // Every action still matches: no FLXG007, no other warning.
        Assert.Empty(output.GeneratorDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.Contains("InteractionChannelSpec Channel => ", output.File("CreateInteractionRequest"));
        Assert.Contains("Status=inactive requires Routing.status=closed", output.File("UpdateInteractionChannelRequest"));
        Assert.Empty(output.CompileProblems());
    }

    [Fact]
    public void An_action_that_no_longer_matches_is_reported_precisely()
    {
        string spec = File.ReadAllText(GeneratorHarness.FlexSpecPath).Replace("\"/v1/Interactions/{InteractionSid}/Channels/{ChannelSid}/Invites\"", "\"/v1/Interactions/{InteractionSid}/Channels/{ChannelSid}/Invitations\"");
        var output = GeneratorHarness.Run(
            new InputFile("/specs/twilio_flex_v1.json", spec),
            new InputFile("/specs/twilio_flex_v1.overlay.json", File.ReadAllText(GeneratorHarness.FlexOverlayPath), "Overlay"));

        var missing = Assert.Single(output.GeneratorDiagnostics, d => d.Id == "FLXG007");
        Assert.Contains("/v1/Interactions/{InteractionSid}/Channels/{ChannelSid}/Invites", missing.GetMessage());
        Assert.Equal("/specs/twilio_flex_v1.overlay.json", missing.Location.GetLineSpan().Path);
        Assert.Empty(output.CompileProblems()); // the rest of the overlay still applied
        Assert.Contains("InteractionChannelSpec Channel => ", output.File("CreateInteractionRequest"));
    }

    [Fact]
    public void An_overlay_named_by_metadata_is_used()
    {
        var output = GeneratorHarness.Run(
            GeneratorHarness.Spec(GeneratorHarness.FlexSpecPath) with { Path = "/specs/flex.json", Overlay = "rules/flex-rules.json" },
            new InputFile("/specs/rules/flex-rules.json", File.ReadAllText(GeneratorHarness.FlexOverlayPath), "Overlay"));
        Assert.Contains("InteractionChannelSpec Channel => ", output.File("CreateInteractionRequest"));
    }
}

using System;
using Xunit;

namespace FlexCodegen.Packaging.Tests;

/// <summary>The README's main command prints the whole walk-through, with no Twilio account.</summary>
[Collection(nameof(PackageCollection))]
public class QuickstartTests
{
    private readonly PackageFixture _package;

    public QuickstartTests(PackageFixture package) => _package = package;

    [Fact]
    public void The_quickstart_walks_through_the_seeds_story_against_the_emulator()
    {
        string configuration = AppContext.BaseDirectory.Contains("/Release/") ? "Release" : "Debug";
        string transcript = PackageFixture.Run(_package.RepoRoot, "dotnet", $"run --project samples/Quickstart -c {configuration}");

        // The first build takes minutes and `dotnet run` shows no build output: the quickstart says what it does first.
        Assert.StartsWith("Quickstart: building the generator, the runtime and the emulator", transcript, StringComparison.Ordinal);
        Assert.Contains("Started the Flex Interactions emulator", transcript);
        Assert.Matches(@"interaction KD[0-9a-f]{32}, channel UO[0-9a-f]{32}, task WT[0-9a-f]{32}", transcript);
        Assert.Matches(@"status: setup[\s\S]*status: active", transcript);
        Assert.Matches(@"UT[0-9a-f]{32} \(customer\)", transcript);
        Assert.Matches(@"invite KG[0-9a-f]{32}", transcript);
        // The task and the Conversation, read over HTTP through the generated TaskRouter and Conversations clients.
        Assert.Matches(@"task WT[0-9a-f]{32} \(fetched from TaskRouter\): pending", transcript);
        Assert.Matches(@"conversation CH[0-9a-f]{32} \(fetched from Conversations\): active", transcript);
        Assert.Matches(@"channel status: closed\s+task WT[0-9a-f]{32}: completed\s+conversation CH[0-9a-f]{32}: closed", transcript);
        Assert.Contains("Routing.status: breaks the rule \"Status=inactive requires Routing.status=closed\"", transcript);
        Assert.Contains("HTTP 404, Twilio error 20404", transcript);
        Assert.Contains("Done.", transcript);
    }
}

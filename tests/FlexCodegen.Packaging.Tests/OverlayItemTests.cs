using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace FlexCodegen.Packaging.Tests;

/// <summary>
/// <c>FlexCodegenOverlay</c> items as the packed package's <c>buildTransitive/</c> files hand them to the generator:
/// MSBuild evaluating the wiring (a second or two a case), and one consumer built and run from the feed.
/// </summary>
[Collection(nameof(PackageCollection))]
public class OverlayItemTests
{
    private readonly PackageFixture _package;

    public OverlayItemTests(PackageFixture package) => _package = package;

    /// <summary>A project with only the package's MSBuild files (no SDK), <paramref name="items"/> in it, and the overlays it names.</summary>
    private string Project(string items, string bundled = "flex_v1")
    {
        string dir = Path.Combine(_package.Root, "overlays-" + Guid.NewGuid().ToString("N"));
        using (var zip = ZipFile.OpenRead(_package.Package))
        {
            foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("buildTransitive/", StringComparison.Ordinal) || e.FullName.StartsWith("specs/", StringComparison.Ordinal)))
            {
                string target = Path.Combine(dir, "package", entry.FullName);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                entry.ExtractToFile(target);
            }
        }
        Directory.CreateDirectory(Path.Combine(dir, "overlays"));
        foreach (string name in new[] { "contoso.flex.json", "contoso.taskrouter.json", "later.flex.json" })
            File.WriteAllText(Path.Combine(dir, "overlays", name), """{ "overlay": "1.0.0", "actions": [] }""");
        File.WriteAllText(Path.Combine(dir, "consumer.proj"), $"""
            <Project>
              <PropertyGroup><FlexCodegenBundledSpecs>{bundled}</FlexCodegenBundledSpecs></PropertyGroup>
              <Import Project="package/buildTransitive/FlexCodegen.props" />
              <ItemGroup>
                {items}
              </ItemGroup>
              <Import Project="package/buildTransitive/FlexCodegen.targets" />
            </Project>
            """);
        return dir;
    }

    /// <summary>
    /// The files the generator is handed (AdditionalFiles), as "kind: file name", a spec followed by the overlays its
    /// FlexCodegenOverlays metadata lists (decoded as the generator decodes it), in order.
    /// </summary>
    private static string[] AdditionalFiles(string dir)
    {
        string output = PackageFixture.Run(dir, "dotnet", "msbuild consumer.proj -nologo -t:FlexCodegenAddSpecs -getItem:AdditionalFiles");
        using var json = JsonDocument.Parse(output);
        return json.RootElement.GetProperty("Items").GetProperty("AdditionalFiles").EnumerateArray()
            .Select(item =>
            {
                string path = item.GetProperty("FullPath").GetString()!;
                Assert.True(File.Exists(path), $"{path} is handed to the generator but is not there");
                string kind = item.GetProperty("FlexCodegenKind").GetString()!;
                string line = kind + ": " + Path.GetFileName(path);
                if (kind != "Spec") return line;
                string stacked = item.TryGetProperty("FlexCodegenOverlays", out var value) ? Uri.UnescapeDataString(value.GetString()!) : "";
                foreach (string overlay in stacked.Split(';', StringSplitOptions.RemoveEmptyEntries))
                {
                    Assert.Equal(Path.Combine(dir, "overlays"), Path.GetDirectoryName(overlay));
                    line += " + " + Path.GetFileName(overlay);
                }
                return line;
            })
            .ToArray();
    }

    [Fact]
    public void A_FlexCodegenOverlay_for_flex_v1_reaches_the_generator_stacked_after_the_bundled_overlay_in_item_order()
    {
        string dir = Project("""
            <FlexCodegenOverlay Include="overlays/contoso.flex.json" Spec="FLEX_V1" />
            <FlexCodegenOverlay Include="overlays/contoso.taskrouter.json" Spec="twilio_taskrouter_v1.json" />
            <FlexCodegenOverlay Include="overlays/later.flex.json" Spec="flex_v1" />
            """, bundled: "flex_v1;taskrouter_v1");

        // The bundled overlay is flex_v1's own (beside it), which the generator applies first; the project's come after,
        // in the order the items are listed, whichever way each names its spec.
        Assert.Equal(new[]
        {
            "Spec: twilio_flex_v1.json + contoso.flex.json + later.flex.json",
            "Spec: twilio_taskrouter_v1.json + contoso.taskrouter.json",
            "Overlay: twilio_flex_v1.overlay.json",
            "Overlay: contoso.flex.json",
            "Overlay: contoso.taskrouter.json",
            "Overlay: later.flex.json",
        }, AdditionalFiles(dir));
    }

    [Theory]
    [InlineData("""<FlexCodegenOverlay Include="overlays/contoso.missing.json" Spec="flex_v1" />""",
        "error FLXG102: FlexCodegenOverlay 'overlays/contoso.missing.json' does not exist: {dir}/overlays/contoso.missing.json")]
    [InlineData("""<FlexCodegenSpec Include="package/specs/twilio_flex_v1.json" Overlay="rules/missing.json" />""",
        "error FLXG102: The Overlay 'rules/missing.json' of FlexCodegenSpec 'package/specs/twilio_flex_v1.json' does not exist: {dir}/package/specs/rules/missing.json")]
    [InlineData("""<FlexCodegenOverlay Include="overlays/contoso.flex.json" Spec="taskrouter_v1" />""",
        "error FLXG103: FlexCodegenOverlay 'overlays/contoso.flex.json': Spec 'taskrouter_v1' names no spec of this project (its specs: twilio_flex_v1.json)")]
    public void A_named_overlay_that_is_not_there_or_names_no_spec_fails_the_build_naming_it(string items, string expected)
    {
        // Before, an overlay named but not found was skipped without a word, and the client generated without it.
        string dir = Project(items);
        string output = PackageFixture.Run(dir, "dotnet", "msbuild consumer.proj -nologo -t:FlexCodegenAddSpecs", mustSucceed: false);

        Assert.Contains(expected.Replace("{dir}", dir), output);
    }

    [Fact]
    public void A_consumer_s_overlay_on_bundled_flex_v1_adds_a_rule_its_built_app_enforces_beside_the_package_s_typed_objects()
    {
        const string program = """
            using Twilio;
            using Twilio.Flex.V1;

            foreach (string? name in new[] { null, "Ada" })
            {
                try
                {
                    CreateInteractionRequest.CreateBuilder()
                        .WithChannel(new InteractionChannelSpec
                        {
                            Type = InteractionChannelType.Sms,
                            InitiatedBy = InteractionInitiatedBy.Api,
                            Participants = new[] { new InteractionParticipantSpec { Address = "+13115552368", ProxyAddress = "+14155559999", Name = name } },
                        })
                        .WithRouting(new InteractionRouting { Properties = new InteractionRoutingProperties { WorkspaceSid = WorkspaceSid.Parse("WS" + new string('a', 32)), TaskChannelUniqueName = "sms" } })
                        .Build();
                    Console.WriteLine("built");
                }
                catch (FlexCodegen.Runtime.RequestValidationException ex)
                {
                    Console.WriteLine("refused: " + ex.Message);
                }
            }
            """;
        string dir = _package.NewConsumer("OverlayConsumer", program,
            """<FlexCodegenOverlay Include="overlays/contoso.flex.json" Spec="flex_v1" />""");
        Directory.CreateDirectory(Path.Combine(dir, "overlays"));
        File.WriteAllText(Path.Combine(dir, "overlays", "contoso.flex.json"), """
            {
              "overlay": "1.0.0",
              "info": { "title": "Contoso's rules for Flex", "version": "1" },
              "actions": [
                {
                  "target": "$.paths['/v1/Interactions'].post.requestBody.content['application/x-www-form-urlencoded'].schema",
                  "update": {
                    "x-rules": [
                      {
                        "rule": "Contoso: every SMS participant has a name",
                        "if": { "Channel.type": { "equals": ["sms"] } },
                        "then": { "Channel.participants[*].name": { "present": true } }
                      }
                    ]
                  }
                }
              ]
            }
            """);

        string output = PackageFixture.Run(dir, "dotnet", "run");

        Assert.Contains("refused: ", output);
        Assert.Contains("Channel.participants[0].name", output);
        Assert.Contains("Contoso: every SMS participant has a name", output);
        Assert.Contains("built", output.Split('\n').Last(l => l.Trim().Length > 0));
    }
}

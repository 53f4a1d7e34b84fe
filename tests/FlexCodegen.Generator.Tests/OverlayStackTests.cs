using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace FlexCodegen.Generator.Tests;

/// <summary>
/// Overlays stack: a spec's own overlay (the package's, for a bundled spec) first, then the project's FlexCodegenOverlay
/// items in order, each applied to what the ones before it made.
/// </summary>
public class OverlayStackTests
{
    /// <summary>Where the package's files sit in these tests: the bundled spec, its overlay beside it.</summary>
    private const string BundledSpec = "/nuget/flexcodegen/specs/twilio_flex_v1.json";
    private const string BundledOverlay = "/nuget/flexcodegen/specs/twilio_flex_v1.overlay.json";

    /// <summary>An OpenAPI Overlay 1.0 document of (target, update) actions.</summary>
    internal static string OverlayText(params (string Target, JsonNode Update)[] actions) => new JsonObject
    {
        ["overlay"] = "1.0.0",
        ["info"] = new JsonObject { ["title"] = "test", ["version"] = "1" },
        ["actions"] = new JsonArray(actions.Select(a => (JsonNode)new JsonObject { ["target"] = a.Target, ["update"] = a.Update }).ToArray()),
    }.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });

    private static InputFile Overlay(string path, params (string Target, JsonNode Update)[] actions) => new(path, OverlayText(actions), "Overlay");

    /// <summary>The bundled flex_v1 as the package hands it over, with <paramref name="stacked"/> listed on it in order.</summary>
    private static InputFile[] BundledFlex(params InputFile[] stacked) =>
        new[]
        {
            GeneratorHarness.Spec(GeneratorHarness.FlexSpecPath) with { Path = BundledSpec, Overlays = stacked.Select(o => o.Path).ToArray() },
            new InputFile(BundledOverlay, File.ReadAllText(GeneratorHarness.FlexOverlayPath), "Overlay"),
        }.Concat(stacked).ToArray();

    private const string CreateInteractionBody = "$.paths['/v1/Interactions'].post.requestBody.content['application/x-www-form-urlencoded'].schema";

    /// <summary>Contoso's own rule, stated as the package's overlay states Twilio's: a name for every SMS participant.</summary>
    private static InputFile ContosoOverlay() => Overlay("/app/overlays/contoso.flex.json", (CreateInteractionBody, JsonNode.Parse("""
        {
          "x-rules": [
            {
              "rule": "Contoso: every SMS participant has a name",
              "if": { "Channel.type": { "equals": ["sms"] } },
              "then": { "Channel.participants[*].name": { "present": true } }
            }
          ]
        }
        """)!));

    [Fact]
    public void A_user_overlay_on_the_bundled_flex_spec_keeps_the_package_s_typed_objects_and_its_rule_refuses_a_request_before_sending()
    {
        var output = GeneratorHarness.Run(BundledFlex(ContosoOverlay()));

        Assert.Empty(output.GeneratorDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.Empty(output.CompileProblems());
        // The package's overlay still typed the JSON-valued parameters, and its rules are still there beside the new one.
        Assert.Contains("InteractionChannelSpec Channel => ", output.File("CreateInteractionRequest"));
        Assert.Contains("initiated_by=agent requires Channel.participants", output.File("CreateInteractionRequest"));
        Assert.Contains("Contoso: every SMS participant has a name", output.File("CreateInteractionRequest"));

        const string probe = """
            using Twilio;
            using Twilio.Flex.V1;

            internal static class Probe
            {
                public static string Build(string? name)
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
                        return "built";
                    }
                    catch (FlexCodegen.Runtime.RequestValidationException ex)
                    {
                        return ex.Message;
                    }
                }
            }
            """;
        var compilation = output.Compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(probe, (CSharpParseOptions)output.Compilation.SyntaxTrees.First().Options));
        var build = GeneratorHarness.Load(compilation, "overlay-stack-contoso").GetType("Probe", throwOnError: true)!.GetMethod("Build")!;

        string refused = (string)build.Invoke(null, new object?[] { null })!;
        Assert.Contains("Channel.participants[0].name", refused);
        Assert.Contains("Contoso: every SMS participant has a name", refused);
        Assert.Equal("built", (string)build.Invoke(null, new object?[] { "Ada" })!);
    }

    private static InputFile Summary(string path, string summary) =>
        Overlay(path, ("$.paths['/v1/Interactions'].post", new JsonObject { ["summary"] = summary }));

    [Fact]
    public void Two_user_overlays_apply_in_order_the_second_over_the_first()
    {
        var first = Summary("/app/overlays/first.json", "Summary from the first overlay.");
        var second = Summary("/app/overlays/second.json", "Summary from the second overlay.");

        string collection = GeneratorHarness.Run(BundledFlex(first, second)).File("InteractionCollection");
        Assert.Contains("Summary from the second overlay.", collection);
        Assert.DoesNotContain("Summary from the first overlay.", collection);

        // The order is the items' order, not the files' names.
        collection = GeneratorHarness.Run(BundledFlex(second, first)).File("InteractionCollection");
        Assert.Contains("Summary from the first overlay.", collection);
        Assert.DoesNotContain("Summary from the second overlay.", collection);
    }

    [Fact]
    public void A_user_overlay_applies_after_the_spec_s_own_one()
    {
        // interaction_channel_spec is a schema the package's overlay adds: only an overlay applied after it finds it.
        var describe = Overlay("/app/overlays/describe-channel.json",
            ("$.components.schemas.interaction_channel_spec", new JsonObject { ["description"] = "Contoso's channel, as the user says." }));

        var output = GeneratorHarness.Run(BundledFlex(describe));

        Assert.DoesNotContain(output.GeneratorDiagnostics, d => d.Id == "FLXG007");
        Assert.Contains("Contoso's channel, as the user says.", output.File("InteractionChannelSpec"));
    }

    [Fact]
    public void Each_overlay_s_problems_are_reported_in_that_overlay_and_a_refused_one_leaves_the_others_applied()
    {
        var first = Summary("/app/overlays/first.json", "Summary from the first overlay.");
        // Applied halfway and then refused: its first action changes the summary, its second holds a key twice.
        var broken = new InputFile("/app/overlays/broken.json", """
            {
              "overlay": "1.0.0",
              "actions": [
                { "target": "$.paths['/v1/Interactions'].post", "update": { "summary": "Half of a refused overlay." } },
                { "target": "$.paths['/v1/Interactions'].post", "update": { "description": "one", "description": "two" } }
              ]
            }
            """, "Overlay");
        var stale = Overlay("/app/overlays/stale.json",
            ("$.paths['/v1/Interactions/{InteractionSid}/Gone'].post", new JsonObject { ["summary"] = "x" }),
            ("$.paths['/v1/Interactions/{InteractionSid}/Channels/{Sid}'].get", new JsonObject { ["summary"] = "Fetch, as the last overlay says." }));

        var output = GeneratorHarness.Run(BundledFlex(first, broken, stale));

        var refused = Assert.Single(output.GeneratorDiagnostics, d => d.Id == "FLXG006");
        Assert.Equal("/app/overlays/broken.json", refused.Location.GetLineSpan().Path);
        var missing = Assert.Single(output.GeneratorDiagnostics, d => d.Id == "FLXG007");
        Assert.Equal("/app/overlays/stale.json", missing.Location.GetLineSpan().Path);
        Assert.Contains("/v1/Interactions/{InteractionSid}/Gone", missing.GetMessage());

        // The overlays before and after the refused one apply; nothing of the refused one does.
        Assert.Contains("Summary from the first overlay.", output.File("InteractionCollection"));
        Assert.DoesNotContain("Half of a refused overlay.", string.Concat(output.Files.Values));
        Assert.Contains("Fetch, as the last overlay says.", output.File("InteractionChannelResource"));
        Assert.Contains("InteractionChannelSpec Channel => ", output.File("CreateInteractionRequest"));
        Assert.Empty(output.CompileProblems());
    }

    [Fact]
    public void An_overlay_listed_for_a_spec_but_not_handed_to_the_compiler_is_reported_not_skipped()
    {
        var files = BundledFlex();
        files[0] = files[0] with { Overlays = new[] { "/app/overlays/not-handed-over.json" } };

        var output = GeneratorHarness.Run(files);

        var missing = Assert.Single(output.GeneratorDiagnostics, d => d.Id == "FLXG006");
        Assert.Contains("'not-handed-over.json'", missing.GetMessage());
        Assert.Contains("/app/overlays/not-handed-over.json", missing.GetMessage());
        Assert.Contains("InteractionChannelSpec Channel => ", output.File("CreateInteractionRequest"));
    }

    [Fact]
    public void Flexcodegen_api_stacks_overlays_as_a_build_does()
    {
        string dir = Path.Combine(Path.GetTempPath(), "flexcodegen-stack-" + System.Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        // The spec and the package's overlay beside it, as the bundled flex_v1 sits in the package.
        string spec = Path.Combine(dir, "twilio_flex_v1.json");
        File.Copy(GeneratorHarness.FlexSpecPath, spec);
        File.Copy(GeneratorHarness.FlexOverlayPath, Path.Combine(dir, "twilio_flex_v1.overlay.json"));
        // A value only an overlay after the package's can add: the enum is one the package's overlay declares.
        string later = Path.Combine(dir, "contoso.json");
        File.WriteAllText(later, OverlayText(("$.components.schemas.interaction_enum_initiated_by.enum", new JsonArray("partner"))));

        var output = new StringWriter();
        var error = new StringWriter();
        int exit = FlexCodegen.Cli.CommandLine.Run(new[] { "api", spec, "--stack-overlay", later }, output, error);

        Assert.True(exit == 0, error.ToString());
        Assert.Contains("enum InteractionInitiatedBy value \"partner\"", output.ToString());
        Assert.Contains("enum InteractionInitiatedBy value \"agent\"", output.ToString());
    }
}

using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace FlexCodegen.Packaging.Tests;

/// <summary>
/// <c>FlexCodegenOverlay</c> and <c>FlexCodegenSelect</c> items as the packed package's <c>build/</c> files
/// hand them to the generator: MSBuild evaluating the wiring (a second or two a case), and one consumer built and run
/// from the feed.
/// </summary>
[Collection(nameof(PackageCollection))]
public class ItemWiringTests
{
    private readonly PackageFixture _package;

    public ItemWiringTests(PackageFixture package) => _package = package;

    /// <summary>A project with only the package's MSBuild files (no SDK), <paramref name="items"/> in it, and the overlays it names.</summary>
    private string Project(string items, string bundled = "flex_v1")
    {
        string dir = Path.Combine(_package.Root, "overlays-" + Guid.NewGuid().ToString("N"));
        using (var zip = ZipFile.OpenRead(_package.Package))
        {
            foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("build/", StringComparison.Ordinal) || e.FullName.StartsWith("specs/", StringComparison.Ordinal)))
            {
                string target = Path.Combine(dir, "package", entry.FullName);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                entry.ExtractToFile(target);
            }
        }
        Directory.CreateDirectory(Path.Combine(dir, "overlays"));
        foreach (string name in new[] { "contoso.flex.json", "contoso.taskrouter.json", "later#1.flex.json" })
            File.WriteAllText(Path.Combine(dir, "overlays", name), """{ "overlay": "1.0.0", "actions": [] }""");
        File.WriteAllText(Path.Combine(dir, "consumer.proj"), $"""
            <Project>
              <PropertyGroup><FlexCodegenBundledSpecs>{bundled}</FlexCodegenBundledSpecs></PropertyGroup>
              <Import Project="package/build/FlexCodegen.props" />
              <ItemGroup>
                {items}
              </ItemGroup>
              <Import Project="package/build/FlexCodegen.targets" />
            </Project>
            """);
        return dir;
    }

    /// <summary>The AdditionalFiles items the wiring hands the generator.</summary>
    private static JsonDocument Items(string dir) =>
        JsonDocument.Parse(PackageFixture.Run(dir, "dotnet", "msbuild consumer.proj -nologo -t:FlexCodegenAddSpecs -getItem:AdditionalFiles"));

    /// <summary>A list metadata value as the generator decodes it (joined with ';', percent-encoded), empty items dropped.</summary>
    private static string[] List(JsonElement item, string metadata) =>
        item.TryGetProperty(metadata, out var value) ? Uri.UnescapeDataString(value.GetString()!).Split(';', StringSplitOptions.RemoveEmptyEntries) : Array.Empty<string>();

    /// <summary>
    /// The files the generator is handed (AdditionalFiles), as "kind: file name", a spec followed by the overlays its
    /// FlexCodegenOverlays metadata lists (decoded as the generator decodes it), in order.
    /// </summary>
    private static string[] AdditionalFiles(string dir)
    {
        using var json = Items(dir);
        return json.RootElement.GetProperty("Items").GetProperty("AdditionalFiles").EnumerateArray()
            .Select(item =>
            {
                string path = item.GetProperty("FullPath").GetString()!;
                Assert.True(File.Exists(path), $"{path} is handed to the generator but is not there");
                string kind = item.GetProperty("FlexCodegenKind").GetString()!;
                string line = kind + ": " + Path.GetFileName(path);
                if (kind != "Spec") return line;
                foreach (string overlay in List(item, "FlexCodegenOverlays"))
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
            <FlexCodegenOverlay Include="overlays/later#1.flex.json" Spec="flex_v1" />
            """, bundled: "flex_v1;taskrouter_v1");

        // The bundled overlay is flex_v1's own (beside it), which the generator applies first; the project's come after,
        // in the order the items are listed, whichever way each names its spec; a '#' in a path survives the trip (the
        // .NET 8 SDK's compiler would cut a plain metadata value there).
        Assert.Equal(new[]
        {
            "Spec: twilio_flex_v1.json + contoso.flex.json + later#1.flex.json",
            "Spec: twilio_taskrouter_v1.json + contoso.taskrouter.json",
            "Overlay: twilio_flex_v1.overlay.json",
            "Overlay: contoso.flex.json",
            "Overlay: contoso.taskrouter.json",
            "Overlay: later#1.flex.json",
        }, AdditionalFiles(dir));
    }

    [Theory]
    [InlineData("""<FlexCodegenOverlay Include="overlays/contoso.missing.json" Spec="flex_v1" />""",
        "error FLXG102: FlexCodegenOverlay 'overlays/contoso.missing.json' does not exist: {dir}/overlays/contoso.missing.json")]
    [InlineData("""<FlexCodegenSpec Include="package/specs/twilio_flex_v1.json" Overlay="rules/missing.json" />""",
        "error FLXG102: The Overlay 'rules/missing.json' of FlexCodegenSpec 'package/specs/twilio_flex_v1.json' does not exist: {dir}/package/specs/rules/missing.json")]
    [InlineData("""<FlexCodegenOverlay Include="overlays/contoso.flex.json" Spec="taskrouter_v1" />""",
        "error FLXG103: FlexCodegenOverlay 'overlays/contoso.flex.json': Spec 'taskrouter_v1' names no spec of this project (its specs: twilio_flex_v1.json)")]
    [InlineData("""<FlexCodegenSelect Include="conversations_v1" IncludeOperations="FetchConversation" />""",
        "error FLXG103: FlexCodegenSelect 'conversations_v1' names no spec of this project (its specs: twilio_flex_v1.json)")]
    public void A_named_overlay_that_is_not_there_or_an_item_naming_no_spec_fails_the_build_naming_it(string items, string expected)
    {
        // Before, an overlay named but not found was skipped without a word, and the client generated without it.
        string dir = Project(items);
        string output = PackageFixture.Run(dir, "dotnet", "msbuild consumer.proj -nologo -t:FlexCodegenAddSpecs", mustSucceed: false);

        Assert.Contains(expected.Replace("{dir}", dir), output);
    }

    [Fact]
    public void A_FlexCodegenSelect_for_a_bundled_spec_reaches_the_generator_as_that_spec_s_selection_with_the_spec_s_own()
    {
        string dir = Project("""
            <FlexCodegenSelect Include="TaskRouter_V1" IncludeOperations="FetchTask;UpdateTask" ExcludePaths="/v1/Workspaces/*/Tasks/*/Reservations/**" />
            <FlexCodegenSelect Include="twilio_taskrouter_v1.json" IncludePaths="/v1/Workspaces/{WorkspaceSid}/Tasks/{TaskSid}/Reservations/{Sid}#x" />
            <FlexCodegenSpec Include="package/specs/twilio_taskrouter_v1.json" IncludeOperations="ListTask" ExcludeOperations="Delete*" />
            <FlexCodegenSpec Include="package/specs/twilio_flex_v1.json" />
            """);

        using var json = Items(dir);
        var specs = json.RootElement.GetProperty("Items").GetProperty("AdditionalFiles").EnumerateArray()
            .Where(i => i.GetProperty("FlexCodegenKind").GetString() == "Spec")
            .ToDictionary(i => Path.GetFileName(i.GetProperty("FullPath").GetString()!));

        // Whichever way an item names the spec, its lists join the spec's own; ';' and '#' reach the generator intact
        // (the .NET 8 SDK's compiler would cut a plain value there).
        var taskrouter = specs["twilio_taskrouter_v1.json"];
        Assert.Equal(new[] { "ListTask", "FetchTask", "UpdateTask" }, List(taskrouter, "FlexCodegenIncludeOperations"));
        Assert.Equal(new[] { "/v1/Workspaces/{WorkspaceSid}/Tasks/{TaskSid}/Reservations/{Sid}#x" }, List(taskrouter, "FlexCodegenIncludePaths"));
        Assert.Equal(new[] { "/v1/Workspaces/*/Tasks/*/Reservations/**" }, List(taskrouter, "FlexCodegenExcludePaths"));
        Assert.Equal(new[] { "Delete*" }, List(taskrouter, "FlexCodegenExcludeOperations"));
        // A spec nothing selects is generated whole.
        foreach (string list in new[] { "FlexCodegenIncludePaths", "FlexCodegenExcludePaths", "FlexCodegenIncludeOperations", "FlexCodegenExcludeOperations" })
            Assert.Empty(List(specs["twilio_flex_v1.json"], list));
    }

    [Fact]
    public void A_bundled_spec_s_lock_is_found_in_the_project_folder_or_FlexCodegenApiLockDirectory_and_the_write_target_names_it_to_the_generator()
    {
        string dir = Project("", bundled: "flex_v1;taskrouter_v1");
        File.WriteAllText(Path.Combine(dir, "twilio_flex_v1.api.txt"), "# lock\n");
        Directory.CreateDirectory(Path.Combine(dir, "locks"));
        File.WriteAllText(Path.Combine(dir, "locks", "twilio_taskrouter_v1.api.txt"), "# lock\n");

        string[] Locks(string properties)
        {
            using var json = JsonDocument.Parse(PackageFixture.Run(dir, "dotnet", "msbuild consumer.proj -nologo -t:FlexCodegenAddSpecs -getItem:AdditionalFiles " + properties));
            var items = json.RootElement.GetProperty("Items").GetProperty("AdditionalFiles").EnumerateArray().ToList();
            foreach (var spec in items.Where(i => i.GetProperty("FlexCodegenKind").GetString() == "Spec"))
            {
                // What the generator's messages name: the bundled name and the project, for a command that works as written.
                string name = Path.GetFileNameWithoutExtension(spec.GetProperty("FullPath").GetString()!)["twilio_".Length..];
                Assert.Equal(name, spec.GetProperty("FlexCodegenBundledName").GetString());
                Assert.Equal(Path.Combine(dir, "consumer.proj"), spec.GetProperty("FlexCodegenProject").GetString());
                string writeTo = spec.TryGetProperty("FlexCodegenWriteApiLock", out var w) ? w.GetString()! : "";
                Assert.Equal(properties.Contains("_FlexCodegenWriteApiLocks", StringComparison.Ordinal) ? spec.GetProperty("_FlexCodegenApiLockPath").GetString() : "", writeTo);
            }
            return items.Where(i => i.GetProperty("FlexCodegenKind").GetString() == "ApiLock")
                .Select(i => Path.GetRelativePath(dir, i.GetProperty("FullPath").GetString()!)).ToArray();
        }

        // By convention twilio_<name>.api.txt in the project's folder, each spec's own; one that is not there is no check.
        Assert.Equal(new[] { "twilio_flex_v1.api.txt" }, Locks(""));
        Assert.Equal(new[] { Path.Combine("locks", "twilio_taskrouter_v1.api.txt") }, Locks("-p:FlexCodegenApiLockDirectory=locks"));
        // The second compile of FlexCodegenWriteApiLocks tells the generator where each lock goes, there or not.
        Assert.Equal(new[] { "twilio_flex_v1.api.txt" }, Locks("-p:_FlexCodegenWriteApiLocks=true"));
    }

    [Fact]
    public void A_consumer_s_overlay_on_bundled_flex_v1_adds_a_rule_its_built_app_enforces_beside_the_package_s_typed_objects_and_its_selection_leaves_the_rest_out_and_its_locks_are_written_and_checked()
    {
        // One consumer for all of it (each build of a consumer takes a minute): the overlay and the selection, then the
        // API locks of its two bundled specs, written by the documented command and checked by the next build.
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
            var generated = typeof(FlexClient).Assembly.GetTypes().Where(t => t.Namespace == "Twilio.Flex.V1").Select(t => t.Name).ToHashSet();
            Console.WriteLine("left out: " + !generated.Contains("UpdateInteractionChannelRequest") + " " + !generated.Contains("PluginVersion"));
            """;
        string dir = _package.NewConsumer("OverlayConsumer", program, """
            <FlexCodegenOverlay Include="overlays/contoso.flex.json" Spec="flex_v1" />
                <FlexCodegenSelect Include="flex_v1" IncludeOperations="CreateInteraction" />
                <FlexCodegenSelect Include="taskrouter_v1" IncludeOperations="FetchTask" />
            """);
        string project = Path.Combine(dir, "OverlayConsumer.csproj");
        File.WriteAllText(project, File.ReadAllText(project).Replace("</Project>",
            "  <PropertyGroup><FlexCodegenBundledSpecs>flex_v1;taskrouter_v1</FlexCodegenBundledSpecs></PropertyGroup>\n</Project>"));
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
        Assert.Contains("built", output);
        Assert.Contains("left out: True True", output);

        // The locks: the documented command writes one per bundled spec into the project's folder, as the build generates it.
        string written = PackageFixture.Run(dir, "dotnet", "build -t:FlexCodegenWriteApiLocks");
        string flexLock = Path.Combine(dir, "twilio_flex_v1.api.txt"), taskLock = Path.Combine(dir, "twilio_taskrouter_v1.api.txt");
        Assert.Contains("FlexCodegen: wrote the API lock " + flexLock, written);
        Assert.Contains("FlexCodegen: wrote the API lock " + taskLock, written);
        string flex = File.ReadAllText(flexLock);
        Assert.StartsWith("# FlexCodegen API lock for twilio_flex_v1.json", flex);
        Assert.Contains("request CreateInteractionRequest.Channel : InteractionChannelSpec required form\n", flex);
        Assert.Contains("model InteractionChannelSpec : sent\n", flex);
        Assert.DoesNotContain("PluginVersion", flex); // the selection's surface, not the whole spec's
        Assert.Contains("operation TaskrouterTaskResource.FetchAsync : GET /v1/Workspaces/{WorkspaceSid}/Tasks/{Sid} -> 200\n", File.ReadAllText(taskLock));

        // The installed flexcodegen, from any folder, writes the same lock from the specs it ships.
        string toolPath = Path.Combine(_package.Root, "cli-tool");
        PackageFixture.Run(_package.Root, "dotnet", $"tool install FlexCodegen.Cli --tool-path \"{toolPath}\" --add-source \"{_package.Feed}\" --version {_package.Version}");
        string cli = Path.Combine(toolPath, OperatingSystem.IsWindows() ? "flexcodegen.exe" : "flexcodegen");
        Assert.Equal(flex, PackageFixture.Run(_package.Root, cli,
            $"api --bundled flex_v1 --stack-overlay \"{Path.Combine(dir, "overlays", "contoso.flex.json")}\" --include-operation CreateInteraction", stdoutOnly: true));

        // The lock lists a channel type Twilio has since dropped: the next build names the member of the object a request
        // sends, and what it can no longer send.
        File.WriteAllText(flexLock, flex.Replace("enum InteractionChannelType value \"whatsapp\"\n",
            "enum InteractionChannelType value \"whatsapp\"\nenum InteractionChannelType value \"fax\"\n"));
        string checkedBuild = PackageFixture.Run(dir, "dotnet", "build", mustSucceed: false);
        Assert.Contains($"{flexLock}(", checkedBuild);
        Assert.Contains("FLXG202: Breaking API change in the client of flex_v1 (bundled): InteractionChannelSpec.Type: 'fax' can no longer be sent", checkedBuild);
        Assert.Contains($"refresh the lock: flexcodegen api --bundled flex_v1 --stack-overlay {Path.Combine(dir, "overlays", "contoso.flex.json")} --include-operation CreateInteraction > {flexLock}", checkedBuild);
        // Each spec's lock stands alone: the TaskRouter one still holds.
        Assert.DoesNotContain("twilio_taskrouter_v1.api.txt(", checkedBuild);
    }
}

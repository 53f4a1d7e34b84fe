using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Threading.Tasks;
using FlexCodegen.Emulator;
using Xunit;

namespace FlexCodegen.Packaging.Tests;

[Collection(nameof(PackageCollection))]
public class PackageTests
{
    private readonly PackageFixture _package;

    public PackageTests(PackageFixture package) => _package = package;

    private const string CallEmulator = """
        using FlexCodegen.Runtime;
        using Twilio;
        using Twilio.Flex.V1;

        using var client = new FlexClient(new TwilioClientOptions { AccountSid = args[1], AuthToken = args[2], BaseAddress = new Uri(args[0]) });
        var interaction = await client.Interactions.CreateAsync(CreateInteractionRequest.CreateBuilder()
            .WithChannel(new InteractionChannelSpec
            {
                Type = InteractionChannelType.Sms,
                InitiatedBy = InteractionInitiatedBy.Api,
                Participants = new[] { new InteractionParticipantSpec { Address = "+13115552368", ProxyAddress = "+14155559999" } },
            })
            .WithRouting(new InteractionRouting { Properties = new InteractionRoutingProperties { WorkspaceSid = WorkspaceSid.Parse("WS" + new string('a', 32)) } })
            .Build());
        var channel = await client.Interactions[interaction.Sid!.Value].Channels[interaction.Channel!.Sid!.Value].FetchAsync();
        Console.WriteLine($"created {interaction.Sid} channel {channel.Sid} {channel.Status}");
        """;

    [Fact]
    public async Task A_fresh_consumer_gets_the_bundled_flex_client_with_zero_configuration()
    {
        string dir = _package.NewConsumer("BundledConsumer", CallEmulator);
        // The emulator's clock stands still, so the channel is in setup whenever the consumer (built by dotnet run) asks.
        await using var emu = await FlexEmulator.StartAsync(new FlexEmulatorOptions { Clock = new EmulatorClock(DateTimeOffset.UtcNow) });

        string output = PackageFixture.Run(dir, "dotnet", $"run -- {emu.BaseAddress} {emu.AccountSid} {emu.AuthToken}");

        Assert.Matches(@"created KD[0-9a-f]{32} channel UO[0-9a-f]{32} setup", output);
        Assert.DoesNotContain("warning", output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Three_bundled_specs_chosen_by_name_give_three_clients_and_an_id_from_flex_indexes_taskrouter()
    {
        // Issue 23: the task an interaction created, fetched through the TaskRouter client with the ids Flex answered.
        string program = CallEmulator + """
            using var taskrouter = new Twilio.Taskrouter.V1.TaskrouterClient(new TwilioClientOptions { AccountSid = args[1], AuthToken = args[2], BaseAddress = new Uri(args[0]) });
            var routing = interaction.Routing!.Properties!;
            var task = await taskrouter.Workspaces[routing.WorkspaceSid!.Value].Tasks[routing.Sid!.Value].FetchAsync();
            Console.WriteLine($"task {task.Sid} {task.AssignmentStatus}");
            Console.WriteLine("conversations client: " + typeof(Twilio.Conversations.V1.ConversationsClient).FullName);
            """;
        string dir = _package.NewConsumer("ThreeSpecsConsumer", program);
        string project = Path.Combine(dir, "ThreeSpecsConsumer.csproj");
        File.WriteAllText(project, File.ReadAllText(project).Replace("</Project>",
            "  <PropertyGroup><FlexCodegenBundledSpecs>flex_v1;taskrouter_v1;conversations_v1</FlexCodegenBundledSpecs></PropertyGroup>\n</Project>"));
        await using var emu = await FlexEmulator.StartAsync(new FlexEmulatorOptions { Clock = new EmulatorClock(DateTimeOffset.UtcNow) });

        string output = PackageFixture.Run(dir, "dotnet", $"run -- {emu.BaseAddress} {emu.AccountSid} {emu.AuthToken}");

        Assert.Matches(@"task WT[0-9a-f]{32} pending", output);
        Assert.Contains("conversations client: Twilio.Conversations.V1.ConversationsClient", output);
        Assert.DoesNotContain("warning", output, StringComparison.OrdinalIgnoreCase);

        // A name the package does not bundle is FLXG101, naming the choices.
        File.WriteAllText(project, File.ReadAllText(project).Replace("conversations_v1</FlexCodegenBundledSpecs>", "conversations_v2</FlexCodegenBundledSpecs>"));
        string refused = PackageFixture.Run(dir, "dotnet", "build", mustSucceed: false);
        Assert.Contains("FLXG101", refused);
        Assert.Contains("'conversations_v2' is not a spec this package bundles", refused);
    }

    [Fact]
    public void A_consumer_listing_its_own_spec_gets_that_spec_instead_and_regenerates_when_it_changes()
    {
        string spec = File.ReadAllText(Path.Combine(_package.RepoRoot, "tests", "FlexCodegen.Generator.Tests", "TestSpecs", "interactions_trimmed.json"));
        const string program = """
            using Contoso.Flex;
            Console.WriteLine("statuses: " + string.Join(",", InteractionChannelStatus.KnownValues));
            Console.WriteLine("bundled types present: " + (Type.GetType("Twilio.Flex.V1.FlexClient") is not null));
            Console.WriteLine("client: " + typeof(ContosoFlexClient).Name);
            """;
        string dir = _package.NewConsumer("OwnSpecConsumer", program,
            """<FlexCodegenSpec Include="specs/flex.json" Namespace="Contoso.Flex" ClientName="ContosoFlexClient" />""");
        Directory.CreateDirectory(Path.Combine(dir, "specs"));
        File.WriteAllText(Path.Combine(dir, "specs", "flex.json"), spec);

        string first = PackageFixture.Run(dir, "dotnet", "run");
        Assert.Contains("statuses: setup,active,failed,closed,inactive,pause,transfer", first);
        Assert.Contains("bundled types present: False", first);
        Assert.Contains("client: ContosoFlexClient", first);

        // Twilio adds a status: edit the spec, build again (no clean), and the API has it.
        File.WriteAllText(Path.Combine(dir, "specs", "flex.json"), spec.Replace("\"transfer\"\n", "\"transfer\",\n\"on-hold\"\n").Replace("\"pause\",\n          \"transfer\"", "\"pause\",\n          \"transfer\",\n          \"on-hold\""));
        string second = PackageFixture.Run(dir, "dotnet", "run");
        Assert.Contains("statuses: setup,active,failed,closed,inactive,pause,transfer,on-hold", second);
    }

    [Fact]
    public void Removing_an_operation_from_the_spec_removes_it_from_the_compiled_api()
    {
        string spec = File.ReadAllText(Path.Combine(_package.RepoRoot, "tests", "FlexCodegen.Generator.Tests", "TestSpecs", "interactions_trimmed.json"));
        const string program = """
            var update = typeof(Contoso.Flex.InteractionChannelResource).GetMethod("UpdateAsync");
            Console.WriteLine("update present: " + (update is not null));
            """;
        string dir = _package.NewConsumer("RemovalConsumer", program,
            """<FlexCodegenSpec Include="flex.json" Namespace="Contoso.Flex" />""");
        File.WriteAllText(Path.Combine(dir, "flex.json"), spec);
        Assert.Contains("update present: True", PackageFixture.Run(dir, "dotnet", "run"));

        var doc = System.Text.Json.Nodes.JsonNode.Parse(spec)!;
        doc["paths"]!["/v1/Interactions/{InteractionSid}/Channels/{Sid}"]!.AsObject().Remove("post");
        File.WriteAllText(Path.Combine(dir, "flex.json"), doc.ToJsonString());
        Assert.Contains("update present: False", PackageFixture.Run(dir, "dotnet", "run"));
    }

    [Fact]
    public void The_package_has_one_analyzer_slot_the_wiring_the_spec_and_the_runtime_dependency()
    {
        using var zip = ZipFile.OpenRead(_package.Package);
        var names = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("analyzers/dotnet/cs/FlexCodegen.Generator.dll", names);
        // The generator reads specs with System.Text.Json, which every compiler host has: it is the analyzer slot's only DLL.
        Assert.Equal(new[] { "analyzers/dotnet/cs/FlexCodegen.Generator.dll" }, names.Where(n => n.EndsWith(".dll", StringComparison.Ordinal) && n.StartsWith("analyzers/", StringComparison.Ordinal)));
        Assert.DoesNotContain(names, n => n.StartsWith("analyzers/", StringComparison.Ordinal) && !n.StartsWith("analyzers/dotnet/cs/", StringComparison.Ordinal));
        // The spec wiring is in build/, which NuGet imports only where FlexCodegen is referenced directly; a buildTransitive/
        // folder would make NuGet ignore build/ and import it in every project that references a generating library.
        Assert.Contains("build/FlexCodegen.props", names);
        Assert.Contains("build/FlexCodegen.targets", names);
        Assert.Contains("build/FlexCodegen.Shared.props", names);
        Assert.Contains("build/FlexCodegen.Shared.targets", names);
        Assert.DoesNotContain(names, n => n.StartsWith("buildTransitive/", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("specs/twilio_flex_v1.json", names);
        Assert.Contains("specs/twilio_flex_v1.overlay.json", names);
        Assert.Contains("specs/twilio_taskrouter_events_v1.json", names);
        Assert.Contains("specs/twilio_conversations_events_v1.json", names);
        using var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        // The runtime is a dependency that excludes nothing (not the default exclude="Build,Analyzers"): its analyzers
        // (the id analyzer) are the generating project's too.
        Assert.Contains($"<dependency id=\"FlexCodegen.Runtime\" version=\"{_package.Version}\" include=\"All\" />", nuspec.ReadToEnd());
    }

    [Fact]
    public void The_id_analyzer_ships_in_the_runtime_package_and_not_beside_the_generator()
    {
        // Where the runtime goes, the analyzer goes: also to a library's consumers, and beside a FlexCodegen kept private.
        using var runtime = ZipFile.OpenRead(_package.PackagePath("FlexCodegen.Runtime"));
        Assert.Equal(new[] { "analyzers/dotnet/cs/FlexCodegen.Runtime.Analyzers.dll" },
            runtime.Entries.Select(e => e.FullName).Where(n => n.StartsWith("analyzers/", StringComparison.Ordinal)));
        Assert.DoesNotContain(runtime.Entries, e => e.FullName.StartsWith("build", StringComparison.OrdinalIgnoreCase));
        var analyzer = LoadTypes(runtime, "analyzers/dotnet/cs/FlexCodegen.Runtime.Analyzers.dll");
        Assert.Contains("FlexCodegen.Runtime.Analyzers.SidLiteralAnalyzer", analyzer);
        Assert.Contains("FlexCodegen.Runtime.Analyzers.SidLiteralCodeFix", analyzer);

        // Not in the generator as well: with both packages in a project, FLXG301 would be reported twice.
        using var generator = ZipFile.OpenRead(_package.Package);
        Assert.DoesNotContain(LoadTypes(generator, "analyzers/dotnet/cs/FlexCodegen.Generator.dll"), t => t.EndsWith("SidLiteralAnalyzer", StringComparison.Ordinal));
    }

    /// <summary>The full names of the types an assembly in a package defines, read from its metadata (nothing is loaded).</summary>
    private static List<string> LoadTypes(ZipArchive zip, string entry)
    {
        using var stream = new MemoryStream();
        using (var s = zip.GetEntry(entry)!.Open()) s.CopyTo(stream);
        stream.Position = 0;
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        return metadata.TypeDefinitions.Select(h => metadata.GetTypeDefinition(h))
            .Select(t => metadata.GetString(t.Namespace) + "." + metadata.GetString(t.Name)).ToList();
    }

    /// <summary>Assemblies every compiler host (csc on .NET, Visual Studio) provides to analyzers.</summary>
    private static bool SuppliedByCompilerHost(string name) =>
        name is "netstandard" or "mscorlib" or "System" || name.StartsWith("System.", StringComparison.Ordinal) || name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal);

    [Theory]
    [InlineData("FlexCodegen")]
    [InlineData("FlexCodegen.Runtime")]
    public void Every_reference_of_the_packed_analyzers_is_packed_or_supplied_by_the_compiler_host(string id)
    {
        using var zip = ZipFile.OpenRead(_package.PackagePath(id));
        var packed = zip.Entries.Where(e => e.FullName.StartsWith("analyzers/dotnet/cs/", StringComparison.Ordinal) && e.FullName.EndsWith(".dll", StringComparison.Ordinal)).ToList();
        var packedNames = packed.Select(e => Path.GetFileNameWithoutExtension(e.Name)).ToHashSet(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var entry in packed)
        {
            using var stream = new MemoryStream();
            using (var s = entry.Open()) s.CopyTo(stream);
            stream.Position = 0;
            using var pe = new PEReader(stream);
            var metadata = pe.GetMetadataReader();
            foreach (var handle in metadata.AssemblyReferences)
            {
                string name = metadata.GetString(metadata.GetAssemblyReference(handle).Name);
                if (!packedNames.Contains(name) && !SuppliedByCompilerHost(name)) missing.Add($"{entry.Name} -> {name}");
            }
        }
        Assert.NotEmpty(packed);
        Assert.True(missing.Count == 0, "references neither packed nor supplied by the compiler host:\n" + string.Join("\n", missing));
    }
}

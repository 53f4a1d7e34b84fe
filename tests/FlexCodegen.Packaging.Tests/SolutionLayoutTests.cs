using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using Xunit;

namespace FlexCodegen.Packaging.Tests;

/// <summary>
/// Issue 31: FlexCodegen in a real solution, from the packed feed. A library (Contoso.Twilio) generates the three bundled
/// clients; an ASP.NET Core API and a worker reference the library. Generation happens only in the library; the
/// consumers get its clients, the runtime and the id analyzer; a consumer that references FlexCodegen as well gets one
/// FLXG016 and builds. One solution, built four times (a restore and build costs up to a minute here).
/// </summary>
[Collection(nameof(PackageCollection))]
public class SolutionLayoutTests
{
    private readonly PackageFixture _package;

    public SolutionLayoutTests(PackageFixture package) => _package = package;

    /// <summary>What the worker and the API use besides the shared framework; the versions the repository's other tests restore.</summary>
    private const string ExtensionsVersion = "10.0.15";

    private const string ApiProgram = """
        using Twilio;
        using Twilio.Flex.V1;

        var builder = WebApplication.CreateBuilder(args);
        // The library's registration: its three clients over one options section.
        builder.Services.AddTwilioClients(builder.Configuration.GetSection("Twilio"));
        var app = builder.Build();
        app.MapGet("/interactions/{sid}", async (InteractionSid sid, FlexClient flex, CancellationToken cancellationToken) =>
            (await flex.Interactions[sid].FetchAsync(cancellationToken)).Sid?.ToString());
        app.Run();
        """;

    private const string WorkerProgram = """
        using Contoso.Worker;

        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddTwilioClients(builder.Configuration.GetSection("Twilio"));
        builder.Services.AddHostedService<TaskSweeper>();
        builder.Build().Run();
        """;

    private const string TaskSweeper = """
        using Twilio;
        using Twilio.Conversations.V1;
        using Twilio.Taskrouter.V1;

        namespace Contoso.Worker;

        public sealed class TaskSweeper(TaskrouterClient taskrouter, ConversationsClient conversations, ILogger<TaskSweeper> logger) : BackgroundService
        {
            private static readonly WorkspaceSid Workspace = WorkspaceSid.Parse("WS00000000000000000000000000000000");

            protected override Task ExecuteAsync(CancellationToken stoppingToken)
            {
                logger.LogInformation("Sweeping {Workspace} with {TaskRouter} and {Conversations}", Workspace, taskrouter.GetType().Name, conversations.GetType().Name);
                return Task.CompletedTask;
            }
        }
        """;

    private string WriteSolution()
    {
        string root = Path.Combine(_package.Root, "solution-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="flexcodegen-local" value="{_package.Feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(root, "Contoso.slnx"), """
            <Solution>
              <Project Path="Contoso.Twilio/Contoso.Twilio.csproj" />
              <Project Path="Contoso.Api/Contoso.Api.csproj" />
              <Project Path="Contoso.Worker/Contoso.Worker.csproj" />
            </Solution>
            """);
        // The library: the one project that generates, with a plain PackageReference (no PrivateAssets).
        Write(root, "Contoso.Twilio/Contoso.Twilio.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <FlexCodegenBundledSpecs>flex_v1;taskrouter_v1;conversations_v1</FlexCodegenBundledSpecs>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="FlexCodegen" Version="{_package.Version}" />
                <PackageReference Include="Microsoft.Extensions.Http" Version="{ExtensionsVersion}" />
              </ItemGroup>
            </Project>
            """);
        // Not TreatWarningsAsErrors: FLXG016, in the last build, is a warning the API must build with.
        Write(root, "Contoso.Api/Contoso.Api.csproj", """
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="../Contoso.Twilio/Contoso.Twilio.csproj" />
              </ItemGroup>
            </Project>
            """);
        Write(root, "Contoso.Api/Program.cs", ApiProgram);
        Write(root, "Contoso.Worker/Contoso.Worker.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk.Worker">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.Extensions.Hosting" Version="{ExtensionsVersion}" />
                <ProjectReference Include="../Contoso.Twilio/Contoso.Twilio.csproj" />
              </ItemGroup>
            </Project>
            """);
        Write(root, "Contoso.Worker/Program.cs", WorkerProgram);
        Write(root, "Contoso.Worker/TaskSweeper.cs", TaskSweeper);
        return root;
    }

    private static void Write(string root, string relative, string text)
    {
        string path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private static void Edit(string root, string relative, string from, string to)
    {
        string path = Path.Combine(root, relative);
        string text = File.ReadAllText(path);
        Assert.Contains(from, text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
    }

    /// <summary>
    /// Restores, then builds the solution (two steps, each within the runner's time limit); the warnings and errors of
    /// both, once each (MSBuild repeats them in its summary), as "code project: message (file)", without the help link.
    /// </summary>
    private static (bool Succeeded, List<string> Diagnostics, string Output) Build(string root)
    {
        string output = PackageFixture.Run(root, "dotnet", "restore Contoso.slnx -nologo -tl:off -nodeReuse:false")
            + PackageFixture.Run(root, "dotnet", "build Contoso.slnx --no-restore -nologo -tl:off -nodeReuse:false -p:UseSharedCompilation=false", mustSucceed: false);
        var diagnostics = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Match m in Regex.Matches(output, @"^(?<origin>.*?): (?<kind>warning|error) (?<code>[A-Z]+[0-9]+): (?<text>.*?)(?: \(https?://[^ )]*\))? \[(?<project>[^\]]+)\]\s*$", RegexOptions.Multiline))
        {
            string project = m.Groups["project"].Value.Split("::")[0];
            diagnostics.Add($"{m.Groups["code"].Value} {Path.GetFileNameWithoutExtension(project)}: {m.Groups["text"].Value} ({Path.GetFileName(m.Groups["origin"].Value.Trim())})");
        }
        bool succeeded = output.Contains("Build succeeded", StringComparison.Ordinal);
        return (succeeded, diagnostics.ToList(), output);
    }

    /// <summary>The full names of the types an assembly the build wrote declares, by their metadata (nothing is loaded).</summary>
    private static List<(string Name, bool Public)> Types(string root, string project)
    {
        string path = Path.Combine(root, project, "bin", "Debug", "net10.0", project + ".dll");
        using var pe = new PEReader(File.OpenRead(path));
        var reader = pe.GetMetadataReader();
        return reader.TypeDefinitions.Select(reader.GetTypeDefinition).Where(t => t.GetDeclaringType().IsNil)
            .Select(t => (reader.GetString(t.Namespace) + "." + reader.GetString(t.Name), (t.Attributes & TypeAttributes.VisibilityMask) == TypeAttributes.Public))
            .ToList();
    }

    [Fact]
    public void A_library_generates_its_clients_once_and_an_api_and_a_worker_referencing_it_get_them_with_the_runtime_and_the_id_analyzer()
    {
        string root = WriteSolution();

        // 1. The layout the README describes: everything builds, with no warning at all.
        var plain = Build(root);
        Assert.True(plain.Succeeded && plain.Diagnostics.Count == 0, string.Join("\n", plain.Diagnostics) + "\n" + plain.Output);
        Assert.Contains(Types(root, "Contoso.Twilio"), t => t == ("Twilio.Flex.V1.FlexClient", true));
        Assert.Contains(Types(root, "Contoso.Twilio"), t => t == ("Twilio.Taskrouter.V1.TaskrouterClient", true));
        Assert.Contains(Types(root, "Contoso.Twilio"), t => t == ("Twilio.Conversations.V1.ConversationsClient", true));
        foreach (var consumer in new[] { "Contoso.Api", "Contoso.Worker" })
        {
            // Nothing generated a second time (the analyzer reached them, the spec wiring did not), and the runtime is there to run with.
            var generated = Types(root, consumer).Where(t => t.Name.StartsWith("Twilio.", StringComparison.Ordinal) || t.Name.Contains("TwilioClients", StringComparison.Ordinal)).ToList();
            Assert.True(generated.Count == 0, $"{consumer} generated {string.Join(", ", generated.Take(5))}");
            Assert.True(File.Exists(Path.Combine(root, consumer, "bin", "Debug", "net10.0", "FlexCodegen.Runtime.dll")), $"{consumer} has no FlexCodegen.Runtime.dll to run with");
        }

        // 2. The id analyzer works in both consumers: an id that is not one, and an id of another kind.
        Write(root, "Contoso.Api/Ids.cs", """
            namespace Contoso.Api;
            internal static class Ids { internal static readonly Twilio.InteractionSid Interaction = Twilio.InteractionSid.Parse("KD123"); }
            """);
        Write(root, "Contoso.Worker/Ids.cs", """
            namespace Contoso.Worker;
            internal static class Ids { internal static readonly Twilio.InteractionSid Channel = Twilio.InteractionSid.Parse("UO00000000000000000000000000000000"); }
            """);
        string idErrors = string.Join("\n", new[]
        {
            "FLXG301 Contoso.Api: \"KD123\" is not a valid InteractionSid: expected 'KD' + 32 hex digits, 34 characters. Parse would throw FormatException at run time. (Ids.cs(2,118))",
            "FLXG302 Contoso.Worker: \"UO00000000000000000000000000000000\" is not an InteractionSid: this is an InteractionChannelSid. Parse it as InteractionChannelSid, or use the id you meant. (Ids.cs(2,114))",
        });
        var refused = Build(root);
        Assert.False(refused.Succeeded);
        Assert.Equal(idErrors, string.Join("\n", refused.Diagnostics));

        //    The same when the library keeps FlexCodegen private and references the runtime itself (the issue's workaround):
        //    neither the generator nor its wiring reaches the consumers then, and the id analyzer still does, with the runtime.
        string library = File.ReadAllText(Path.Combine(root, "Contoso.Twilio", "Contoso.Twilio.csproj"));
        Edit(root, "Contoso.Twilio/Contoso.Twilio.csproj", $"""<PackageReference Include="FlexCodegen" Version="{_package.Version}" />""",
            $"""<PackageReference Include="FlexCodegen" Version="{_package.Version}" PrivateAssets="all" />"""
            + $"""<PackageReference Include="FlexCodegen.Runtime" Version="{_package.Version}" />""");
        var privateGenerator = Build(root);
        Assert.False(privateGenerator.Succeeded);
        Assert.Equal(idErrors, string.Join("\n", privateGenerator.Diagnostics));
        File.WriteAllText(Path.Combine(root, "Contoso.Twilio", "Contoso.Twilio.csproj"), library);
        File.Delete(Path.Combine(root, "Contoso.Api", "Ids.cs"));
        File.Delete(Path.Combine(root, "Contoso.Worker", "Ids.cs"));

        // 3. The API references FlexCodegen too (flex_v1 by default): one FLXG016, no second Flex client, and it builds.
        //    The worker references it for a client the library lacks: generated beside the library's, with no clash.
        string flexCodegen = $"""<PackageReference Include="FlexCodegen" Version="{_package.Version}" />""";
        Edit(root, "Contoso.Api/Contoso.Api.csproj", "<ProjectReference", flexCodegen + "\n    <ProjectReference");
        Edit(root, "Contoso.Worker/Contoso.Worker.csproj", "<ProjectReference", flexCodegen
            + """<FlexCodegenSpec Include="specs/interactions.json" Namespace="Contoso.Worker.Flex" ClientName="WorkerFlexClient" />"""
            + "\n    <ProjectReference");
        Write(root, "Contoso.Worker/specs/interactions.json",
            File.ReadAllText(Path.Combine(_package.RepoRoot, "tests", "FlexCodegen.Generator.Tests", "TestSpecs", "interactions_trimmed.json")));
        Edit(root, "Contoso.Worker/Program.cs", "builder.Services.AddHostedService", """
            Contoso.Worker.Flex.WorkerFlexClientServiceCollectionExtensions.AddWorkerFlexClient(builder.Services, builder.Configuration.GetSection("Twilio"));
            builder.Services.AddHostedService
            """);
        var mixed = Build(root);
        Assert.True(mixed.Succeeded, mixed.Output);
        Assert.Equal(string.Join("\n", new[]
        {
            "FLXG016 Contoso.Api: Contoso.Twilio already contains Twilio.Flex.V1.FlexClient, the client this project would generate from twilio_flex_v1.json, " +
            "so it is not generated again here. Remove FlexCodegen from this project (Contoso.Twilio's client, its ids and FlexCodegen.Runtime come with the " +
            "reference), or set FlexCodegenBundledSpecs or FlexCodegenSpec to generate only what Contoso.Twilio lacks. (CSC)",
        }), string.Join("\n", mixed.Diagnostics));
        Assert.DoesNotContain(Types(root, "Contoso.Api"), t => t.Name.StartsWith("Twilio.", StringComparison.Ordinal));
        var worker = Types(root, "Contoso.Worker");
        Assert.Contains(("Contoso.Worker.Flex.WorkerFlexClient", true), worker);
        // AddTwilioClients stays the library's: the worker's own registration is internal, so no call is ambiguous.
        Assert.DoesNotContain(worker, t => t.Name.StartsWith("Twilio.", StringComparison.Ordinal) || (t.Name.Contains("TwilioClients", StringComparison.Ordinal) && t.Public));
    }

    /// <summary>A project with only the package's build/ files (no SDK) and the given reference, as BundledSpecNameTests does.</summary>
    private string PrivateAssetsProject(string outputType, string items)
    {
        string dir = Path.Combine(_package.Root, "private-" + Guid.NewGuid().ToString("N"));
        using (var zip = ZipFile.OpenRead(_package.Package))
        {
            foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("build/", StringComparison.Ordinal)))
            {
                string target = Path.Combine(dir, "package", entry.FullName);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                entry.ExtractToFile(target);
            }
        }
        File.WriteAllText(Path.Combine(dir, "Contoso.Twilio.proj"), $"""
            <Project>
              <PropertyGroup><OutputType>{outputType}</OutputType></PropertyGroup>
              <ItemGroup>{items}</ItemGroup>
              <Import Project="package/build/FlexCodegen.props" />
              <Import Project="package/build/FlexCodegen.targets" />
            </Project>
            """);
        return dir;
    }

    [Theory]
    [InlineData("Library", """<PackageReference Include="FlexCodegen" Version="1.2.3" PrivateAssets="all" />""", "all")]
    [InlineData("Library", """<PackageReference Include="flexcodegen" Version="1.2.3"><PrivateAssets>All</PrivateAssets></PackageReference>""", "All")]
    [InlineData("Library", """<PackageReference Include="FlexCodegen" Version="1.2.3" PrivateAssets="compile;contentfiles" />""", "compile;contentfiles")]
    [InlineData("Library", """<PackageReference Include="FlexCodegen" Version="1.2.3" PrivateAssets="contentfiles;analyzers;build" />""", null)]
    [InlineData("Library", """<PackageReference Include="FlexCodegen" Version="1.2.3" />""", null)]
    [InlineData("Library", """<PackageReference Include="FlexCodegen" Version="1.2.3" PrivateAssets="all" /><PackageReference Include="FlexCodegen.Runtime" Version="1.2.3" />""", null)]
    [InlineData("Exe", """<PackageReference Include="FlexCodegen" Version="1.2.3" PrivateAssets="all" />""", null)]
    public void A_library_that_hides_the_runtime_from_its_consumers_is_told_FLXG105_and_an_app_or_a_runtime_reference_is_not(string outputType, string items, string? shownAs)
    {
        string output = PackageFixture.Run(PrivateAssetsProject(outputType, items), "dotnet", "msbuild Contoso.Twilio.proj -nologo -t:FlexCodegenCheckPrivateAssets");

        if (shownAs is null)
        {
            Assert.DoesNotContain("FLXG105", output, StringComparison.Ordinal);
            return;
        }
        Assert.Contains(
            $"warning FLXG105: FlexCodegen is referenced with PrivateAssets=\"{shownAs}\", so projects that reference Contoso.Twilio get neither " +
            "FlexCodegen.Runtime, which the client generated here needs to compile and to run (CS0246, a missing FlexCodegen.Runtime.dll), nor the id " +
            "analyzer (FLXG301-303). PrivateAssets is not needed to keep them from generating the client again: FlexCodegen generates only in " +
            "projects that reference it directly. Remove PrivateAssets, or also reference FlexCodegen.Runtime: " +
            "<PackageReference Include=\"FlexCodegen.Runtime\" Version=\"1.2.3\" />.", output, StringComparison.Ordinal);
    }
}

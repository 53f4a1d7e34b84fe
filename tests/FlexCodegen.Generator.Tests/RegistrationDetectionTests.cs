using System;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace FlexCodegen.Generator.Tests;

/// <summary>
/// The DI registration (<c>AddFlexClient</c>) is generated exactly when the project references the library that holds
/// <c>AddHttpClient</c>, and its configuration overload exactly when it references the one that holds <c>IConfiguration</c>.
/// </summary>
public class RegistrationDetectionTests
{
    private const string HttpSource = "namespace Microsoft.Extensions.DependencyInjection { public static class HttpClientFactoryServiceCollectionExtensions { } }";
    private const string ConfigurationSource = "namespace Microsoft.Extensions.Configuration { public interface IConfiguration { } }";

    private static readonly Lazy<(MetadataReference Http, MetadataReference Configuration)> Libraries = new(() =>
        (Library("Microsoft.Extensions.Http", HttpSource), Library("Microsoft.Extensions.Configuration.Abstractions", ConfigurationSource)));

    /// <summary>A stand-in assembly of that name on disk (as <paramref name="fileName"/>, else its name and .dll), as a package or the shared framework gives it.</summary>
    private static MetadataReference Library(string name, string source, string? fileName = null)
    {
        string dir = Path.Combine(Path.GetTempPath(), "flexcodegen-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, fileName ?? name + ".dll");
        var result = CSharpCompilation.Create(name, new[] { CSharpSyntaxTree.ParseText(source) },
            new[] { MetadataReference.CreateFromFile(typeof(object).Assembly.Location) },
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)).Emit(path);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return MetadataReference.CreateFromFile(path);
    }

    private static string[] Generated(params MetadataReference[] references)
    {
        var compilation = GeneratorHarness.Compilation("namespace Consumer { internal static class Marker { } }").AddReferences(references);
        var driver = GeneratorHarness.Driver(GeneratorHarness.FlexWithOverlay()).RunGenerators(compilation);
        return driver.GetRunResult().Results.SelectMany(r => r.GeneratedSources).Select(s => s.SourceText.ToString()).ToArray();
    }

    private static string? Registration(string[] sources) => sources.SingleOrDefault(s => s.Contains("class FlexClientServiceCollectionExtensions", StringComparison.Ordinal));

    [Fact]
    public void A_spec_with_only_webhooks_has_no_client_to_register_and_is_not_one_of_the_clients()
    {
        var compilation = GeneratorHarness.Compilation("namespace Consumer { internal static class Marker { } }").AddReferences(Libraries.Value.Http, Libraries.Value.Configuration);
        var events = GeneratorHarness.Spec(Path.Combine(GeneratorHarness.RepoRoot, "tests", "FlexCodegen.Generator.Tests", "TestSpecs", "webhooks_small.json"));
        var driver = GeneratorHarness.Driver(GeneratorHarness.FlexWithOverlay().Append(events)).RunGenerators(compilation);
        var sources = driver.GetRunResult().Results.SelectMany(r => r.GeneratedSources).ToList();

        Assert.Contains(sources, s => s.HintName.EndsWith(".FlexClientServiceCollectionExtensions.g.cs", StringComparison.Ordinal));
        Assert.Contains(sources, s => s.HintName.EndsWith(".WidgetEvent.g.cs", StringComparison.Ordinal));
        // The spec's would-be client (title "Contoso - Widget Events": EventsClient) is nowhere: not registered, not in AddTwilioClients.
        Assert.DoesNotContain(sources, s => s.SourceText.ToString().Contains("EventsClient", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_the_http_client_factory_there_is_no_registration()
    {
        Assert.Null(Registration(Generated()));
        Assert.Null(Registration(Generated(Libraries.Value.Configuration)));
    }

    [Fact]
    public void With_the_http_client_factory_the_registration_is_generated_and_binds_configuration_only_when_it_is_referenced()
    {
        string plain = Registration(Generated(Libraries.Value.Http)) ?? throw new Xunit.Sdk.XunitException("no registration with Microsoft.Extensions.Http referenced");
        string configured = Registration(Generated(Libraries.Value.Http, Libraries.Value.Configuration)) ?? throw new Xunit.Sdk.XunitException("no registration");
        Assert.DoesNotContain("IConfiguration", plain, StringComparison.Ordinal);
        Assert.Contains("IConfiguration", configured, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reference_spelled_in_another_case_counts_as_assembly_names_ignore_case()
    {
        var http = Library("Microsoft.Extensions.Http", HttpSource, "microsoft.extensions.http.DLL");
        var configuration = Library("Microsoft.Extensions.Configuration.Abstractions", ConfigurationSource, "MICROSOFT.EXTENSIONS.CONFIGURATION.ABSTRACTIONS.dll");
        string registration = Registration(Generated(http, configuration)) ?? throw new Xunit.Sdk.XunitException("no registration with microsoft.extensions.http.DLL referenced");
        Assert.Contains("IConfiguration", registration, StringComparison.Ordinal);
    }

    [Fact]
    public void An_in_memory_reference_is_known_by_the_name_in_its_metadata()
    {
        static MetadataReference InMemory(MetadataReference onDisk) =>
            MetadataReference.CreateFromImage(File.ReadAllBytes(((PortableExecutableReference)onDisk).FilePath!));
        var http = InMemory(Libraries.Value.Http);
        Assert.Null(((PortableExecutableReference)http).FilePath);
        string registration = Registration(Generated(http, InMemory(Libraries.Value.Configuration))) ?? throw new Xunit.Sdk.XunitException("no registration with an in-memory Microsoft.Extensions.Http");
        Assert.Contains("IConfiguration", registration, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reference_under_an_extern_alias_only_is_out_of_reach_of_global_so_it_does_not_count()
    {
        var (http, configuration) = Libraries.Value;
        Assert.Null(Registration(Generated(http.WithAliases(new[] { "http" }), configuration)));
        string plain = Registration(Generated(http, configuration.WithAliases(new[] { "configuration" }))) ?? throw new Xunit.Sdk.XunitException("no registration");
        Assert.DoesNotContain("IConfiguration", plain, StringComparison.Ordinal);
        Assert.NotNull(Registration(Generated(http.WithAliases(new[] { "http", "global" }), configuration)));
    }

    [Fact]
    public void Adding_the_reference_flips_the_registration_on_and_an_unrelated_edit_re_runs_neither_check()
    {
        static IncrementalStepRunReason[] Reasons(GeneratorDriver driver, string step) =>
            driver.GetRunResult().Results.Single().TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();
        var compilation = GeneratorHarness.Compilation("namespace Consumer { internal static class Marker { } }");
        var driver = GeneratorHarness.Driver(GeneratorHarness.FlexWithOverlay(), trackSteps: true).RunGenerators(compilation);

        var withHttp = compilation.AddReferences(Libraries.Value.Http);
        driver = driver.RunGenerators(withHttp);
        Assert.Equal(new[] { IncrementalStepRunReason.Modified }, Reasons(driver, TrackingNames.HasHttpClientFactory));
        Assert.NotNull(Registration(driver.GetRunResult().Results.Single().GeneratedSources.Select(s => s.SourceText.ToString()).ToArray()));

        driver = driver.RunGenerators(withHttp.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class B { }")));
        foreach (string step in new[] { TrackingNames.HasHttpClientFactory, TrackingNames.HasConfiguration })
            Assert.All(Reasons(driver, step), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step} was {r}"));
    }
}

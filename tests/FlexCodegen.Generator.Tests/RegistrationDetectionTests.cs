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
    private static readonly Lazy<(MetadataReference Http, MetadataReference Configuration)> Libraries = new(() =>
        (Library("Microsoft.Extensions.Http", "namespace Microsoft.Extensions.DependencyInjection { public static class HttpClientFactoryServiceCollectionExtensions { } }"),
         Library("Microsoft.Extensions.Configuration.Abstractions", "namespace Microsoft.Extensions.Configuration { public interface IConfiguration { } }")));

    /// <summary>A stand-in assembly of that name on disk, as a package or the shared framework gives it.</summary>
    private static MetadataReference Library(string name, string source)
    {
        string dir = Path.Combine(Path.GetTempPath(), "flexcodegen-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, name + ".dll");
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
}

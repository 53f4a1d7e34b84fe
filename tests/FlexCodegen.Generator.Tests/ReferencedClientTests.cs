using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace FlexCodegen.Generator.Tests;

/// <summary>
/// A project that references a library which already contains a generated client (Contoso.Twilio, which generated Flex)
/// and generates the same client itself gets one FLXG016 naming the library, not a second copy of every type (CS0436)
/// and an ambiguous <c>AddFlexClient</c> (CS0121); what the library lacks is still generated.
/// </summary>
public class ReferencedClientTests
{
    private const string Expected =
        "Contoso.Twilio already contains Twilio.Flex.V1.FlexClient, the client this project would generate from twilio_flex_v1.json, " +
        "so it is not generated again here. Remove FlexCodegen from this project (Contoso.Twilio's client, its ids and FlexCodegen.Runtime " +
        "come with the reference), or set FlexCodegenBundledSpecs or FlexCodegenSpec to generate only what Contoso.Twilio lacks.";

    private static InputFile TrimmedSpec() => GeneratorHarness.Spec(
        Path.Combine(GeneratorHarness.RepoRoot, "tests", "FlexCodegen.Generator.Tests", "TestSpecs", "interactions_trimmed.json"), "Contoso.Api.Flex", "ApiFlexClient");

    /// <summary>Contoso.Twilio as its consumers see it: the assembly compiled from the Flex client generated from the bundled spec.</summary>
    private static readonly Lazy<MetadataReference> FlexLibrary = new(() =>
    {
        var generated = GeneratorHarness.Run(GeneratorHarness.FlexWithOverlay());
        Assert.Empty(generated.CompileProblems());
        return Image(generated.Compilation.WithAssemblyName("Contoso.Twilio"));
    });

    private static MetadataReference Image(Compilation compilation)
    {
        using var pe = new MemoryStream();
        var emit = compilation.Emit(pe);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(10)));
        return MetadataReference.CreateFromImage(pe.ToArray());
    }

    /// <summary>A small library of that name declaring <paramref name="source"/>, over the runtime as generated code is.</summary>
    private static CSharpCompilation StandIn(string name, string source) =>
        GeneratorHarness.Compilation(source).WithAssemblyName(name);

    /// <summary>Contoso.Twilio, cut down to what is looked for: the Flex client and the class of AddTwilioClients, both public.</summary>
    private const string LibrarySource = """
        namespace Twilio.Flex.V1
        {
            /// <summary>The client.</summary>
            public sealed class FlexClient
            {
                /// <summary>Its options (a use of the runtime).</summary>
                public FlexCodegen.Runtime.TwilioClientOptions? Options { get; set; }
            }
        }
        namespace Microsoft.Extensions.DependencyInjection
        {
            /// <summary>AddTwilioClients' class.</summary>
            public static class TwilioClientsServiceCollectionExtensions { }
        }
        """;

    /// <summary>Runs the generator over <paramref name="files"/> in Contoso.Api, a project using the library's client, with <paramref name="references"/>.</summary>
    private static (Compilation Output, ImmutableArray<Diagnostic> Diagnostics, string[] HintNames, GeneratorDriver Driver) Generate(InputFile[] files, params MetadataReference[] references)
    {
        var consumer = GeneratorHarness.Compilation("""
            namespace Contoso.Api
            {
                internal static class UsesTheLibrary
                {
                    // The library's client and its runtime's ids, as the API uses them.
                    internal static Twilio.Flex.V1.FlexClient? Client = null;
                    internal static Twilio.InteractionSid Id = Twilio.InteractionSid.Parse("KD" + new string('a', 32));
                }
            }
            """).WithAssemblyName("Contoso.Api").AddReferences(references);
        var driver = GeneratorHarness.Driver(files, trackSteps: true).RunGeneratorsAndUpdateCompilation(consumer, out var output, out var diagnostics);
        var hints = driver.GetRunResult().Results.SelectMany(r => r.GeneratedSources).Select(s => s.HintName).ToArray();
        return (output, diagnostics, hints, driver);
    }

    [Fact]
    public void A_client_a_referenced_library_contains_is_not_generated_again_and_one_FLXG016_names_the_library()
    {
        var (output, diagnostics, hints, _) = Generate(GeneratorHarness.FlexWithOverlay(), FlexLibrary.Value);

        var warning = Assert.Single(diagnostics);
        Assert.Equal("FLXG016", warning.Id);
        Assert.Equal(DiagnosticSeverity.Warning, warning.DefaultSeverity); // (the harness makes every warning an error)
        Assert.Equal(Expected, warning.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Location.None, warning.Location);
        Assert.Empty(hints);
        // The library's client is the one the project compiles against: no CS0436, nothing else.
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    [Fact]
    public void Without_the_library_the_same_project_generates_the_client_with_no_diagnostic()
    {
        var (_, diagnostics, hints, _) = Generate(GeneratorHarness.FlexWithOverlay());

        Assert.DoesNotContain(diagnostics, d => d.Id == "FLXG016" || d.Severity >= DiagnosticSeverity.Warning);
        Assert.Contains(hints, h => h.EndsWith(".FlexClient.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void What_the_library_lacks_is_generated_beside_it_and_AddTwilioClients_stays_the_librarys()
    {
        var library = Image(StandIn("Contoso.Twilio", LibrarySource));
        var http = Image(StandIn("Microsoft.Extensions.Http", "namespace Microsoft.Extensions.DependencyInjection { /// <summary>AddHttpClient's class.</summary>\n public static class HttpClientFactoryServiceCollectionExtensions { } }"));

        var (_, diagnostics, _, driver) = Generate(GeneratorHarness.FlexWithOverlay().Append(TrimmedSpec()).ToArray(), library, http);
        var sources = driver.GetRunResult().Results.SelectMany(r => r.GeneratedSources).ToDictionary(s => s.HintName, s => s.SourceText.ToString());

        Assert.Equal("FLXG016", Assert.Single(diagnostics).Id);
        Assert.DoesNotContain(sources.Keys, h => h.StartsWith("twilio_flex_v1.", StringComparison.Ordinal));
        Assert.Contains(sources.Keys, h => h.EndsWith(".ApiFlexClient.g.cs", StringComparison.Ordinal));
        Assert.Contains(sources.Keys, h => h.EndsWith(".ApiFlexClientServiceCollectionExtensions.g.cs", StringComparison.Ordinal));
        // The library's public AddTwilioClients and TwilioClientsBuilder are the project's: declaring them again would make
        // every call ambiguous. The internal part ApiFlexClient's own registration calls is still there.
        string registration = sources[Emit.TwilioClientsEmitter.HintName];
        Assert.DoesNotContain("class TwilioClientsServiceCollectionExtensions", registration, StringComparison.Ordinal);
        Assert.DoesNotContain("class TwilioClientsBuilder", registration, StringComparison.Ordinal);
        Assert.Contains("internal sealed class TwilioClientsRegistration", registration, StringComparison.Ordinal);
        Assert.Contains("internal static global::Microsoft.Extensions.Options.ValidateOptionsResult Check(", registration, StringComparison.Ordinal);

        // Without the library, the same project declares the public pair itself.
        var (_, _, _, alone) = Generate(GeneratorHarness.FlexWithOverlay().Append(TrimmedSpec()).ToArray(), http);
        string own = alone.GetRunResult().Results.SelectMany(r => r.GeneratedSources).Single(s => s.HintName == Emit.TwilioClientsEmitter.HintName).SourceText.ToString();
        Assert.Contains("public static class TwilioClientsServiceCollectionExtensions", own, StringComparison.Ordinal);
    }

    [Fact]
    public void A_project_reference_as_the_IDE_hands_it_over_counts_too()
    {
        // Visual Studio gives a C# project reference as the other project's compilation, not as a file.
        var library = StandIn("Contoso.Twilio", LibrarySource).ToMetadataReference();

        var (_, diagnostics, hints, _) = Generate(GeneratorHarness.FlexWithOverlay(), library);

        Assert.Equal(Expected, Assert.Single(diagnostics).GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(hints);
    }

    [Fact]
    public void A_type_of_that_name_the_project_cannot_see_by_it_does_not_count()
    {
        // Internal (another assembly's own), or behind an extern alias (not in the global namespace): no clash, so generate.
        var internalClient = Image(StandIn("Contoso.Internal", LibrarySource.Replace("public sealed class FlexClient", "internal sealed class FlexClient", StringComparison.Ordinal)));
        var aliased = Image(StandIn("Contoso.Twilio", LibrarySource)).WithAliases(new[] { "contoso" });

        foreach (var reference in new[] { internalClient, aliased })
        {
            var (_, diagnostics, hints, _) = Generate(GeneratorHarness.FlexWithOverlay(), reference);
            Assert.DoesNotContain(diagnostics, d => d.Id == "FLXG016");
            Assert.Contains(hints, h => h.EndsWith(".FlexClient.g.cs", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void With_the_library_referenced_a_rerun_and_an_unrelated_edit_leave_every_step_cached()
    {
        var library = Image(StandIn("Contoso.Twilio", LibrarySource));
        var compilation = GeneratorHarness.Compilation("class A { }").AddReferences(library);
        var driver = GeneratorHarness.Driver(GeneratorHarness.FlexWithOverlay().Append(TrimmedSpec()), trackSteps: true).RunGenerators(compilation);
        Assert.Equal("FLXG016", Assert.Single(driver.GetRunResult().Diagnostics).Id);

        driver = driver.RunGenerators(compilation.Clone());
        CachingTests.AssertAllCached(driver.GetRunResult());
        driver = driver.RunGenerators(compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class Edited { void M() { } }")));
        var after = driver.GetRunResult();
        CachingTests.AssertAllCached(after);
        Assert.Equal("FLXG016", Assert.Single(after.Diagnostics).Id);
    }
}

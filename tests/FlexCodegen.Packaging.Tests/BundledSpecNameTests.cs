using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace FlexCodegen.Packaging.Tests;

/// <summary>
/// How <c>FlexCodegenBundledSpecs</c> names become spec files, evaluated by MSBuild from the packed package's own
/// <c>build/</c> and <c>specs/</c> (a target run in a second or two; building a consumer would take a minute).
/// </summary>
[Collection(nameof(PackageCollection))]
public class BundledSpecNameTests
{
    private readonly PackageFixture _package;

    public BundledSpecNameTests(PackageFixture package) => _package = package;

    /// <summary>A project with only the package's MSBuild files (no SDK), choosing <paramref name="names"/>.</summary>
    private string Project(string names)
    {
        string dir = Path.Combine(_package.Root, "names-" + Guid.NewGuid().ToString("N"));
        using (var zip = ZipFile.OpenRead(_package.Package))
        {
            foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("build/", StringComparison.Ordinal) || e.FullName.StartsWith("specs/", StringComparison.Ordinal)))
            {
                string target = Path.Combine(dir, "package", entry.FullName);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                entry.ExtractToFile(target);
            }
        }
        File.WriteAllText(Path.Combine(dir, "consumer.proj"), $"""
            <Project>
              <PropertyGroup><FlexCodegenBundledSpecs>{names}</FlexCodegenBundledSpecs></PropertyGroup>
              <Import Project="package/build/FlexCodegen.props" />
              <Import Project="package/build/FlexCodegen.targets" />
            </Project>
            """);
        return dir;
    }

    /// <summary>The files the generator is handed (AdditionalFiles), as "kind: file name".</summary>
    private static string[] AdditionalFiles(string dir)
    {
        string output = PackageFixture.Run(dir, "dotnet", "msbuild consumer.proj -nologo -t:FlexCodegenAddSpecs -getItem:AdditionalFiles");
        using var json = JsonDocument.Parse(output);
        return json.RootElement.GetProperty("Items").GetProperty("AdditionalFiles").EnumerateArray()
            .Select(item =>
            {
                string path = item.GetProperty("FullPath").GetString()!;
                Assert.True(File.Exists(path), $"{path} is handed to the generator but is not there");
                return item.GetProperty("FlexCodegenKind").GetString() + ": " + Path.GetFileName(path);
            })
            .ToArray();
    }

    [Theory]
    [InlineData("FLEX_V1", "Spec: twilio_flex_v1.json|Overlay: twilio_flex_v1.overlay.json")]
    [InlineData("Flex_V1;flex_v1;TaskRouter_V1", "Spec: twilio_flex_v1.json|Spec: twilio_taskrouter_v1.json|Overlay: twilio_flex_v1.overlay.json")]
    [InlineData(" conversations_V1 ", "Spec: twilio_conversations_v1.json")]
    [InlineData("TaskRouter_Events_V1;conversations_events_v1", "Spec: twilio_taskrouter_events_v1.json|Spec: twilio_conversations_events_v1.json")]
    public void A_bundled_name_in_any_case_is_the_bundled_file_with_its_overlay_and_counts_once(string names, string expected)
    {
        // File names are case-sensitive on Linux: FLEX_V1 once passed the name check and then named twilio_FLEX_V1.json,
        // which is not there (FLXG001 "does not contain any JSON tokens", CS2001), and lost the overlay beside it.
        Assert.Equal(expected.Split('|'), AdditionalFiles(Project(names)));
    }

    [Fact]
    public void A_name_the_package_does_not_bundle_is_FLXG101_quoting_it_as_written()
    {
        string output = PackageFixture.Run(Project("FLEX_V1;Flex_V2"), "dotnet", "msbuild consumer.proj -nologo -t:FlexCodegenAddSpecs", mustSucceed: false);

        Assert.Contains("error FLXG101: FlexCodegenBundledSpecs: 'Flex_V2' is not a spec this package bundles; choose from flex_v1, taskrouter_v1, conversations_v1, taskrouter_events_v1, conversations_events_v1 (separated by ';')", output);
    }
}

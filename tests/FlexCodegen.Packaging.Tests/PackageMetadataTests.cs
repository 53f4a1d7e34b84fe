using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;
using System.Xml.Linq;
using Xunit;

namespace FlexCodegen.Packaging.Tests;

/// <summary>What a team checks before adopting a package: readme, metadata, symbols, and bytes that do not depend on the build machine.</summary>
[Collection(nameof(PackageCollection))]
public class PackageMetadataTests
{
    private readonly PackageFixture _package;

    public PackageMetadataTests(PackageFixture package) => _package = package;

    public static TheoryData<string> Packages => new(PackageFixture.PackageIds);

    private static XElement Metadata(ZipArchive zip)
    {
        using var stream = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/')).Open();
        var nuspec = XDocument.Load(stream);
        return nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    private static string? Field(XElement metadata, string name) => metadata.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

    private static byte[] Bytes(ZipArchiveEntry entry)
    {
        using var stream = new MemoryStream();
        using (var s = entry.Open()) s.CopyTo(stream);
        return stream.ToArray();
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public void Every_package_carries_its_own_readme_a_description_tags_and_a_license(string id)
    {
        using var zip = ZipFile.OpenRead(_package.PackagePath(id));
        var metadata = Metadata(zip);

        Assert.Equal("README.md", Field(metadata, "readme"));
        string text = Encoding.UTF8.GetString(Bytes(zip.GetEntry("README.md")!));
        Assert.StartsWith("# " + id + "\n", text.Replace("\r\n", "\n"), StringComparison.Ordinal);   // its own, not the repository's

        Assert.True((Field(metadata, "description") ?? "").Length > 40, $"{id}: no real description");
        Assert.True((Field(metadata, "tags") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 3, $"{id}: fewer than 3 tags");
        var license = metadata.Elements().Single(e => e.Name.LocalName == "license");
        Assert.Equal("expression", license.Attribute("type")?.Value);
        Assert.Equal("MIT", license.Value);
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public void Every_assembly_of_ours_carries_its_symbols_and_no_path_of_the_build_machine(string id)
    {
        using var zip = ZipFile.OpenRead(_package.PackagePath(id));
        string root = _package.RepoRoot.TrimEnd('/', '\\');
        var rootUtf8 = Encoding.UTF8.GetBytes(root);
        var rootUtf16 = Encoding.Unicode.GetBytes(root);

        // No file of the package (DLLs, nuspec, props, deps.json, the readme) names the folder it was built in.
        foreach (var entry in zip.Entries.Where(e => e.Length > 0))
        {
            var bytes = Bytes(entry);
            Assert.False(bytes.AsSpan().IndexOf(rootUtf8) >= 0 || bytes.AsSpan().IndexOf(rootUtf16) >= 0, $"{id}: {entry.FullName} contains {root}");
        }

        var ours = zip.Entries.Where(e => e.Name.StartsWith("FlexCodegen", StringComparison.Ordinal) && e.Name.EndsWith(".dll", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(ours);
        foreach (var entry in ours)
        {
            using var pe = new PEReader(new MemoryStream(Bytes(entry)));
            var debug = pe.ReadDebugDirectory();
            Assert.True(debug.Any(d => d.Type == DebugDirectoryEntryType.Reproducible), $"{entry.FullName}: not built deterministically");
            var embedded = debug.Where(d => d.Type == DebugDirectoryEntryType.EmbeddedPortablePdb).ToList();
            Assert.True(embedded.Count == 1, $"{entry.FullName}: no embedded PDB (the package's symbols)");

            // The PDB is compressed inside the DLL, so a byte scan of the DLL cannot see its paths: read them.
            using var pdbProvider = pe.ReadEmbeddedPortablePdbDebugDirectoryData(embedded[0]);
            var pdb = pdbProvider.GetMetadataReader();
            var documents = pdb.Documents.Select(h => pdb.GetString(pdb.GetDocument(h).Name)).ToList();
            Assert.NotEmpty(documents);
            Assert.All(documents, d => Assert.StartsWith("/_/", d, StringComparison.Ordinal));
            var codeView = pe.ReadCodeViewDebugDirectoryData(debug.First(d => d.Type == DebugDirectoryEntryType.CodeView));
            Assert.DoesNotContain(root, codeView.Path, StringComparison.Ordinal);

            // The sources travel in the PDB too (a debugger needs neither this checkout nor a symbol server).
            var embeddedSource = new Guid("0E8A571B-6926-466E-B4AD-8AB04611F5FE");
            int withSource = pdb.Documents.Count(h => pdb.GetCustomDebugInformation(h).Any(c => pdb.GetGuid(pdb.GetCustomDebugInformation(c).Kind) == embeddedSource));
            Assert.True(withSource == documents.Count, $"{entry.FullName}: {documents.Count - withSource} of {documents.Count} sources not embedded");
        }
    }

    [Fact]
    public void The_runtime_built_from_a_copy_in_another_folder_is_byte_for_byte_the_packed_one()
    {
        // Another machine, as far as paths go: the runtime's sources and the shared build files, elsewhere, without git.
        string copy = Path.Combine(_package.Root, "elsewhere", "checkout");
        string project = Path.Combine("runtime", "FlexCodegen.Runtime");
        foreach (var file in new[] { "Directory.Build.props", "Directory.Build.targets", "global.json" })
            CopyFile(_package.RepoRoot, copy, file);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(_package.RepoRoot, project), "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(_package.RepoRoot, file);
            var parts = Path.GetRelativePath(project, relative).Split(Path.DirectorySeparatorChar);
            if (parts[0] is not ("bin" or "obj")) CopyFile(_package.RepoRoot, copy, relative);
        }

        string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        PackageFixture.Run(copy, "dotnet", $"build \"{Path.Combine(copy, project)}\" -c {configuration} -f net10.0");
        var built = File.ReadAllBytes(Path.Combine(copy, project, "bin", configuration, "net10.0", "FlexCodegen.Runtime.dll"));

        using var zip = ZipFile.OpenRead(_package.PackagePath("FlexCodegen.Runtime"));
        var packed = Bytes(zip.GetEntry("lib/net10.0/FlexCodegen.Runtime.dll")!);
        Assert.True(packed.AsSpan().SequenceEqual(built), "the runtime built in another folder differs from the packed one");
    }

    private static void CopyFile(string fromRoot, string toRoot, string relative)
    {
        string target = Path.Combine(toRoot, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(Path.Combine(fromRoot, relative), target);
    }

    [Fact]
    public void The_emulator_package_is_a_library_carrying_its_spec_and_asking_only_for_the_aspnetcore_shared_framework_and_the_runtime()
    {
        using var zip = ZipFile.OpenRead(_package.PackagePath("FlexCodegen.Emulator"));
        var names = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("lib/net10.0/FlexCodegen.Emulator.dll", names);
        Assert.Contains("lib/net10.0/FlexCodegen.Emulator.xml", names);
        Assert.DoesNotContain(names, n => n.StartsWith("tools/", StringComparison.Ordinal) || n.StartsWith("content", StringComparison.Ordinal));

        var metadata = Metadata(zip);
        var frameworks = metadata.Descendants().Where(e => e.Name.LocalName == "frameworkReference").Select(e => e.Attribute("name")!.Value).Distinct().ToList();
        Assert.Equal(new[] { "Microsoft.AspNetCore.App" }, frameworks);
        var dependencies = metadata.Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => e.Attribute("id")!.Value).Distinct().ToList();
        // The runtime for TwilioSignature: event callbacks are signed as the runtime and FlexCodegen.AspNetCore check them.
        Assert.Equal(new[] { "FlexCodegen.Runtime", "NJsonSchema" }, dependencies.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(metadata.Descendants(), e => e.Name.LocalName == "packageType");

        // The spec and overlay it validates against are inside the DLL: nothing is read from a repository at run time.
        using var pe = new PEReader(new MemoryStream(Bytes(zip.GetEntry("lib/net10.0/FlexCodegen.Emulator.dll")!)));
        var reader = pe.GetMetadataReader();
        var resources = reader.ManifestResources.Select(h => reader.GetString(reader.GetManifestResource(h).Name)).ToList();
        Assert.Contains("twilio_flex_v1.json", resources);
        Assert.Contains("twilio_flex_v1.overlay.json", resources);
        Assert.Contains("twilio_taskrouter_v1.json", resources);
        Assert.Contains("twilio_conversations_v1.json", resources);
    }

    [Fact]
    public void The_emulator_tool_package_installs_the_flex_emulator_command()
    {
        using var zip = ZipFile.OpenRead(_package.PackagePath("FlexCodegen.Emulator.Tool"));
        var metadata = Metadata(zip);
        Assert.Equal("DotnetTool", metadata.Descendants().Single(e => e.Name.LocalName == "packageType").Attribute("name")!.Value);
        var settings = zip.Entries.Single(e => e.FullName.EndsWith("/DotnetToolSettings.xml", StringComparison.Ordinal));
        using var stream = settings.Open();
        var command = XDocument.Load(stream).Descendants("Command").Single();
        Assert.Equal("flex-emulator", command.Attribute("Name")!.Value);
        Assert.Contains(zip.Entries, e => e.FullName.EndsWith("/FlexCodegen.Emulator.dll", StringComparison.Ordinal));
    }
}

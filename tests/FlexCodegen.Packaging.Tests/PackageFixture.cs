using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using Xunit;

namespace FlexCodegen.Packaging.Tests;

/// <summary>Packs every package once (unique version, so no cached copy is used) into a temporary local feed.</summary>
public sealed class PackageFixture : IDisposable
{
    public PackageFixture()
    {
        RepoRoot = FindRepoRoot();
        Root = Directory.CreateTempSubdirectory("flexcodegen-pkg-").FullName;
        Feed = Path.Combine(Root, "feed");
        Version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff");
        string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        foreach (var project in Projects)
            Run(RepoRoot, "dotnet", $"pack \"{Path.Combine(RepoRoot, project)}\" -c {configuration} --no-build -o \"{Feed}\" -p:PackageVersion={Version}");
        foreach (var id in PackageIds)
            Assert.True(File.Exists(PackagePath(id)), $"pack produced no {id} package");
        Package = PackagePath("FlexCodegen");
    }

    /// <summary>Every project that makes a package, in an order where dependencies come first.</summary>
    private static readonly string[] Projects =
    {
        "runtime/FlexCodegen.Runtime/FlexCodegen.Runtime.csproj",
        "generator/FlexCodegen.Package/FlexCodegen.Package.csproj",
        "emulator/FlexCodegen.Emulator.csproj",
        "tools/FlexCodegen.Emulator.Tool/FlexCodegen.Emulator.Tool.csproj",
        "tools/FlexCodegen.Cli/FlexCodegen.Cli.csproj",
        "aspnetcore/FlexCodegen.AspNetCore/FlexCodegen.AspNetCore.csproj",
    };

    /// <summary>The id of every package the repository ships.</summary>
    public static readonly string[] PackageIds = { "FlexCodegen", "FlexCodegen.Runtime", "FlexCodegen.Emulator", "FlexCodegen.Emulator.Tool", "FlexCodegen.Cli", "FlexCodegen.AspNetCore" };

    /// <summary>Where the package with this id landed in the local feed.</summary>
    public string PackagePath(string id) => Path.Combine(Feed, $"{id}.{Version}.nupkg");

    public string RepoRoot { get; }
    public string Root { get; }
    public string Feed { get; }
    public string Version { get; }
    public string Package { get; }

    /// <summary>A brand-new consumer project (outside the repo) that references the package from the local feed.</summary>
    public string NewConsumer(string name, string program, string? extraItems = null)
    {
        string dir = Path.Combine(Root, name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="flexcodegen-local" value="{Feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(dir, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="FlexCodegen" Version="{Version}" />
                {extraItems}
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(dir, "Program.cs"), program);
        return dir;
    }

    /// <summary>
    /// A brand-new xunit test project (outside the repo) that references FlexCodegen and FlexCodegen.Emulator from the
    /// local feed, with the test runner packages the repository itself uses.
    /// </summary>
    public string NewTestProject(string name, string testCode, string? extraItems = null)
    {
        string dir = NewConsumer(name, testCode, extraItems);
        File.Move(Path.Combine(dir, "Program.cs"), Path.Combine(dir, "Tests.cs"));
        File.WriteAllText(Path.Combine(dir, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <IsPackable>false</IsPackable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="FlexCodegen" Version="{Version}" />
                <PackageReference Include="FlexCodegen.Emulator" Version="{Version}" />
                <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.0.1" />
                <PackageReference Include="xunit" Version="2.9.3" />
                <PackageReference Include="xunit.runner.visualstudio" Version="3.1.5" PrivateAssets="all" />
                {extraItems}
              </ItemGroup>
            </Project>
            """);
        return dir;
    }

    /// <summary>Deletes an intermediate folder of the repository's build (if there), so the step that writes it runs again.</summary>
    public static void ForgetIntermediate(string repoRoot, string relativeFolder)
    {
        string folder = Path.Combine(repoRoot, relativeFolder);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    /// <summary>Runs a program to its end; its output (stdout and stderr, or with <paramref name="stdoutOnly"/> stdout alone).</summary>
    public static string Run(string workingDirectory, string file, string arguments, bool mustSucceed = true, bool stdoutOnly = false)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        var errors = new StringBuilder();
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) (stdoutOnly ? errors : output).AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {arguments} did not finish in 5 minutes:\n{output}");
        }
        process.WaitForExit();
        if (mustSucceed && process.ExitCode != 0)
            throw new Xunit.Sdk.XunitException($"{file} {arguments} exited with {process.ExitCode}:\n{output}{errors}");
        return output.ToString();
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FlexCodegen.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("FlexCodegen.sln not found");
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }
}

[CollectionDefinition(nameof(PackageCollection))]
public sealed class PackageCollection : ICollectionFixture<PackageFixture> { }

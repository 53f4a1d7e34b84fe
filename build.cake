// dotnet tool restore && dotnet cake [--target=Build|Test|Pack|Bench] [--configuration=Release]
var target = Argument("target", "Default");
var configuration = Argument("configuration", "Release");
var solution = "./FlexCodegen.sln";
var packages = "./artifacts/packages";

Task("Build")
    .Does(() =>
{
    DotNetBuild(solution, new DotNetBuildSettings { Configuration = configuration });
    Information($"Built {solution} ({configuration}).");
});

Task("Test")
    .IsDependentOn("Build")
    .Does(() =>
{
    DotNetTest(solution, new DotNetTestSettings { Configuration = configuration, NoBuild = true });
    Information("All tests passed.");
});

Task("Pack")
    .IsDependentOn("Build")
    .Does(() =>
{
    CleanDirectory(packages);
    DotNetPack(solution, new DotNetPackSettings { Configuration = configuration, NoBuild = true, OutputDirectory = packages });
    foreach (var file in GetFiles(packages + "/*.nupkg"))
        Information($"Packed {file.GetFilename()}");
    if (!GetFiles(packages + "/*.nupkg").Any())
        throw new Exception("Pack produced no package.");
});

Task("Bench")
    .Does(() =>
{
    // BenchmarkDotNet, short in-process jobs, each figure beside its baseline; results in BenchmarkDotNet.Artifacts/results/.
    DotNetRun("./tests/FlexCodegen.Benchmarks/FlexCodegen.Benchmarks.csproj", new ProcessArgumentBuilder().Append("--filter").Append("*").Append("--exporters").Append("github"),
        new DotNetRunSettings { Configuration = "Release" });
    Information("Benchmark results: BenchmarkDotNet.Artifacts/results/*.md (summarised in docs/benchmarks.md).");
});

Task("Default")
    .IsDependentOn("Test")
    .IsDependentOn("Pack");

RunTarget(target);

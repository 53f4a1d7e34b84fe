// dotnet tool restore && dotnet cake [--target=Build|Test|Pack|Bench|BenchBuild] [--configuration=Release]
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

Task("BenchBuild")
    .Does(() =>
{
    // What users pay on every command-line build: the generator loaded and JIT-compiled from scratch (no compiler
    // server), read from the compiler's own analyzer report, beside the floor: a fresh process that only parses the
    // same spec with Microsoft.OpenApi. Timings, not tests: CI does not run this.
    int runs = Argument("runs", 5);
    var root = MakeAbsolute(Directory("./artifacts/benchbuild"));
    var consumer = root.Combine("Consumer");
    EnsureDirectoryExists(consumer);
    var repo = MakeAbsolute(Directory(".")).FullPath + "/";
    System.IO.File.WriteAllText(consumer.CombineWithFilePath("Consumer.csproj").FullPath, $@"<Project Sdk=""Microsoft.NET.Sdk"">
  <Import Project=""{repo}generator/FlexCodegen.Local.props"" />
  <PropertyGroup><TargetFramework>net10.0</TargetFramework><OutputType>Exe</OutputType><IsPackable>false</IsPackable></PropertyGroup>
  <ItemGroup><FlexCodegenSpec Include=""{repo}specs/twilio_flex_v1.json"" /></ItemGroup>
</Project>");
    var program = consumer.CombineWithFilePath("Program.cs").FullPath;
    System.IO.File.WriteAllText(program, "System.Console.WriteLine(Twilio.Flex.V1.FlexClient.DefaultBaseAddress);\n");
    DotNetBuild(consumer.CombineWithFilePath("Consumer.csproj").FullPath, new DotNetBuildSettings { Configuration = "Release" });
    DotNetBuild("./tests/FlexCodegen.Benchmarks/FlexCodegen.Benchmarks.csproj", new DotNetBuildSettings { Configuration = "Release" });

    var generator = new List<double>();
    var floor = new List<double>();
    var phases = new List<string>();
    var report = new System.Text.RegularExpressions.Regex(@"^\s*([0-9.]+)\s+\S+\s+FlexCodegen\.Generator\.FlexCodegenGenerator\s*$");
    string bench = "./tests/FlexCodegen.Benchmarks/bin/Release/net10.0/FlexCodegen.Benchmarks.dll";
    for (int i = 0; i < runs; i++)
    {
        System.IO.File.SetLastWriteTimeUtc(program, DateTime.UtcNow);
        StartProcess("dotnet", new ProcessSettings
        {
            Arguments = $"build \"{consumer.CombineWithFilePath("Consumer.csproj").FullPath}\" -c Release --no-restore -p:UseSharedCompilation=false -p:ReportAnalyzer=true -v:d",
            RedirectStandardOutput = true,
        }, out var buildOutput);
        var line = buildOutput.Select(l => report.Match(l)).FirstOrDefault(m => m.Success) ?? throw new Exception("no analyzer report line for FlexCodegenGenerator");
        generator.Add(double.Parse(line.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) * 1000);

        StartProcess("dotnet", new ProcessSettings { Arguments = $"{bench} --cold-parse specs/twilio_flex_v1.json", RedirectStandardOutput = true }, out var parseOutput);
        var parsed = parseOutput.Single(l => l.StartsWith("cold-parse"));
        floor.Add(double.Parse(parsed.Split(' ')[1].Substring(3), System.Globalization.CultureInfo.InvariantCulture));

        StartProcess("dotnet", new ProcessSettings { Arguments = $"{bench} --cold-generator specs/twilio_flex_v1.json", RedirectStandardOutput = true }, out var phaseOutput);
        phases.Add(phaseOutput.Single(l => l.StartsWith("cold-generator")));
        Information($"run {i + 1}: generator in the build {generator[i]:0} ms, cold parse {floor[i]:0} ms; {phases[i]}");
    }
    double Median(List<double> xs) { var s = xs.OrderBy(x => x).ToList(); return s[s.Count / 2]; }
    Information("");
    Information($"generator per cold build (analyzer report), median of {runs}: {Median(generator):0} ms (range {generator.Min():0}-{generator.Max():0})");
    Information($"cold parse floor (fresh process, OpenApiDocument.Parse), median of {runs}: {Median(floor):0} ms (range {floor.Min():0}-{floor.Max():0})");
    Information($"ratio: {Median(generator) / Median(floor):0.00}x (goal <= 1.5x)");
});

Task("Default")
    .IsDependentOn("Test")
    .IsDependentOn("Pack");

RunTarget(target);

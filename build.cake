// dotnet tool restore && dotnet cake [--target=Build|Test|Pack|Bench|BenchBuild|BenchApps|BenchCompile] [--configuration=Release]
var target = Argument("target", "Default");
var configuration = Argument("configuration", "Release");
var solution = "./FlexCodegen.sln";
var packages = "./artifacts/packages";

// The middle of a run's timings (the upper one of an even count): what BenchBuild and BenchApps report.
double Median(List<double> xs) { var s = xs.OrderBy(x => x).ToList(); return s[s.Count / 2]; }

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

    // What the generator adds to a build: the same compiler command run in pairs, once as MSBuild gave it and once
    // with the generator's output as plain source files instead of the generator. The analyzer report above also
    // times the compiler parsing the output (paid by any client's source) and, when the generator reports a
    // diagnostic, the compiler's first binding of the assembly's attributes to filter it (paid later either way);
    // the pairs count neither. Each pair runs in alternating order; the figure is the median of the differences.
    var generatedDir = root.Combine("generated");
    System.IO.File.SetLastWriteTimeUtc(program, DateTime.UtcNow);
    if (DirectoryExists(generatedDir)) DeleteDirectory(generatedDir, new DeleteDirectorySettings { Recursive = true, Force = true });
    StartProcess("dotnet", new ProcessSettings
    {
        Arguments = $"build \"{consumer.CombineWithFilePath("Consumer.csproj").FullPath}\" -c Release --no-restore -p:UseSharedCompilation=false -p:EmitCompilerGeneratedFiles=true \"-p:CompilerGeneratedFilesOutputPath={generatedDir.FullPath}\" -v:d",
        RedirectStandardOutput = true,
    }, out var detailed);
    // The compiler's command line as the Csc task logged it: the compiler, then its arguments on the same line.
    var command = detailed.Select(l => l.Trim()).First(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"[\\/]csc(\.exe|\.dll)? /noconfig ") && l.Contains("Consumer.dll"));
    int split = command.IndexOf(" /noconfig ");
    string csc = command.Substring(0, split);
    var args = System.Text.RegularExpressions.Regex.Matches(command.Substring(split + 1), "\"[^\"]*\"|\\S+").Select(m => m.Value)
        .Where(a => a != "/noconfig" && !a.StartsWith("/generatedfilesout:"))
        .Select(a => a.StartsWith("/out:") ? $"/out:{root.FullPath}/pair.dll" : a.StartsWith("/refout:") ? $"/refout:{root.FullPath}/pair.ref.dll" : a)
        .ToList();
    var generatedFiles = GetFiles(generatedDir.FullPath + "/**/*.cs").Select(f => "\"" + f.FullPath + "\"").ToList();
    if (generatedFiles.Count == 0) throw new Exception("the consumer build wrote no generated files");
    var withGenerator = args;
    var withSource = args.Where(a => !(a.StartsWith("/analyzer:") && a.Contains("FlexCodegen.Generator"))).Concat(generatedFiles).ToList();
    if (withSource.Count != args.Count - 1 + generatedFiles.Count) throw new Exception("the generator is not among the compiler's analyzers");
    System.IO.File.WriteAllLines(root.CombineWithFilePath("with-generator.rsp").FullPath, withGenerator);
    System.IO.File.WriteAllLines(root.CombineWithFilePath("with-source.rsp").FullPath, withSource);
    double TimeCompiler(string rsp)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int code = StartProcess(csc, new ProcessSettings { Arguments = $"/noconfig @\"{root.CombineWithFilePath(rsp).FullPath}\"", WorkingDirectory = consumer, RedirectStandardOutput = true }, out var output);
        clock.Stop();
        if (code != 0) throw new Exception($"{rsp} does not compile: {string.Join(Environment.NewLine, output.Take(5))}");
        return clock.Elapsed.TotalMilliseconds;
    }
    TimeCompiler("with-generator.rsp");
    TimeCompiler("with-source.rsp");
    var added = new List<double>();
    var pairs = Argument("pairs", 2 * runs);
    for (int i = 0; i < pairs; i++)
    {
        double gen, src;
        if (i % 2 == 0) { gen = TimeCompiler("with-generator.rsp"); src = TimeCompiler("with-source.rsp"); }
        else { src = TimeCompiler("with-source.rsp"); gen = TimeCompiler("with-generator.rsp"); }
        added.Add(gen - src);
        Information($"pair {i + 1}: compiler with the generator {gen:0} ms, with its output as source {src:0} ms, difference {gen - src:0} ms");
    }

    Information("");
    Information($"generator per cold build (analyzer report), median of {runs}: {Median(generator):0} ms (range {generator.Min():0}-{generator.Max():0})");
    Information($"generator added to a cold build (compiler run with it vs with its output as source), median of {pairs} pairs: {Median(added):0} ms (range {added.Min():0}-{added.Max():0})");
    Information($"cold parse floor (fresh process, OpenApiDocument.Parse), median of {runs}: {Median(floor):0} ms (range {floor.Min():0}-{floor.Max():0})");
    Information($"ratio, analyzer report: {Median(generator) / Median(floor):0.00}x; ratio, added to the build: {Median(added) / Median(floor):0.00}x (goal <= 1.5x)");
});

Task("BenchApps")
    .Does(() =>
{
    // Side by side, what each client costs every edit-and-build of a user's app: the same one-fetch console app with no
    // client, with FlexCodegen (the packed package, as a user gets it; one spec, then Flex + TaskRouter + Conversations),
    // with FlexCodegen's output checked in as plain source over the runtime package (the generator's own cost is the
    // difference to the FlexCodegen app), and with Kiota's checked-in client for the same spec. Each round touches Program.cs of every app in turn and
    // builds it without the compiler server (as the first build on a fresh agent), so load hits all apps alike.
    // Timings, not tests: CI does not run this. Kiota comes from the tool manifest (dotnet tool restore).
    int runs = Argument("runs", 5);
    var root = MakeAbsolute(Directory("./artifacts/benchapps"));
    if (DirectoryExists(root)) DeleteDirectory(root, new DeleteDirectorySettings { Recursive = true, Force = true });
    EnsureDirectoryExists(root);
    // The apps are users' projects, not ours: stop MSBuild from reaching the repository's Directory.Build.* files.
    System.IO.File.WriteAllText(root.CombineWithFilePath("Directory.Build.props").FullPath, "<Project />\n");
    System.IO.File.WriteAllText(root.CombineWithFilePath("Directory.Build.targets").FullPath, "<Project />\n");
    string version = "0.1.0-bench." + DateTime.UtcNow.ToString("yyyyMMddHHmmss");
    var feed = root.Combine("feed");
    foreach (var project in new[] { "runtime/FlexCodegen.Runtime/FlexCodegen.Runtime.csproj", "generator/FlexCodegen.Package/FlexCodegen.Package.csproj" })
        DotNetPack(project, new DotNetPackSettings { Configuration = "Release", OutputDirectory = feed, MSBuildSettings = new DotNetMSBuildSettings().WithProperty("PackageVersion", version) });
    System.IO.File.WriteAllText(root.CombineWithFilePath("NuGet.config").FullPath, $@"<?xml version=""1.0"" encoding=""utf-8""?>
<configuration>
  <config><add key=""globalPackagesFolder"" value=""{root.Combine("packages").FullPath}"" /></config>
  <packageSources><add key=""flexcodegen-local"" value=""{feed.FullPath}"" /></packageSources>
</configuration>");

    const string interactionSid = "KDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    // (Cake reads a line that starts with "using" as a directive of this script, even inside a string: the programs
    // name their types in full instead.)
    string flexProgram = $@"var client = new Twilio.Flex.V1.FlexClient(new FlexCodegen.Runtime.TwilioClientOptions {{ AccountSid = ""ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"", AuthToken = Environment.GetEnvironmentVariable(""TWILIO_AUTH_TOKEN"") }});
var interaction = await client.Interactions[Twilio.InteractionSid.Parse(""{interactionSid}"")].FetchAsync();
Console.WriteLine(interaction.Sid);
";
    var apps = new (string Name, string Items, string Program)[]
    {
        ("NoClientApp", "", $@"var http = new HttpClient();
string interaction = await http.GetStringAsync(""https://flex-api.twilio.com/v1/Interactions/{interactionSid}"");
Console.WriteLine(interaction.Length);
"),
        ("FlexCodegenApp", $@"<PackageReference Include=""FlexCodegen"" Version=""{version}"" />", flexProgram),
        ("FlexCodegenCheckedInApp", $@"<PackageReference Include=""FlexCodegen.Runtime"" Version=""{version}"" />", flexProgram),
        ("KiotaApp", @"<PackageReference Include=""Microsoft.Kiota.Abstractions"" Version=""2.1.6"" />
    <PackageReference Include=""Microsoft.Kiota.Http.HttpClientLibrary"" Version=""2.1.6"" />
    <PackageReference Include=""Microsoft.Kiota.Serialization.Form"" Version=""2.1.6"" />
    <PackageReference Include=""Microsoft.Kiota.Serialization.Json"" Version=""2.1.6"" />
    <PackageReference Include=""Microsoft.Kiota.Serialization.Multipart"" Version=""2.1.6"" />
    <PackageReference Include=""Microsoft.Kiota.Serialization.Text"" Version=""2.1.6"" />", $@"var client = new KiotaFlex.FlexApiClient(new Microsoft.Kiota.Http.HttpClientLibrary.HttpClientRequestAdapter(new Microsoft.Kiota.Abstractions.Authentication.AnonymousAuthenticationProvider()));
var interaction = await client.V1.Interactions[""{interactionSid}""].GetAsync();
Console.WriteLine(interaction?.Sid);
"),
        // The three specs, only the operations a contact-center app calls (issue #31's selection), and the one it fetches.
        ("FlexCodegenSelectedApp", $@"<PackageReference Include=""FlexCodegen"" Version=""{version}"" />
    <FlexCodegenSpec Include=""specs/twilio_flex_v1.json"" IncludeOperations=""FetchInteraction;CreateInteraction;UpdateInteractionChannel;*InteractionChannelParticipant;*InteractionChannelInvite"" />
    <FlexCodegenSpec Include=""specs/twilio_taskrouter_v1.json"" IncludeOperations=""FetchTask;UpdateTask;ListTask;FetchTaskReservation"" />
    <FlexCodegenSpec Include=""specs/twilio_conversations_v1.json"" IncludeOperations=""FetchConversation;UpdateConversation;CreateConversationMessage"" />", flexProgram),
        ("FlexCodegen3SpecsApp", $@"<PackageReference Include=""FlexCodegen"" Version=""{version}"" />
    <FlexCodegenSpec Include=""specs/twilio_flex_v1.json"" />
    <FlexCodegenSpec Include=""specs/twilio_taskrouter_v1.json"" />
    <FlexCodegenSpec Include=""specs/twilio_conversations_v1.json"" />", flexProgram),
    };
    foreach (var app in apps)
    {
        var dir = root.Combine(app.Name);
        EnsureDirectoryExists(dir);
        System.IO.File.WriteAllText(dir.CombineWithFilePath(app.Name + ".csproj").FullPath, $@"<Project Sdk=""Microsoft.NET.Sdk"">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
  </PropertyGroup>
  <ItemGroup>
    {app.Items}
  </ItemGroup>
</Project>");
        System.IO.File.WriteAllText(dir.CombineWithFilePath("Program.cs").FullPath, app.Program);
    }
    foreach (var withSpecs in new[] { "FlexCodegen3SpecsApp", "FlexCodegenSelectedApp" })
    {
        var specsDir = root.Combine(withSpecs + "/specs");
        EnsureDirectoryExists(specsDir);
        CopyFiles(new[] { "./specs/twilio_flex_v1.json", "./specs/twilio_flex_v1.overlay.json", "./specs/twilio_taskrouter_v1.json", "./specs/twilio_conversations_v1.json" }.Select(f => (FilePath)f), specsDir);
    }
    int kiota = StartProcess("dotnet", new ProcessSettings { Arguments = $"kiota generate -l CSharp -d specs/twilio_flex_v1.json -o \"{root.Combine("KiotaApp/Client").FullPath}\" -n KiotaFlex -c FlexApiClient --log-level Warning" });
    if (kiota != 0) throw new Exception("kiota generate failed; run dotnet tool restore first");

    // The checked-in app's source: what the generator wrote for the FlexCodegen app, as files of its own.
    var checkedIn = root.Combine("FlexCodegenCheckedInApp/Client");
    if (StartProcess("dotnet", new ProcessSettings { Arguments = $"build \"{root.Combine("FlexCodegenApp").FullPath}\" -c Release -p:UseSharedCompilation=false -p:EmitCompilerGeneratedFiles=true \"-p:CompilerGeneratedFilesOutputPath={checkedIn.FullPath}\"" }) != 0)
        throw new Exception("FlexCodegenApp does not build");
    var times = apps.ToDictionary(a => a.Name, a => new List<double>());
    foreach (var app in apps)
    {
        // Restore and a first build, untimed: what is measured is the edit-and-build loop.
        if (StartProcess("dotnet", new ProcessSettings { Arguments = $"build \"{root.Combine(app.Name).FullPath}\" -c Release -p:UseSharedCompilation=false" }) != 0)
            throw new Exception($"{app.Name} does not build");
    }
    // Each round alternates the order, so no app always follows the same one (caches, memory); the three-spec app,
    // four times the size, has rounds of its own after the others.
    var compared = apps.Where(a => a.Name != "FlexCodegen3SpecsApp").ToList();
    var rounds = Enumerable.Range(0, runs).Select(i => i % 2 == 0 ? compared : Enumerable.Reverse(compared).ToList())
        .Concat(Enumerable.Range(0, runs).Select(_ => apps.Where(a => a.Name == "FlexCodegen3SpecsApp").ToList()))
        .ToList();
    for (int i = 0; i < rounds.Count; i++)
        foreach (var app in rounds[i])
        {
            var dir = root.Combine(app.Name);
            System.IO.File.SetLastWriteTimeUtc(dir.CombineWithFilePath("Program.cs").FullPath, DateTime.UtcNow);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            int code = StartProcess("dotnet", new ProcessSettings { Arguments = $"build \"{dir.FullPath}\" -c Release --no-restore -p:UseSharedCompilation=false", RedirectStandardOutput = true }, out _);
            clock.Stop();
            if (code != 0) throw new Exception($"{app.Name} does not build");
            times[app.Name].Add(clock.Elapsed.TotalSeconds);
            Information($"round {i + 1}: {app.Name} {clock.Elapsed.TotalSeconds:0.00} s");
        }

    long CountChars(IEnumerable<FilePath> files) => files.Sum(f => (long)System.IO.File.ReadAllText(f.FullPath).Length);
    (long Chars, int Files) Generated(string app)
    {
        if (app is "KiotaApp" or "FlexCodegenCheckedInApp")
        {
            var files = GetFiles(root.Combine(app + "/Client").FullPath + "/**/*.cs").ToList();
            return (CountChars(files), files.Count);
        }
        if (!app.StartsWith("FlexCodegen")) return (0, 0);
        // Written beside the apps, not into one: an app compiles every .cs file under its folder.
        var dir = root.Combine(app);
        var into = root.Combine("generated").Combine(app);
        EnsureDirectoryExists(into);
        CleanDirectory(into);
        StartProcess("dotnet", new ProcessSettings { Arguments = $"build \"{dir.FullPath}\" -c Release --no-restore --no-incremental -p:EmitCompilerGeneratedFiles=true \"-p:CompilerGeneratedFilesOutputPath={into.FullPath}\"", RedirectStandardOutput = true }, out _);
        var generated = GetFiles(into.FullPath + "/**/*.cs").ToList();
        return (CountChars(generated), generated.Count);
    }
    double floor = Median(times["NoClientApp"]);
    var table = new System.Text.StringBuilder();
    table.AppendLine($"| app | edit-and-build, median of {runs} | over no client | generated C# | app .dll |");
    table.AppendLine("|---|---|---|---|---|");
    foreach (var app in apps)
    {
        var (chars, files) = Generated(app.Name);
        long dll = new System.IO.FileInfo(root.Combine(app.Name).CombineWithFilePath($"bin/Release/net10.0/{app.Name}.dll").FullPath).Length;
        double median = Median(times[app.Name]);
        table.AppendLine($"| {app.Name} | {median:0.00} s ({times[app.Name].Min():0.00}-{times[app.Name].Max():0.00}) | {(app.Name == "NoClientApp" ? "—" : $"+{median - floor:0.00} s")} | {(chars == 0 ? "—" : $"{chars:N0} chars, {files} files")} | {dll / 1024} KB |");
    }
    System.IO.File.WriteAllText(root.CombineWithFilePath("results.md").FullPath, table.ToString());
    Information("");
    Information(table.ToString());
});

Task("BenchCompile")
    .Does(() =>
{
    // Where compiling a client goes, layer by layer: the compiler run directly, with the command line MSBuild gave it
    // for each BenchApps app (run BenchApps first; this reuses its apps), so MSBuild's own time stays out. Each app
    // compiles with the SDK's analyzers and without them, and FlexCodegen's and Kiota's models alone (FlexCodegen: its
    // models and enums; Kiota: its Models folder) without them. Rounds alternate the order. Timings, not tests.
    int runs = Argument("runs", 5);
    var root = MakeAbsolute(Directory("./artifacts/benchapps"));
    if (!DirectoryExists(root.Combine("KiotaApp"))) throw new Exception("run the BenchApps target first");
    var work = root.Combine("compile");
    if (DirectoryExists(work)) DeleteDirectory(work, new DeleteDirectorySettings { Recursive = true, Force = true });
    EnsureDirectoryExists(work);
    string csc = null;
    var analyzers = new System.Text.RegularExpressions.Regex(@"/analyzer:(""[^""]*""|\S*)NetAnalyzers\.dll\s?");

    // The compiler's command line for an app: what a normal-verbosity build logs for CoreCompile.
    string CommandLine(string app)
    {
        var dir = root.Combine(app);
        System.IO.File.SetLastWriteTimeUtc(dir.CombineWithFilePath("Program.cs").FullPath, DateTime.UtcNow);
        StartProcess("dotnet", new ProcessSettings { Arguments = $"build \"{dir.FullPath}\" -c Release --no-restore -p:UseSharedCompilation=false -v:n", RedirectStandardOutput = true }, out var lines);
        string line = lines.Select(l => l.Trim()).FirstOrDefault(l => l.Contains("/noconfig ") && l.Contains("/out:"))
            ?? throw new Exception($"{app}: no compiler command line in the build's log");
        int args = line.IndexOf(" /noconfig ");
        csc ??= line.Substring(0, args);
        return line.Substring(args + " /noconfig ".Length); // in a response file, /noconfig is ignored with a warning
    }
    // A copy of an app with only some of its sources, and its command line without the others.
    (string Dir, string Args) Trimmed(string app, string args, Func<string, bool> keep)
    {
        var copy = work.Combine(app + "-models");
        CopyDirectory(root.Combine(app), copy);
        foreach (var file in GetFiles(copy.FullPath + "/Client/**/*.cs"))
            if (!keep(file.FullPath)) DeleteFile(file);
        System.IO.File.WriteAllText(copy.CombineWithFilePath("Program.cs").FullPath, "System.Console.WriteLine(0);\n");
        var kept = args.Split(' ').Where(a =>
        {
            string path = a.StartsWith("/embed:") ? a.Substring(7) : a.StartsWith("/") ? null : a.Trim('"');
            return path is null || System.IO.File.Exists(copy.CombineWithFilePath(path).FullPath);
        });
        return (copy.FullPath, string.Join(" ", kept));
    }

    var variants = new List<(string Name, string Dir, string Args)>();
    foreach (var app in new[] { "NoClientApp", "FlexCodegenCheckedInApp", "KiotaApp" })
    {
        string args = CommandLine(app);
        variants.Add((app, root.Combine(app).FullPath, args));
        variants.Add((app + ", no analyzers", root.Combine(app).FullPath, analyzers.Replace(args, "")));
    }
    var ours = variants.Single(v => v.Name == "FlexCodegenCheckedInApp, no analyzers");
    var oursModels = Trimmed("FlexCodegenCheckedInApp", ours.Args, f => !System.Text.RegularExpressions.Regex.IsMatch(System.IO.Path.GetFileName(f), @"(Request|Resource|Collection|Client)\.g\.cs$"));
    variants.Add(("FlexCodegen models and enums, no analyzers", oursModels.Dir, oursModels.Args));
    var kiota = variants.Single(v => v.Name == "KiotaApp, no analyzers");
    var kiotaModels = Trimmed("KiotaApp", kiota.Args, f => f.Contains("/Client/Models/"));
    variants.Add(("Kiota models, no analyzers", kiotaModels.Dir, kiotaModels.Args));

    var times = variants.ToDictionary(v => v.Name, v => new List<double>());
    for (int round = 0; round < runs + 1; round++)
        foreach (var v in round % 2 == 0 ? variants : Enumerable.Reverse(variants).ToList())
        {
            var rsp = work.CombineWithFilePath(v.Name.Replace(", ", "-").Replace(" ", "-") + ".rsp").FullPath;
            System.IO.File.WriteAllText(rsp, v.Args);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            int code = StartProcess(csc, new ProcessSettings { Arguments = "@\"" + rsp + "\"", WorkingDirectory = v.Dir, RedirectStandardOutput = true }, out var output);
            clock.Stop();
            if (code != 0) throw new Exception($"{v.Name} does not compile: {string.Join("\n", output.Where(l => l.Contains("error")).Take(5))}");
            if (round > 0) times[v.Name].Add(clock.Elapsed.TotalSeconds); // the first round warms the disk cache
        }
    var table = new System.Text.StringBuilder();
    table.AppendLine($"| compile | median of {runs} (range) | over no client |");
    table.AppendLine("|---|---|---|");
    foreach (var v in variants)
    {
        double floor = Median(times[v.Name.Contains("no analyzers") ? "NoClientApp, no analyzers" : "NoClientApp"]);
        double median = Median(times[v.Name]);
        table.AppendLine($"| {v.Name} | {median:0.00} s ({times[v.Name].Min():0.00}-{times[v.Name].Max():0.00}) | {(v.Name.StartsWith("NoClientApp") ? "—" : $"+{median - floor:0.00} s")} |");
    }
    System.IO.File.WriteAllText(work.CombineWithFilePath("results.md").FullPath, table.ToString());
    Information("");
    Information(table.ToString());
});

Task("Default")
    .IsDependentOn("Test")
    .IsDependentOn("Pack");

RunTarget(target);

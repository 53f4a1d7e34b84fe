using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// dotnet cake --target=BenchBuild runs this exe in fresh processes for its cold figures.
if (FlexCodegen.Benchmarks.ColdStart.TryRun(args)) return;

// A short job (3 warm-ups, 5 iterations) in-process, with allocations: enough on 2 cores, repeatable by anyone.
var config = DefaultConfig.Instance
    .AddJob(Job.ShortRun.WithWarmupCount(3).WithIterationCount(5).WithToolchain(InProcessEmitToolchain.Instance))
    .AddDiagnoser(MemoryDiagnoser.Default)
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
BenchmarkSwitcher.FromAssembly(typeof(FlexCodegen.Benchmarks.SidBenchmarks).Assembly).Run(args, config);

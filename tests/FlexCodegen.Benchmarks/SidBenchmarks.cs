using System;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using Twilio;
using Twilio.Flex.V1;

namespace FlexCodegen.Benchmarks;

/// <summary>The generated id check vs the spec's own pattern as a compiled regex.</summary>
public class SidBenchmarks
{
    private static readonly Regex SpecPattern = new("^KD[0-9a-fA-F]{32}$", RegexOptions.Compiled);

    [Params("KDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "KDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaag")]
    public string Input { get; set; } = "";

    [Benchmark(Baseline = true)]
    public bool RegexIsMatch() => SpecPattern.IsMatch(Input);

    [Benchmark]
    public bool GeneratedIsValid() => InteractionSid.IsValid(Input.AsSpan());

    [Benchmark]
    public bool GeneratedTryParseSpan() => InteractionSid.TryParse(Input.AsSpan(), out _);
}

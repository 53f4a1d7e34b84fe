using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using FlexCodegen.Generator.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace FlexCodegen.Generator.Tests;

/// <summary>The id-literal analyzer (FLXG301/302/303) and its code fix, over the client generated from the trimmed spec.</summary>
public class SidLiteralAnalyzerTests
{
    private const string Kd = "KDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string Uo = "UOaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1";

    /// <summary>The generated client, as sources (it is generated code, which the analyzer skips).</summary>
    private static readonly Lazy<IReadOnlyList<(string Name, string Text)>> Client = new(() =>
        GeneratorHarness.Run(GeneratorHarness.Spec(Path.Combine(GeneratorHarness.RepoRoot, "tests", "FlexCodegen.Generator.Tests", "TestSpecs", "interactions_trimmed.json"), "Contoso.Flex", "FlexClient"))
            .Files.Select(f => ("/0/Generated/" + f.Key, f.Value)).ToList());

    /// <summary>The same client compiled into another assembly: the ids are then met only in metadata.</summary>
    private static readonly Lazy<MetadataReference> ClientAssembly = new(() =>
    {
        var compilation = GeneratorHarness.Compilation(Client.Value.Select(f => f.Text).ToArray()).WithAssemblyName("Contoso.Client");
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return MetadataReference.CreateFromImage(image.ToArray());
    });

    private static readonly Lazy<ImmutableArray<MetadataReference>> Framework = new(() =>
    {
        var tpa = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return tpa.Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll" or "Microsoft.Extensions.Logging.Abstractions.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(typeof(FlexCodegen.Runtime.SidFormAttribute).Assembly.Location))
            .ToImmutableArray();
    });

    private static string Consumer(string body) => $$"""
        using System;
        using Contoso.Flex;
        using Twilio;

        public static class Consumer
        {
            private const string Kd = "{{Kd}}";
            private const string Short = "KD123";
            private const string Digits = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

            public static void Run()
            {
                {{body}}
            }
        }
        """;

    private static void Setup(SolutionState state, string source, bool fromMetadata)
    {
        state.Sources.Add(("/0/Consumer.cs", source));
        if (fromMetadata) state.AdditionalReferences.Add(ClientAssembly.Value);
        else foreach (var file in Client.Value) state.Sources.Add(file);
        state.AdditionalReferences.AddRange(Framework.Value);
    }

    private static Task Verify(string body, bool fromMetadata = false, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<SidLiteralAnalyzer, DefaultVerifier> { ReferenceAssemblies = new ReferenceAssemblies("net10.0") };
        Setup(test.TestState, Consumer(body), fromMetadata);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    private static DiagnosticResult Diagnostic(string id) => new DiagnosticResult(id, id == "FLXG303" ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error);

    [Fact]
    public Task A_malformed_constant_is_FLXG301_at_the_literal_quoting_the_expected_form() =>
        Verify("""var id = InteractionSid.Parse({|#0:"KD123"|});""", false,
            Diagnostic("FLXG301").WithLocation(0).WithArguments("\"KD123\"", "InteractionSid", "'KD' + 32 hex digits, 34 characters"));

    [Fact]
    public Task Another_generated_ids_constant_is_FLXG302_naming_that_type() =>
        Verify($$"""var id = InteractionSid.Parse({|#0:"{{Uo}}"|});""", false,
            Diagnostic("FLXG302").WithLocation(0).WithArguments($"\"{Uo}\"", "an InteractionSid", "an InteractionChannelSid", "InteractionChannelSid"));

    [Fact]
    public Task Valid_constants_in_any_case_of_hex_digit_and_values_not_known_until_run_time_give_nothing() =>
        Verify($$"""
            var a = InteractionSid.Parse("{{Kd}}");
            var b = InteractionSid.Parse("KDAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
            var c = InteractionSid.Parse("KD0123456789abcdefABCDEF0123456789");
            var d = InteractionSid.Parse(Kd);
            var e = InteractionChannelSid.Parse("{{Uo}}");
            var f = InteractionSid.Parse(Environment.GetEnvironmentVariable("KD") ?? Kd);
            var g = InteractionSid.Parse("KD" + new string('a', 32));
            var h = InteractionSid.Parse(value: $"KD{Digits}aa");
            """);

    [Fact]
    public Task Every_way_a_constant_reaches_Parse_is_checked() =>
        Verify("""
            var a = InteractionSid.Parse({|#0:Short|});
            var b = InteractionSid.Parse({|#1:$"KD{Digits}"|});
            var c = InteractionSid.Parse({|#2:"KD" + Digits|});
            var d = InteractionSid.Parse(value: {|#3:@"KD123"|});
            var e = InteractionSid.Parse({|#4:null!|});
            var f = InteractionSid.Parse({|#5:"kdaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"|});
            var g = InteractionSid.Parse({|#6:"KDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaag"|});
            var h = InteractionSid.Parse({|#7:""|});
            var i = InteractionSid.Parse({|#8:"KD\naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"|});
            """, false,
            Diagnostic("FLXG301").WithLocation(0).WithArguments("\"KD123\"", "InteractionSid", "'KD' + 32 hex digits, 34 characters"),
            Diagnostic("FLXG301").WithLocation(1).WithArguments("\"KDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"", "InteractionSid", "'KD' + 32 hex digits, 34 characters"),
            Diagnostic("FLXG301").WithLocation(2).WithArguments("\"KDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"", "InteractionSid", "'KD' + 32 hex digits, 34 characters"),
            Diagnostic("FLXG301").WithLocation(3).WithArguments("\"KD123\"", "InteractionSid", "'KD' + 32 hex digits, 34 characters"),
            Diagnostic("FLXG301").WithLocation(4).WithArguments("null", "InteractionSid", "'KD' + 32 hex digits, 34 characters"),
            Diagnostic("FLXG301").WithLocation(5).WithArguments("\"kdaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"", "InteractionSid", "'KD' + 32 hex digits, 34 characters"),
            Diagnostic("FLXG301").WithLocation(6).WithArguments("\"KDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaag\"", "InteractionSid", "'KD' + 32 hex digits, 34 characters"),
            Diagnostic("FLXG301").WithLocation(7).WithArguments("\"\"", "InteractionSid", "'KD' + 32 hex digits, 34 characters"),
            Diagnostic("FLXG301").WithLocation(8).WithArguments("\"KD\\u000aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"", "InteractionSid", "'KD' + 32 hex digits, 34 characters"));

    [Fact]
    public Task A_long_constant_is_quoted_bounded_without_splitting_a_character()
    {
        string text = new string('x', 59) + "\U0001F600" + new string('y', 100);
        return Verify($"var id = InteractionSid.Parse({{|#0:\"{text}\"|}});", false,
            Diagnostic("FLXG301").WithLocation(0).WithArguments("\"" + new string('x', 59) + "\"…", "InteractionSid", "'KD' + 32 hex digits, 34 characters"));
    }

    [Fact]
    public Task TryParse_of_a_constant_warns_that_it_always_fails_or_always_succeeds() =>
        Verify($$"""
            bool a = InteractionSid.TryParse({|#0:"KD123"|}, out _);
            bool b = InteractionSid.TryParse({|#1:Kd|}, out _);
            bool c = InteractionSid.TryParse({|#2:"{{Uo}}"|}, out _);
            bool d = InteractionSid.TryParse(Environment.GetEnvironmentVariable("KD"), out _);
            """, false,
            Diagnostic("FLXG303").WithLocation(0).WithArguments("InteractionSid", "\"KD123\"", "fails: expected 'KD' + 32 hex digits, 34 characters"),
            Diagnostic("FLXG303").WithLocation(1).WithArguments("InteractionSid", $"\"{Kd}\"", "succeeds: it is a valid InteractionSid, so Parse says the same without a branch that never runs"),
            Diagnostic("FLXG303").WithLocation(2).WithArguments("InteractionSid", $"\"{Uo}\"", "fails: this is an InteractionChannelSid"));

    [Fact]
    public Task Ids_from_a_referenced_assembly_are_checked_from_its_metadata() =>
        Verify($$"""
            var a = InteractionSid.Parse({|#0:"KD123"|});
            var b = InteractionSid.Parse({|#1:"{{Uo}}"|});
            var c = InteractionSid.Parse(Kd);
            """, true,
            Diagnostic("FLXG301").WithLocation(0).WithArguments("\"KD123\"", "InteractionSid", "'KD' + 32 hex digits, 34 characters"),
            Diagnostic("FLXG302").WithLocation(1).WithArguments($"\"{Uo}\"", "an InteractionSid", "an InteractionChannelSid", "InteractionChannelSid"));

    [Fact]
    public async Task Types_are_found_by_their_SidForm_attribute_and_a_malformed_one_is_ignored_without_throwing()
    {
        // Hand-written: one id with only a span Parse, one whose attribute states no form the analyzer reads, one with
        // null arguments, and a look-alike with no attribute. An exception would surface as AD0001 and fail the test.
        const string source = """
            using System;
            using FlexCodegen.Runtime;

            [SidForm("^XY[0-9]{2}$", "'XY' + 2 digits")]
            public readonly struct SpanOnlySid { public static SpanOnlySid Parse(ReadOnlySpan<char> value) => default; }

            [SidForm("KD(", "nothing")]
            public readonly struct BrokenSid { public static BrokenSid Parse(string value) => default; }

            [SidForm(null, null)]
            public readonly struct NullSid { public static NullSid Parse(string value) => default; }

            public readonly struct InteractionSid { public static InteractionSid Parse(string value) => default; }

            public static class Use
            {
                public static void Run()
                {
                    SpanOnlySid.Parse({|#0:"XY1"|});
                    SpanOnlySid.Parse("XY12");
                    BrokenSid.Parse("KD123");
                    NullSid.Parse("KD123");
                    InteractionSid.Parse("KD123");
                }
            }
            """;
        var test = new CSharpAnalyzerTest<SidLiteralAnalyzer, DefaultVerifier> { ReferenceAssemblies = new ReferenceAssemblies("net10.0") };
        test.TestState.Sources.Add(("/0/Test.cs", source));
        test.TestState.AdditionalReferences.AddRange(Framework.Value);
        test.ExpectedDiagnostics.Add(Diagnostic("FLXG301").WithLocation(0).WithArguments("\"XY1\"", "SpanOnlySid", "'XY' + 2 digits"));
        await test.RunAsync();
    }

    private static Task VerifyFix(string body, string fixedBody, bool fromMetadata = false)
    {
        var test = new CSharpCodeFixTest<SidLiteralAnalyzer, SidLiteralCodeFix, DefaultVerifier> { ReferenceAssemblies = new ReferenceAssemblies("net10.0") };
        Setup(test.TestState, Consumer(body), fromMetadata);
        Setup(test.FixedState, Consumer(fixedBody), fromMetadata);
        return test.RunAsync();
    }

    [Fact]
    public Task The_fix_parses_another_types_id_as_that_type() =>
        VerifyFix($$"""var id = InteractionSid.Parse({|FLXG302:"{{Uo}}"|});""",
                  $$"""var id = InteractionChannelSid.Parse("{{Uo}}");""");

    [Fact]
    public Task The_fix_changes_a_declared_type_too_so_the_line_compiles() =>
        VerifyFix($$"""
            InteractionSid id = InteractionSid.Parse({|FLXG302:"{{Uo}}"|});
            InteractionSid? maybe = Twilio.InteractionSid.Parse(value: {|FLXG302:"{{Uo}}"|});
            """,
            $$"""
            InteractionChannelSid id = InteractionChannelSid.Parse("{{Uo}}");
            InteractionChannelSid? maybe = InteractionChannelSid.Parse(value: "{{Uo}}");
            """);

    [Fact]
    public Task The_fix_works_on_ids_from_a_referenced_assembly() =>
        VerifyFix($$"""var id = InteractionSid.Parse({|FLXG302:"{{Uo}}"|});""",
                  $$"""var id = InteractionChannelSid.Parse("{{Uo}}");""", fromMetadata: true);
}

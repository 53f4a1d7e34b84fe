using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using FlexCodegen.Runtime.Analyzers;
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
                {{Indent(body, "        ")}}
            }
        }
        """;

    /// <summary>A file of its own: <paramref name="members"/> in a class, for initializers and members the fix meets outside a method body.</summary>
    private static string Holder(string members) => $$"""
        using System;
        using System.Collections.Generic;
        using Contoso.Flex;
        using Twilio;

        public class Holder
        {
            private const string Kd = "{{Kd}}";

            {{Indent(members, "    ")}}
        }
        """;

    /// <summary>Every line after the first indented too, so a fix that writes new lines can be compared line by line.</summary>
    private static string Indent(string text, string indent) => text.Replace("\n", "\n" + indent, StringComparison.Ordinal);

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

    private static Task VerifyFix(string body, string fixedBody, bool fromMetadata = false) => VerifyFixOfSource(Consumer(body), Consumer(fixedBody), fromMetadata);

    private static Task VerifyFixOfSource(string source, string fixedSource, bool fromMetadata = false)
    {
        var test = new CSharpCodeFixTest<SidLiteralAnalyzer, SidLiteralCodeFix, DefaultVerifier> { ReferenceAssemblies = new ReferenceAssemblies("net10.0") };
        Setup(test.TestState, source, fromMetadata);
        Setup(test.FixedState, fixedSource, fromMetadata);
        // The same text after the fix: the harness then checks that no fix is offered at all.
        if (source == fixedSource) test.FixedState.MarkupHandling = MarkupMode.Allow;
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

    [Fact]
    public Task The_fix_on_a_property_or_field_initializer_declares_the_member_as_the_new_type() =>
        // It was the call alone, so FLXG302 became CS0029 (InteractionChannelSid to InteractionSid).
        VerifyFixOfSource(Holder($$"""
            public InteractionSid Id { get; } = InteractionSid.Parse({|FLXG302:"{{Uo}}"|});
            public static readonly InteractionSid Shared = Twilio.InteractionSid.Parse({|FLXG302:"{{Uo}}"|});
            public InteractionSid? Maybe = InteractionSid.Parse(value: {|FLXG302:"{{Uo}}"|});
            """),
            Holder($$"""
            public InteractionChannelSid Id { get; } = InteractionChannelSid.Parse("{{Uo}}");
            public static readonly InteractionChannelSid Shared = InteractionChannelSid.Parse("{{Uo}}");
            public InteractionChannelSid? Maybe = InteractionChannelSid.Parse(value: "{{Uo}}");
            """));

    [Fact]
    public Task The_fix_on_one_of_several_local_variables_declares_that_one_on_its_own_in_the_same_order() =>
        // The declared type is shared, so it stayed InteractionSid and FLXG302 became CS0029.
        VerifyFix($$"""
            InteractionSid a = InteractionSid.Parse({|FLXG302:"{{Uo}}"|}), b = InteractionSid.Parse(Kd);
            InteractionSid? c = InteractionSid.Parse(Kd), d = InteractionSid.Parse({|FLXG302:"{{Uo}}"|}), e = c;
            Console.WriteLine(a.ToString() + b + c + d + e);
            """,
            $$"""
            InteractionChannelSid a = InteractionChannelSid.Parse("{{Uo}}");
            InteractionSid b = InteractionSid.Parse(Kd);
            InteractionSid? c = InteractionSid.Parse(Kd);
            InteractionChannelSid? d = InteractionChannelSid.Parse("{{Uo}}");
            InteractionSid? e = c;
            Console.WriteLine(a.ToString() + b + c + d + e);
            """);

    [Fact]
    public Task A_declaration_split_over_lines_keeps_its_comment_on_the_first_and_each_part_on_a_line_of_its_own() =>
        VerifyFix($$"""
            // the ids of the test
            InteractionSid first = InteractionSid.Parse(Kd),
                second = InteractionSid.Parse({|FLXG302:"{{Uo}}"|}); // the channel
            Console.WriteLine(first.ToString() + second);
            """,
            $$"""
            // the ids of the test
            InteractionSid first = InteractionSid.Parse(Kd);
            InteractionChannelSid second = InteractionChannelSid.Parse("{{Uo}}"); // the channel
            Console.WriteLine(first.ToString() + second);
            """);

    [Fact]
    public Task The_fix_on_one_of_several_fields_declares_that_one_on_its_own_with_the_same_modifiers() =>
        VerifyFixOfSource(Holder($$"""
            public readonly InteractionSid First = InteractionSid.Parse(Kd), Second = InteractionSid.Parse({|FLXG302:"{{Uo}}"|});
            """),
            Holder($$"""
            public readonly InteractionSid First = InteractionSid.Parse(Kd);
            public readonly InteractionChannelSid Second = InteractionChannelSid.Parse("{{Uo}}");
            """));

    [Fact]
    public Task The_fix_where_any_type_is_taken_changes_the_call_alone() =>
        VerifyFix($$"""
            object boxed = InteractionSid.Parse({|FLXG302:"{{Uo}}"|});
            string text = InteractionSid.Parse({|FLXG302:"{{Uo}}"|}).ToString();
            Console.WriteLine(InteractionSid.Parse({|FLXG302:"{{Uo}}"|}));
            """,
            $$"""
            object boxed = InteractionChannelSid.Parse("{{Uo}}");
            string text = InteractionChannelSid.Parse("{{Uo}}").ToString();
            Console.WriteLine(InteractionChannelSid.Parse("{{Uo}}"));
            """);

    [Fact]
    public Task The_fix_is_not_offered_where_an_InteractionSid_is_needed_and_no_declaration_of_it_can_change()
    {
        // Each of these would compile no more after the call alone changed (CS0029, CS1503, CS0173, CS1950), or is an error
        // already (CS1736), and none has a declaration the fix could change with it (a for loop's variables cannot be
        // split): the constant is wrong, or the code around it.
        string source = Holder($$"""
            public InteractionSid Expression => InteractionSid.Parse({|FLXG302:"{{Uo}}"|});

            public static InteractionSid Returned()
            {
                return InteractionSid.Parse({|FLXG302:"{{Uo}}"|});
            }

            public static void Use(InteractionSid id) { }

            public static void Defaulted(InteractionSid id = {|CS1736:InteractionSid.Parse({|FLXG302:"{{Uo}}"|})|}) { }

            public static void Run()
            {
                Use(InteractionSid.Parse({|FLXG302:"{{Uo}}"|}));
                InteractionSid existing = InteractionSid.Parse(Kd);
                existing = InteractionSid.Parse({|FLXG302:"{{Uo}}"|});
                var either = Environment.TickCount > 0 ? InteractionSid.Parse({|FLXG302:"{{Uo}}"|}) : existing;
                InteractionSid usedLater = InteractionSid.Parse({|FLXG302:"{{Uo}}"|});
                Use(usedLater);
                var list = new List<InteractionSid> { InteractionSid.Parse({|FLXG302:"{{Uo}}"|}) };
                Func<InteractionSid> later = () => InteractionSid.Parse({|FLXG302:"{{Uo}}"|});
                for (InteractionSid a = InteractionSid.Parse({|FLXG302:"{{Uo}}"|}), b = a; a == b;) break;
            }
            """);
        return VerifyFixOfSource(source, source);
    }
}

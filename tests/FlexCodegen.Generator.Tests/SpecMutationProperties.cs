using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using FlexCodegen.Runtime;
using Microsoft.CodeAnalysis;
using Xunit;

namespace FlexCodegen.Generator.Tests;

/// <summary>
/// Property tests on the generator's input: a spec mutated at random (values of the wrong type, hostile names and
/// text, deleted and renamed keys) never makes the generator throw, and its output either compiles or an FLXG error
/// says why. Fixed seed in CI; FLEXCODEGEN_PROPERTY_SEED and FLEXCODEGEN_PROPERTY_ITERATIONS explore further.
/// </summary>
public class SpecMutationProperties
{
    private static readonly string[] HostileNames =
    {
        "var", "class", "write_json", "type_converter", "json_converter", "read", "parse", "validate", "builder", "to_content",
        "Path", "Pipeline", "Dispose", "default_base_address", "is_known", "known_values", "", " ", "1st", "a.b", "a-b", "ä",
        "Twilio", "System", "global", "__arglist", "<", ">", "EndTime<", "Sid", "sid", "Sid ", "\u2028", "*/", "\"", "\\",
    };

    private static readonly JsonNode?[] HostileValues =
    {
        null, JsonValue.Create(true), JsonValue.Create(0), JsonValue.Create(-1), JsonValue.Create(1e308), JsonValue.Create("var"),
        JsonValue.Create("^(a+)+$"), JsonValue.Create("([a-"), JsonValue.Create("http://example.invalid"), JsonValue.Create("#/components/schemas/nowhere"),
        JsonValue.Create("string"), JsonValue.Create("object"), JsonValue.Create("array"), JsonValue.Create("integer"),
        JsonValue.Create("x\u2028\"; public static int Injected = 1; //"), JsonValue.Create(new string('z', 5000)),
    };

    private static int Iterations(int ci) =>
        int.TryParse(Environment.GetEnvironmentVariable("FLEXCODEGEN_PROPERTY_ITERATIONS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : ci;

    private static int Seed =>
        int.TryParse(Environment.GetEnvironmentVariable("FLEXCODEGEN_PROPERTY_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int s) ? s : 20261202;

    [Fact]
    public void A_mutated_spec_never_makes_the_generator_throw_and_what_it_emits_compiles_or_an_error_says_why()
    {
        int seed = Seed;
        var random = new Random(seed);
        var failures = new List<string>();
        for (int i = 0, n = Iterations(25); i < n && failures.Count < 3; i++)
        {
            var doc = JsonNode.Parse(HostileSpecTests.Spec(_ => { }))!;
            var applied = new List<string>();
            for (int m = random.Next(1, 6); m > 0; m--) applied.Add(Mutate(doc, random));
            string spec = doc.ToJsonString();
            string Case() => $"case {i} (seed {seed}): {string.Join("; ", applied)}";

            GeneratorOutput output;
            try
            {
                output = HostileSpecTests.Run(spec);
            }
            catch (Exception ex)
            {
                failures.Add($"{Case()}: the generator threw {ex.GetType().Name}: {ex.Message}");
                continue;
            }
            if (output.GeneratorDiagnostics.FirstOrDefault(d => d.Id == "FLXG999") is Diagnostic internalError)
            {
                failures.Add($"{Case()}: {internalError.GetMessage()}");
                continue;
            }
            var errors = output.Compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            bool explained = output.GeneratorDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
            if (errors.Count > 0 && !explained)
                failures.Add($"{Case()}: {errors.Count} compile errors and no FLXG error, first: {errors[0]}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>One random change at a random place of the document; returns what it did.</summary>
    private static string Mutate(JsonNode doc, Random random)
    {
        var places = new List<JsonNode>();
        Collect(doc, places);
        var target = places[random.Next(places.Count)];
        string path = target.GetPath();
        switch (random.Next(4))
        {
            case 0 when target.Parent is JsonObject parent:
                string key = parent.First(p => ReferenceEquals(p.Value, target)).Key;
                parent.Remove(key);
                return $"removed {path}";
            case 1 when target.Parent is JsonObject parent:
                string old = parent.First(p => ReferenceEquals(p.Value, target)).Key;
                string name = HostileNames[random.Next(HostileNames.Length)];
                if (parent.ContainsKey(name)) return $"kept {path}";
                parent.Remove(old);
                parent[name] = target;
                return $"renamed {path} to '{name}'";
            case 2 when target is JsonObject obj:
                string added = HostileNames[random.Next(HostileNames.Length)];
                obj[added] = HostileValues[random.Next(HostileValues.Length)]?.DeepClone();
                return $"added '{added}' to {path}";
            default:
                var value = HostileValues[random.Next(HostileValues.Length)]?.DeepClone();
                if (target.Parent is JsonObject o) o[o.First(p => ReferenceEquals(p.Value, target)).Key] = value;
                else if (target.Parent is JsonArray a) a[a.IndexOf(target)] = value;
                else return "kept the root";
                return $"replaced {path} with {value?.ToJsonString() ?? "null"}";
        }
    }

    private static void Collect(JsonNode? node, List<JsonNode> into)
    {
        if (node is null) return;
        into.Add(node);
        if (node is JsonObject obj) foreach (var p in obj.ToList()) Collect(p.Value, into);
        if (node is JsonArray arr) foreach (var item in arr.ToList()) Collect(item, into);
    }

    /// <summary>
    /// Any pattern a spec may hold becomes a check that finishes: a random pattern built from nested quantifiers,
    /// alternations and backreferences, against random values up to 200 characters, either matches, does not, or
    /// becomes a violation naming the field; it never runs on.
    /// </summary>
    [Fact]
    public async Task Every_pattern_check_finishes_in_bounded_time()
    {
        int seed = Seed;
        var random = new Random(seed);
        var check = Task.Run(() =>
        {
            var failures = new List<string>();
            for (int i = 0, n = Iterations(300); i < n && failures.Count < 3; i++)
            {
                string pattern = "^" + Pattern(random, 3) + "$";
                Regex regex;
                try
                {
                    regex = SpecPattern.Create(pattern);
                }
                catch (ArgumentException)
                {
                    continue; // not a pattern at all: the generator reports FLXG011 and emits no check
                }
                string value = new string(Enumerable.Range(0, random.Next(0, 200)).Select(_ => "aab \n1"[random.Next(6)]).ToArray()) + (random.Next(2) == 0 ? "!" : "");
                var validator = new RequestValidator("Probe");
                try
                {
                    validator.Pattern("Field", value, regex);
                }
                catch (Exception ex)
                {
                    failures.Add($"case {i} (seed {seed}) pattern {pattern}: {ex.GetType().Name}: {ex.Message}");
                }
            }
            return failures;
        });
        var finished = await Task.WhenAny(check, Task.Delay(TimeSpan.FromMinutes(5)));
        Assert.Same(check, finished); // the wait only turns a hang into a failure
        var failures = await check;
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static string Pattern(Random random, int depth)
    {
        string atom = random.Next(depth <= 0 ? 4 : 7) switch
        {
            0 => "a",
            1 => @"\w",
            2 => @"\s?",
            3 => "[ab]",
            4 => "(" + Pattern(random, depth - 1) + ")",
            5 => "(" + Pattern(random, depth - 1) + "|" + Pattern(random, depth - 1) + ")",
            _ => "(" + Pattern(random, depth - 1) + ")\\1",
        };
        string quantifier = random.Next(5) switch { 0 => "+", 1 => "*", 2 => "?", 3 => "{1,3}", _ => "" };
        return atom + quantifier + (random.Next(3) == 0 ? Pattern(random, depth - 1) : "");
    }
}

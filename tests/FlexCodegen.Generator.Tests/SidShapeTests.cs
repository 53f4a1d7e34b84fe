using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using static FlexCodegen.Generator.Tests.HostileSpecTests;

namespace FlexCodegen.Generator.Tests;

/// <summary>
/// Every id shape the generator turns into a struct (one prefix or several, of one length or several, hex bodies held
/// as numbers, other bodies held as text) behaves the same: it accepts exactly what the spec's pattern matches, round-trips
/// the text through parsing, JSON values, JSON keys and the TypeConverter, orders as the text does, and fails with the
/// documented exception types and messages.
/// </summary>
public class SidShapeTests
{
    /// <summary>(property, pattern, generated type, valid examples).</summary>
    private static readonly (string Property, string Pattern, string Type, string[] Valid)[] Shapes =
    {
        ("sid", "^WD[0-9a-fA-F]{32}$", "WidgetSid", new[] { "WD" + new string('a', 32), "WD0123456789abcdefABCDEF0123456789", "WD" + new string('F', 32) }),
        ("message_sid", "^(SM|MM)[0-9a-fA-F]{32}$", "MessageSid", new[] { "SM" + new string('0', 32), "MM" + new string('b', 32), "MMaAbBcCdDeEfF00112233445566778899" }),
        ("mixed_sid", "^(X|XYZ)[0-9a-fA-F]{32}$", "MixedSid", new[] { "X" + new string('1', 32), "XYZ" + new string('c', 32), "XYZ" + new string('C', 32) }),
        ("other_sid", "^OQ[a-zA-Z0-9]{32}$", "OtherSid", new[] { "OQ" + new string('z', 32), "OQ" + new string('Z', 31) + "9", "OQabcdefghijklmnopqrstuvwxyzABCDEF" }),
        ("code_sid", "^(AB|ABC)[a-z]{4}$", "CodeSid", new[] { "ABabcd", "ABCabcd", "ABCzzzz" }),
        ("upper_sid", "^EF[0-9A-F]{32}$", "UpperSid", new[] { "EF" + new string('A', 32), "EF0123456789ABCDEF0123456789ABCDEF" }),
        ("short_sid", "^CD[0-9]{5}$", "ShortSid", new[] { "CD12345", "CD00000" }),
    };

    private static string ShapesSpec() => Spec(doc =>
    {
        var widget = Widget(doc);
        foreach (var shape in Shapes.Skip(1))
            widget["properties"]![shape.Property] = new JsonObject { ["type"] = "string", ["pattern"] = shape.Pattern, ["nullable"] = true };
    });

    private const string Probe = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Text.Json;
        using System.Text.RegularExpressions;

        namespace NS;

        public static class SidProbe
        {
            private static List<string> s_failures = new();

            private static void Expect(bool condition, string what)
            {
                if (!condition) s_failures.Add(what);
            }

            private static Exception? Catch(Action action)
            {
                try { action(); return null; } catch (Exception ex) { return ex; }
            }

            private static void ExpectThrows<TException>(Action action, string message, string what, string? paramName = null) where TException : Exception
            {
                var ex = Catch(action);
                Expect(ex?.GetType() == typeof(TException), what + ": expected " + typeof(TException).Name + ", got " + (ex?.GetType().Name ?? "nothing"));
                Expect(ex?.Message == message, what + ": message \"" + ex?.Message + "\", expected \"" + message + "\"");
                if (paramName is not null) Expect((ex as ArgumentException)?.ParamName == paramName, what + ": parameter " + (ex as ArgumentException)?.ParamName);
            }

            private static IEnumerable<string> Mutations(string valid)
            {
                yield return "";
                yield return valid.Substring(0, valid.Length - 1);
                yield return valid + valid[^1];
                yield return valid.ToLowerInvariant();
                yield return valid.ToUpperInvariant();
                yield return new string('x', 150);
                yield return valid + "\n";
                yield return " " + valid;
                for (int i = 0; i < valid.Length; i++)
                    foreach (char c in "0aAfFgGzZ9-_ é\u0660")
                        yield return valid.Substring(0, i) + c + valid.Substring(i + 1);
                for (int cut = 1; cut < 4 && cut < valid.Length; cut++)
                {
                    yield return valid.Substring(cut);
                    yield return valid.Substring(0, cut) + valid;
                }
            }

            private sealed class Holder<T> where T : struct
            {
                public T Id { get; set; }
                public T? Maybe { get; set; }
            }

            public static string Check<T>(string pattern, string form, string[] valid, string[] others, Func<string?, bool> isValid, IsValidSpan isValidSpan,
                Func<string, T> parse, ParseSpan<T> parseSpan, TryParseString<T> tryParse, TryParseSpan<T> tryParseSpan, Func<T, string, string> path, Func<T, bool> isEmpty)
                where T : struct, IEquatable<T>, IComparable<T>, IComparable, ISpanParsable<T>, FlexCodegen.Runtime.ITwilioTextValue<T>
            {
                s_failures = new();
                string name = typeof(T).Name;
                string article = "AEIOU".IndexOf(name[0]) >= 0 ? "an " : "a ";
                var regex = new Regex(pattern.Substring(0, pattern.Length - 1) + "\\z", RegexOptions.CultureInvariant);
                var inputs = valid.Concat(others).Concat(valid.SelectMany(Mutations)).Concat(others.SelectMany(Mutations)).Distinct().ToList();
                foreach (string text in inputs)
                {
                    bool ok = regex.IsMatch(text);
                    Expect(isValid(text) == ok, name + ".IsValid(\"" + text + "\")");
                    Expect(isValidSpan(text.AsSpan()) == ok, name + ".IsValid(span \"" + text + "\")");
                    Expect(tryParse(text, out var a) == ok && isEmpty(a) != ok, name + ".TryParse(\"" + text + "\")");
                    Expect(tryParseSpan(text.AsSpan(), out var b) == ok && isEmpty(b) != ok, name + ".TryParse(span \"" + text + "\")");
                    Expect(T.TryParse(text, null, out _) == ok && T.TryParse(text.AsSpan(), null, out _) == ok, name + " IParsable.TryParse(\"" + text + "\")");
                    string json = JsonSerializer.Serialize(text);
                    if (ok)
                    {
                        T id = parse(text);
                        Expect(id.ToString() == text && parseSpan(text.AsSpan()).Equals(id) && a.Equals(id) && b.Equals(id), name + " round trip of " + text);
                        Expect(T.Parse(text, null).Equals(id) && T.Parse(text.AsSpan(), null).Equals(id), name + " IParsable.Parse(" + text + ")");
                        Expect(path(id, "p") == text, name + " path of " + text);
                        Expect(JsonSerializer.Serialize(id) == json, name + " JSON of " + text);
                        Expect(JsonSerializer.Deserialize<T>(json).Equals(id), name + " JSON read of " + text);
                        string escaped = "\"\\u00" + ((int)text[0]).ToString("x2") + text.Substring(1) + "\"";
                        Expect(JsonSerializer.Deserialize<T>(escaped).Equals(id), name + " escaped JSON read of " + text);
                        string keyed = "{" + json + ":1}";
                        Expect(JsonSerializer.Serialize(new Dictionary<T, int> { [id] = 1 }) == keyed, name + " JSON key of " + text);
                        Expect(JsonSerializer.Deserialize<Dictionary<T, int>>(keyed)!.Single().Key.Equals(id), name + " JSON key read of " + text);
                        var holder = JsonSerializer.Deserialize<Holder<T>>("{\"Id\":" + json + ",\"Maybe\":" + json + "}")!;
                        Expect(holder.Id.Equals(id) && holder.Maybe.Equals(id), name + " JSON in a user's type of " + text);
                        var converter = new FlexCodegen.Runtime.TwilioTextTypeConverter<T>(); // what [TypeConverter] names (TypeDescriptor does not resolve types of a collectible context)
                        Expect(converter.ConvertFromInvariantString(text) is T c && c.Equals(id) && converter.ConvertToInvariantString(id) == text, name + " TypeConverter of " + text);
                    }
                    else
                    {
                        string shown = text.Length > 100 ? text.Substring(0, 100) + "…" : text;
                        string message = "'" + shown + "' is not a valid " + name + ": expected " + form + ".";
                        ExpectThrows<FormatException>(() => parse(text), message, name + ".Parse(\"" + text + "\")");
                        ExpectThrows<FormatException>(() => parseSpan(text.AsSpan()), message, name + ".Parse(span \"" + text + "\")");
                        ExpectThrows<JsonException>(() => JsonSerializer.Deserialize<T>(json), message, name + " JSON read of \"" + text + "\"");
                        ExpectThrows<JsonException>(() => JsonSerializer.Deserialize<Dictionary<T, int>>("{" + json + ":1}"), message, name + " JSON key read of \"" + text + "\"");
                        Expect(Catch(() => new FlexCodegen.Runtime.TwilioTextTypeConverter<T>().ConvertFromInvariantString(text)) is FormatException, name + " TypeConverter of \"" + text + "\"");
                    }
                }

                var ids = valid.Select(parse).ToList();
                foreach (var (x, i) in ids.Select((x, i) => (x, i)))
                    foreach (var (y, j) in ids.Select((y, j) => (y, j)))
                    {
                        Expect(x.Equals(y) == (i == j) && x.Equals((object)y) == (i == j), name + " equality of " + valid[i] + ", " + valid[j]);
                        Expect(Math.Sign(x.CompareTo(y)) == Math.Sign(string.CompareOrdinal(valid[i], valid[j])), name + " order of " + valid[i] + ", " + valid[j]);
                        Expect(Math.Sign(((IComparable)x).CompareTo(y)) == Math.Sign(string.CompareOrdinal(valid[i], valid[j])), name + " IComparable order");
                        if (i == j) Expect(x.GetHashCode() == parse(new string(valid[j].ToCharArray())).GetHashCode(), name + " hash of " + valid[i]);
                    }
                T none = default;
                Expect(isEmpty(none) && none.ToString() == "" && !isEmpty(ids[0]), name + " default is no id");
                Expect(none.CompareTo(ids[0]) < 0 && ids[0].CompareTo(none) > 0 && none.CompareTo(none) == 0, name + " default orders first");
                Expect(((IComparable)ids[0]).CompareTo(null) == 1, name + " IComparable.CompareTo(null)");
                ExpectThrows<ArgumentException>(() => ((IComparable)ids[0]).CompareTo("text"), "Expected " + article + name + ". (Parameter 'obj')", name + " IComparable.CompareTo(string)", "obj");
                ExpectThrows<ArgumentNullException>(() => parse(null!), name + ": expected " + form + ", got null. (Parameter 'value')", name + ".Parse(null)", "value");
                Expect(!tryParse(null, out var n) && isEmpty(n) && !isValid(null), name + " null is not an id");
                ExpectThrows<ArgumentException>(() => path(none, "p"), "p: default(" + name + ") is not an id; parse one with " + name + ".Parse. (Parameter 'p')", name + " path of default", "p");
                Expect(JsonSerializer.Serialize(none) == "null", name + " JSON of default");
                Expect(JsonSerializer.Deserialize<T?>("null") is null, name + " JSON null");
                ExpectThrows<JsonException>(() => JsonSerializer.Deserialize<T>("12"), name + ": expected a JSON string, got Number.", name + " JSON number");
                ExpectThrows<JsonException>(() => JsonSerializer.Serialize(new Dictionary<T, int> { [none] = 1 }), "default(" + name + ") is not an id and cannot be a JSON key.", name + " JSON key of default");
                return string.Join("\n", s_failures.Take(40));
            }

            public delegate bool IsValidSpan(ReadOnlySpan<char> value);
            public delegate T ParseSpan<T>(ReadOnlySpan<char> value);
            public delegate bool TryParseString<T>(string? value, out T result);
            public delegate bool TryParseSpan<T>(ReadOnlySpan<char> value, out T result);
        }
        """;

    private static string Call(string type, string pattern, string[] valid, string[] others) =>
        $"Check<{type}>({SymbolDisplay.FormatLiteral(pattern, true)}, {type}.ExpectedForm, new[] {{ {string.Join(", ", valid.Select(v => SymbolDisplay.FormatLiteral(v, true)))} }}, " +
        $"new[] {{ {string.Join(", ", others.Select(v => SymbolDisplay.FormatLiteral(v, true)))} }}, {type}.IsValid, {type}.IsValid, {type}.Parse, {type}.Parse, {type}.TryParse, {type}.TryParse, " +
        $"(id, p) => id.ToPathSegment(p), id => id.IsEmpty)";

    private static readonly Lazy<(GeneratorOutput Output, string Namespace, Assembly Assembly)> Generated = new(() =>
    {
        var output = Run(ShapesSpec());
        string ns = output.File("WidgetSid").Split('\n').First(l => l.StartsWith("namespace ", StringComparison.Ordinal)).Substring(10).TrimEnd(';', '\r');
        var all = Shapes.SelectMany(s => s.Valid).ToArray();
        string calls = "public static class SidShapes { public static string[] Run() => new[] {\n" +
            string.Join(",\n", Shapes.Select(s => "SidProbe." + Call(s.Type, s.Pattern, s.Valid, all.Except(s.Valid).ToArray()))) + " }; }";
        var compilation = output.Compilation.AddSyntaxTrees(
            CSharpSyntaxTree.ParseText(Probe.Replace("namespace NS;", "namespace " + ns + ";"), new CSharpParseOptions(LanguageVersion.Latest)),
            CSharpSyntaxTree.ParseText("namespace " + ns + "; " + calls, new CSharpParseOptions(LanguageVersion.Latest)));
        return (output, ns, GeneratorHarness.Load(compilation, "sid-shapes"));
    });

    [Fact]
    public void Every_shape_is_generated_and_compiles_without_warnings()
    {
        var output = Generated.Value.Output;
        foreach (var shape in Shapes) Assert.Contains($"public readonly partial struct {shape.Type} ", output.File(shape.Type));
        CompilesClean(output);
    }

    [Fact]
    public void Every_shape_accepts_exactly_its_pattern_and_round_trips_with_the_documented_errors()
    {
        var results = (string[])Generated.Value.Assembly.GetType(Generated.Value.Namespace + ".SidShapes")!.GetMethod("Run")!.Invoke(null, null)!;
        string failures = string.Join("\n", results.Select((r, i) => r.Length == 0 ? "" : Shapes[i].Type + ":\n" + string.Join("\n", r.Split('\n').Take(6))).Where(r => r.Length > 0));
        Assert.True(failures.Length == 0, failures);
    }
}

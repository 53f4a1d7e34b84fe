using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading;
using FlexCodegen.Generator.Model;
using FlexCodegen.Generator.Parsing;
using Xunit;

namespace FlexCodegen.Generator.Tests;

/// <summary>
/// Tolerant in what it reads, for every operation of every bundled spec: each spec example of a success answer, and
/// answers generated from the response schema (nulls, formats, enums and values outside them, extra fields, extreme
/// numbers, long and non-ASCII strings, and now and then a value of another JSON kind than promised), are read by the
/// generated model and written back as they came, up to the differences the README lists under "What the client
/// reads" (<see cref="Difference"/> is that list). Fixed seed; FLEXCODEGEN_PROPERTY_ITERATIONS answers per operation
/// (3 in CI) and FLEXCODEGEN_PROPERTY_SEED explore further.
/// </summary>
public class AnswerRoundTripTests
{
    public static IEnumerable<object[]> BundledSpecs() => new[] { new object[] { "flex_v1" }, new object[] { "taskrouter_v1" }, new object[] { "conversations_v1" } };

    private sealed record Subject(ApiModel Model, JsonNode Spec, Assembly Assembly);

    private static Subject Load(string name)
    {
        string path = Path.Combine(GeneratorHarness.RepoRoot, "specs", $"twilio_{name}.json");
        string text = File.ReadAllText(path);
        var spec = new SpecFile(path, "Spec", text, null, null, null);
        SpecResult parsed;
        JsonNode document;
        InputFile[] files;
        if (name == "flex_v1")
        {
            var overlay = new SpecFile(GeneratorHarness.FlexOverlayPath, "Overlay", File.ReadAllText(GeneratorHarness.FlexOverlayPath), null, null, null);
            var (overlaid, diagnostics) = OverlayApplier.Apply(spec, overlay, CancellationToken.None);
            parsed = SpecParser.Parse(spec, overlaid, "twilio_" + name, diagnostics, CancellationToken.None);
            document = overlaid!;
            files = GeneratorHarness.FlexWithOverlay();
        }
        else
        {
            parsed = SpecParser.Parse(spec, null, "twilio_" + name, Array.Empty<DiagnosticInfo>(), CancellationToken.None);
            document = JsonNode.Parse(text)!;
            files = new[] { GeneratorHarness.Spec(path) };
        }
        var output = GeneratorHarness.Run(files);
        return new Subject(parsed.Model!, document, GeneratorHarness.Load(output.Compilation, "answers-" + name));
    }

    /// <summary>The operations with an answer to read: the model type, the success response's node, and for a page the items' property.</summary>
    private static IEnumerable<(OperationModel Op, Type Model, JsonNode Response)> Answers(Subject subject)
    {
        foreach (var op in subject.Model.Resources.SelectMany(r => r.Operations).GroupBy(o => o.OperationId).Select(g => g.First()))
        {
            if (op.Response is not { Kind: ValueKind.Object } response) continue;
            var type = subject.Assembly.GetType(response.FullyQualifiedName!.Substring("global::".Length), throwOnError: true)!;
            var node = subject.Spec["paths"]![op.SpecPath]![op.HttpMethod.ToLowerInvariant()]!["responses"]![op.SuccessStatus]!["content"]!["application/json"]!;
            yield return (op, type, node);
        }
    }

    [Theory]
    [MemberData(nameof(BundledSpecs))]
    public void Every_operation_reads_its_spec_examples_and_writes_each_back_as_it_came(string name)
    {
        var subject = Load(name);
        var failures = new List<string>();
        int examples = 0;
        foreach (var (op, type, response) in Answers(subject))
        {
            if (response["examples"] is not JsonObject named) continue;
            foreach (var (exampleName, example) in named)
            {
                if (example?["value"] is not JsonNode value) continue;
                var items = op.PageItemsProperty is null ? new[] { value } : (value[op.PageItemsProperty] as JsonArray ?? new JsonArray()).Where(i => i is not null).Select(i => i!);
                foreach (var item in items)
                {
                    examples++;
                    if (RoundTrip(type, item.ToJsonString()) is string failure) failures.Add($"{op.OperationId} example '{exampleName}': {failure}");
                }
            }
        }
        Assert.True(examples > 10, $"only {examples} examples found in {name}");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
    }

    [Theory]
    [MemberData(nameof(BundledSpecs))]
    public void Every_operation_reads_answers_generated_from_its_schema_and_writes_each_back_as_it_came(string name)
    {
        var subject = Load(name);
        int seed = int.TryParse(Environment.GetEnvironmentVariable("FLEXCODEGEN_PROPERTY_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int s) ? s : 20261206;
        int perOperation = int.TryParse(Environment.GetEnvironmentVariable("FLEXCODEGEN_PROPERTY_ITERATIONS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : 3;
        var answers = new SchemaAnswers(subject.Spec, new Random(seed));
        var failures = new List<string>();
        int operations = 0;
        foreach (var (op, type, response) in Answers(subject))
        {
            var schema = response["schema"]!;
            if (op.PageItemsProperty is not null) schema = answers.Resolve(schema)["properties"]![op.PageItemsProperty]!["items"]!;
            operations++;
            for (int i = 0; i < perOperation && failures.Count < 20; i++)
            {
                string json = answers.Object(schema);
                if (RoundTrip(type, json) is string failure) failures.Add($"{op.OperationId} (seed {seed}, answer {i}): {failure}\n  {Shorten(json)}");
            }
        }
        Assert.True(operations > 10, $"only {operations} operations with an answer in {name}");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static string Shorten(string text) => text.Length <= 600 ? text : text.Substring(0, 600) + "…";

    /// <summary>Reads <paramref name="json"/> with the model's <c>Parse</c> and compares what <c>ToString()</c> writes back; null when they agree.</summary>
    private static string? RoundTrip(Type model, string json)
    {
        object read;
        try
        {
            read = model.GetMethod("Parse", BindingFlags.Public | BindingFlags.Static, new[] { typeof(string) })!.Invoke(null, new object[] { json })!;
        }
        catch (TargetInvocationException ex)
        {
            return $"{model.Name}.Parse threw {ex.InnerException!.GetType().Name}: {ex.InnerException.Message}";
        }
        string written;
        try
        {
            written = read.ToString()!;
        }
        catch (Exception ex)
        {
            return $"{model.Name}.ToString threw {ex.GetType().Name}: {ex.Message}";
        }
        return Difference(JsonNode.Parse(json), JsonNode.Parse(written), "$") is string difference ? $"{model.Name} written back differently at {difference}\n  wrote {Shorten(written)}" : null;
    }

    /// <summary>
    /// Where what was written back differs from what came, other than by what the README documents: a field whose value
    /// is null is left out (inside free-form JSON it is kept); a date-time is written as ISO-8601 UTC (the same instant); a number in its shortest form (the
    /// same value); a number or boolean that came in a string field is written as a string of its text.
    /// </summary>
    internal static string? Difference(JsonNode? came, JsonNode? written, string path)
    {
        switch (came)
        {
            case null:
                return written is null ? null : $"{path}: null came, {written.ToJsonString()} was written";
            case JsonObject cameObject:
                if (written is not JsonObject writtenObject) return $"{path}: an object came, {written?.ToJsonString() ?? "null"} was written";
                foreach (var (key, field) in cameObject)
                {
                    if (field is null)
                    {
                        // Left out by a typed field; kept, as everything, inside free-form JSON.
                        if (writtenObject.TryGetPropertyValue(key, out var writtenNull) && writtenNull is not null) return $"{path}.{key}: null came, {writtenNull.ToJsonString()} was written";
                        continue;
                    }
                    if (!writtenObject.TryGetPropertyValue(key, out var writtenField)) return $"{path}.{key}: dropped";
                    if (Difference(field, writtenField, path + "." + key) is string inner) return inner;
                }
                foreach (var (key, _) in writtenObject)
                    if (!cameObject.ContainsKey(key)) return $"{path}.{key}: written but never came";
                return null;
            case JsonArray cameArray:
                if (written is not JsonArray writtenArray) return $"{path}: an array came, {written?.ToJsonString() ?? "null"} was written";
                if (cameArray.Count != writtenArray.Count) return $"{path}: {cameArray.Count} items came, {writtenArray.Count} were written";
                for (int i = 0; i < cameArray.Count; i++)
                    if (Difference(cameArray[i], writtenArray[i], $"{path}[{i}]") is string inner) return inner;
                return null;
            default:
                var value = (JsonValue)came;
                if (written is not JsonValue other) return $"{path}: {came.ToJsonString()} came, {written?.ToJsonString() ?? "null"} was written";
                var kind = value.GetValueKind();
                var otherKind = other.GetValueKind();
                if (kind == JsonValueKind.String && otherKind == JsonValueKind.String)
                {
                    string a = value.GetValue<string>(), b = other.GetValue<string>();
                    if (a == b) return null;
                    if (DateTimeOffset.TryParse(a, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var da)
                        && DateTimeOffset.TryParse(b, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var db) && da == db) return null;
                    return $"{path}: {came.ToJsonString()} came, {written.ToJsonString()} was written";
                }
                if (kind == JsonValueKind.Number && otherKind == JsonValueKind.Number)
                    return came.ToJsonString() == written.ToJsonString()
                        || value.TryGetValue<double>(out double x) && other.TryGetValue<double>(out double y) && x == y
                        ? null : $"{path}: {came.ToJsonString()} came, {written.ToJsonString()} was written";
                if (kind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False && otherKind == JsonValueKind.String
                    && other.GetValue<string>() == came.ToJsonString()) return null;
                return kind == otherKind && came.ToJsonString() == written.ToJsonString() ? null : $"{path}: {came.ToJsonString()} came, {written.ToJsonString()} was written";
        }
    }

    /// <summary>Answers made from a response schema: of the promised form most of the time, and not now and then.</summary>
    private sealed class SchemaAnswers
    {
        private static readonly Regex HexId = new(@"^\^([A-Z]{2})\[0-9a-fA-F\]\{32\}\$$");
        private static readonly string[] Texts = { "", "a", "é", "日本語", "👩‍💻 emoji", "line\nbreak", "quote\"back\\slash", "<script>", "& = + % / ? #", "\u00a0nbsp", "+13115552368" };
        private readonly JsonNode _spec;
        private readonly Random _random;

        public SchemaAnswers(JsonNode spec, Random random)
        {
            _spec = spec;
            _random = random;
        }

        public string Object(JsonNode schema) => (Value(schema, 0) ?? new JsonObject()).ToJsonString();

        public JsonNode Resolve(JsonNode schema)
        {
            for (int hops = 0; hops < 20 && schema["$ref"]?.GetValue<string>() is string reference; hops++)
            {
                JsonNode? target = _spec;
                foreach (string part in reference.TrimStart('#', '/').Split('/')) target = target?[part.Replace("~1", "/").Replace("~0", "~")];
                schema = target ?? new JsonObject();
            }
            return schema;
        }

        private bool Chance(int oneIn) => _random.Next(oneIn) == 0;

        private JsonNode? Value(JsonNode schema, int depth)
        {
            schema = Resolve(schema);
            if (schema["nullable"]?.GetValue<bool>() == true && Chance(6)) return null;
            string? type = schema["type"] switch
            {
                JsonValue v => v.GetValue<string>(),
                JsonArray a => a.Select(t => t?.GetValue<string>()).FirstOrDefault(t => t != "null"),
                _ => null,
            };
            if (type is null && schema["properties"] is JsonObject) type = "object";
            // Now and then a value of another kind than promised: it must be kept, not sink the answer.
            if (depth > 0 && Chance(25)) return Other(type);
            if (schema["enum"] is JsonArray values && values.Count > 0 && !Chance(6)) return values[_random.Next(values.Count)]?.DeepClone();
            return type switch
            {
                "string" => String(schema),
                "integer" => Integer(),
                "number" => Number(),
                "boolean" => JsonValue.Create(Chance(2)),
                "array" => Array(schema, depth),
                "object" => Object(schema, depth),
                _ => FreeForm(depth),
            };
        }

        private JsonNode? Other(string? promised) => _random.Next(5) switch
        {
            0 when promised != "string" => JsonValue.Create(Text()),
            1 when promised is not ("integer" or "number") => JsonValue.Create(_random.Next(-5, 5)),
            2 when promised != "boolean" => JsonValue.Create(true),
            3 when promised != "array" => new JsonArray(JsonValue.Create(1), JsonValue.Create("x")),
            _ => new JsonObject { ["unexpected"] = JsonValue.Create(Text()) },
        };

        private string Text()
        {
            string text = Texts[_random.Next(Texts.Length)];
            return Chance(10) ? string.Concat(Enumerable.Repeat(text + "x", 400)) : text;
        }

        private JsonNode String(JsonNode schema)
        {
            string? format = schema["format"]?.GetValue<string>();
            string? pattern = schema["pattern"]?.GetValue<string>();
            if (pattern is not null && HexId.Match(pattern) is { Success: true } id && !Chance(8))
                return JsonValue.Create(id.Groups[1].Value + string.Concat(Enumerable.Range(0, 32).Select(_ => "0123456789abcdefABCDEF"[_random.Next(22)])));
            return format switch
            {
                "date-time" => JsonValue.Create(_random.Next(4) switch
                {
                    0 => "2026-12-06T18:08:39Z",
                    1 => "2026-12-06T19:08:39.123+01:00",
                    2 => "Sun, 06 Dec 2026 18:08:39 +0000",
                    _ => "not a date",
                }),
                "date" => JsonValue.Create(Chance(2) ? "2026-12-06" : "tomorrow"),
                "uri" => JsonValue.Create(_random.Next(4) switch
                {
                    0 => "https://flex-api.twilio.com/v1/Interactions/KDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                    1 => "https://a,b+c.example/v1/x",
                    2 => "/v1/relative?Page=1",
                    _ => Text(),
                }),
                _ => JsonValue.Create(Text()),
            };
        }

        private JsonNode Integer() => _random.Next(6) switch
        {
            0 => JsonValue.Create(int.MaxValue),
            1 => JsonValue.Create(long.MinValue),
            2 => JsonNode.Parse("100000000000000000000000")!,
            3 => JsonValue.Create(0),
            _ => JsonValue.Create(_random.Next(-1000, 1000)),
        };

        private JsonNode Number() => _random.Next(6) switch
        {
            0 => JsonNode.Parse("1.5e308")!,
            1 => JsonNode.Parse("1e400")!,
            2 => JsonNode.Parse("-0.0")!,
            3 => JsonNode.Parse("0.1000")!,
            _ => JsonValue.Create(_random.NextDouble() * 1000),
        };

        private JsonNode Array(JsonNode schema, int depth)
        {
            var array = new JsonArray();
            if (depth > 4) return array;
            int count = _random.Next(4);
            for (int i = 0; i < count; i++) array.Add(schema["items"] is JsonNode items ? Value(items, depth + 1) : FreeForm(depth + 1));
            return array;
        }

        private JsonNode Object(JsonNode schema, int depth)
        {
            var result = new JsonObject();
            if (schema["properties"] is JsonObject properties)
                foreach (var (key, property) in properties)
                    if (property is not null && (depth < 4 || Chance(4)) && !Chance(6)) result[key] = Value(property, depth + 1);
            if (Chance(4)) result["an_extra_" + _random.Next(100)] = FreeForm(depth + 1);
            return result;
        }

        private JsonNode FreeForm(int depth) => depth > 3 || Chance(2)
            ? JsonValue.Create(Text())
            : new JsonObject { ["nested"] = new JsonArray(JsonValue.Create(1), null, JsonValue.Create(false)), ["é"] = JsonValue.Create(Text()) };
    }
}

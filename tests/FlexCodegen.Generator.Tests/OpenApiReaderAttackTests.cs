using System;
using System.Diagnostics;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Xunit;
using static FlexCodegen.Generator.Tests.HostileSpecTests;

namespace FlexCodegen.Generator.Tests;

/// <summary>
/// The spec reader (Parsing/OpenApiReader over System.Text.Json) attacked with values of the wrong kind, references
/// of every shape, keys written twice and long alias chains: each is a diagnostic at its place naming the value, never
/// an internal error, and what is left still generates and compiles.
/// </summary>
public class OpenApiReaderAttackTests
{
    private const string Path = "/specs/test_api_v1.json";

    /// <summary>The small valid spec, edited, one value a line: so a diagnostic's line says where it points.</summary>
    private static string Indented(Action<JsonObject> edit) =>
        JsonNode.Parse(Spec(edit))!.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    private static int LineOf(string text, string needle) =>
        text[..text.IndexOf(needle, StringComparison.Ordinal)].Count(c => c == '\n');

    private static Diagnostic[] Of(GeneratorOutput output, string id) => output.GeneratorDiagnostics.Where(d => d.Id == id).ToArray();

    private static void NoInternalError(GeneratorOutput output) =>
        Assert.DoesNotContain(output.GeneratorDiagnostics, d => d.Id == "FLXG999");

    private static Diagnostic SingleWarningAt(GeneratorOutput output, string text, string needle, params string[] named)
    {
        var d = Assert.Single(Of(output, "FLXG008"));
        foreach (var word in named) Assert.Contains(word, d.GetMessage());
        Assert.Equal(LineOf(text, needle), d.Location.GetLineSpan().StartLinePosition.Line);
        return d;
    }

    public static TheoryData<string, string, string[]> WrongKinds() => new()
    {
        // case, the value the diagnostic's line holds, words its message must name
        { "path item is a string", "\"hi\"", new[] { "'/v1/Gadgets'", "the string 'hi'" } },
        { "operation is a number", "\"get\": 5", new[] { "'get'", "the number 5" } },
        { "a parameter is null", "null", new[] { "entry 1 of 'parameters'", "null" } },
        { "nullable is \"yes\"", "\"yes\"", new[] { "'nullable'", "the string 'yes'" } },
        { "type is a number", "\"type\": 7", new[] { "'type'", "the number 7" } },
        { "required holds a number", "42", new[] { "entry 1 of 'required'", "the number 42" } },
        { "items is an array", "\"items\": [", new[] { "'items'", "an array" } },
        { "minimum is not a number", "\"abc\"", new[] { "'minimum'", "the string 'abc'" } },
        { "minLength is a string", "\"minLength\": \"3\"", new[] { "'minLength'", "the string '3'" } },
    };

    private static void Break(JsonObject doc, string name)
    {
        var body = CreateBody(doc)["properties"]!;
        switch (name)
        {
            case "path item is a string": doc["paths"]!["/v1/Gadgets"] = "hi"; break;
            case "operation is a number": doc["paths"]!["/v1/Widgets/{Sid}"]!["get"] = 5; break;
            case "a parameter is null": Op(doc, "/v1/Widgets", "get")["parameters"]!.AsArray().Add(null); break;
            case "nullable is \"yes\"": Widget(doc)["properties"]!["sid"]!["nullable"] = "yes"; break;
            case "type is a number": body["Size"]!["type"] = 7; break;
            case "required holds a number": CreateBody(doc)["required"] = new JsonArray("Color", 42); break;
            case "items is an array": body["Tags"] = JsonNode.Parse("""{ "type": "array", "items": [ { "type": "string" } ] }"""); break;
            case "minimum is not a number": body["Size"]!["minimum"] = "abc"; break;
            case "minLength is a string": body["FriendlyName"]!["minLength"] = "3"; break;
        }
    }

    [Theory]
    [MemberData(nameof(WrongKinds))]
    public void A_value_of_the_wrong_kind_is_a_warning_at_it_naming_field_and_value_and_the_rest_compiles(string name, string needle, string[] named)
    {
        string text = Indented(doc => Break(doc, name));
        var output = HostileSpecTests.Run(text);

        NoInternalError(output);
        SingleWarningAt(output, text, needle, named);
        Assert.Contains(output.Files.Keys, k => k.EndsWith(".CreateWidgetRequest.g.cs", StringComparison.Ordinal));
        CompilesClean(output);
    }

    [Theory]
    [InlineData("""{ "if": { "Color": { "present": true }, "Color": { "present": true } }, "then": { "FriendlyName": { "present": true } } }""", "Color")]
    [InlineData("""{ "rule": "a", "rule": "b", "if": { "Color": { "present": true } }, "then": { "FriendlyName": { "present": true } } }""", "rule")]
    [InlineData("""{ "if": { "Color": { "present": true, "present": false } }, "then": { "FriendlyName": { "present": true } } }""", "present")]
    public void A_key_written_twice_in_x_rules_is_an_unreadable_spec_at_that_key_not_an_internal_error(string rule, string key)
    {
        // System.Text.Json builds an object only when it is first read: x-rules used to be first read by the parser,
        // outside the reader's guard, and a repeated key there was FLXG999.
        string text = Indented(doc => CreateBody(doc)["x-rules"] = new JsonArray(JsonValue.Create("RULE")))
            .Replace("\"RULE\"", rule);
        var output = HostileSpecTests.Run(text);

        NoInternalError(output);
        var d = Assert.Single(Of(output, "FLXG001"));
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Contains(key, d.GetMessage());
        Assert.Equal(LineOf(text, rule), d.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Empty(output.Files);
    }

    [Fact]
    public void A_key_written_twice_anywhere_read_is_reported_at_that_key()
    {
        string text = Indented(_ => { }).Replace("\"sid\": {", "\"sid\": {},\n\"sid\": {");
        var output = HostileSpecTests.Run(text);

        var d = Assert.Single(Of(output, "FLXG001"));
        Assert.Contains("sid", d.GetMessage());
        Assert.Equal(LineOf(text, "\"sid\": {},"), d.Location.GetLineSpan().StartLinePosition.Line); // a pointer names the key, not which of the two
    }

    [Fact]
    public void With_two_keys_written_twice_the_message_names_the_key_it_is_shown_at()
    {
        // The reader builds 'components' before this operation, so System.Text.Json trips over 'description' first
        // and names it, while the first key twice in the file, where the diagnostic is shown, is 'summary'.
        string text = Indented(_ => { })
            .Replace("\"summary\": \"Lists widgets.\",", "\"summary\": \"Lists widgets.\",\n\"summary\": \"again\",")
            .Replace("\"description\": \"A widget.\",", "\"description\": \"A widget.\",\n\"description\": \"again\",");
        var output = HostileSpecTests.Run(text);

        var d = Assert.Single(Of(output, "FLXG001"));
        Assert.Equal(LineOf(text, "\"summary\": \"Lists widgets.\","), d.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Contains("'summary'", d.GetMessage());
        Assert.DoesNotContain("description", d.GetMessage());
    }

    /// <summary>The small spec with a key the reader never reads, written before everything else it reads.</summary>
    private static string WithUndecodableKey(Action<JsonObject> edit) =>
        Indented(doc => { doc["info"]!["x-logo"] = new JsonObject { ["UNDECODABLE"] = 1 }; edit(doc); }).Replace("UNDECODABLE", "\\ud800");

    [Fact]
    public void A_key_that_cannot_be_decoded_before_a_problem_leaves_the_problem_where_it_is()
    {
        // An escaped lone surrogate: System.Text.Json will not decode it. The reader never reads this one, but the
        // locator walks past it to place the warning, and used to throw there (FLXG999 instead of the warning).
        string text = WithUndecodableKey(doc => Widget(doc)["properties"]!["sid"]!["nullable"] = "yes");
        var output = HostileSpecTests.Run(text);

        NoInternalError(output);
        SingleWarningAt(output, text, "\"yes\"", "'nullable'", "the string 'yes'");
    }

    [Fact]
    public void A_key_written_twice_after_a_key_that_cannot_be_decoded_is_still_reported_at_that_key()
    {
        string text = WithUndecodableKey(_ => { }).Replace("\"sid\": {", "\"sid\": {},\n\"sid\": {");
        var output = HostileSpecTests.Run(text);

        NoInternalError(output);
        var d = Assert.Single(Of(output, "FLXG001"));
        Assert.Contains("sid", d.GetMessage());
        Assert.Equal(LineOf(text, "\"sid\": {},"), d.Location.GetLineSpan().StartLinePosition.Line);
    }

    [Theory]
    [InlineData("a path")]
    [InlineData("a property's name")]
    [InlineData("a description")]
    [InlineData("an enum value")]
    [InlineData("a key in an enum value")]
    [InlineData("a rule's name")]
    [InlineData("a value a rule's field equals")]
    public void Text_that_cannot_be_decoded_where_it_is_read_is_an_unreadable_spec_at_that_text(string where)
    {
        // An escaped lone surrogate: System.Text.Json throws when it reads one, and does not say where. Enum values
        // and x-rules are kept as JSON and were read after the reader's guard, where that was FLXG999.
        string text = Indented(doc =>
        {
            var body = CreateBody(doc);
            switch (where)
            {
                case "a path": doc["paths"]!["/v1/UNDECODABLE"] = new JsonObject(); break;
                case "a property's name": Widget(doc)["properties"]!["UNDECODABLE"] = new JsonObject { ["type"] = "string" }; break;
                case "a description": Widget(doc)["description"] = "A UNDECODABLE widget."; break;
                case "an enum value": body["properties"]!["Color"]!["enum"] = new JsonArray("red", "UNDECODABLE"); break;
                case "a key in an enum value": body["properties"]!["Color"]!["enum"] = new JsonArray(new JsonObject { ["UNDECODABLE"] = 1 }, "blue"); break;
                case "a rule's name": body["x-rules"]![0]!["rule"] = "UNDECODABLE"; break;
                case "a value a rule's field equals": body["x-rules"]![0]!["if"]!["Color"] = JsonNode.Parse("""{ "equals": [ "UNDECODABLE" ] }"""); break;
            }
        }).Replace("UNDECODABLE", "\\ud800");
        var output = HostileSpecTests.Run(text);

        NoInternalError(output);
        var d = Assert.Single(Of(output, "FLXG001"));
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal(LineOf(text, "\\ud800"), d.Location.GetLineSpan().StartLinePosition.Line);
        Assert.DoesNotContain("..", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(output.Files);
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[ 1, 2 ]")]
    [InlineData("""{ "swagger": "2.0", "paths": {} }""")]
    [InlineData("""{ "openapi": 3, "paths": {} }""")]
    [InlineData("""{ "openapi": "4.0", "paths": {} }""")]
    [InlineData("""{ "info": { "title": "x" }, "paths": {} }""")]
    [InlineData("""{ "openapi": "3.0.1", "paths": [] }""")]
    public void A_document_that_is_not_an_OpenAPI_3_object_is_one_error_and_nothing_else(string text)
    {
        var output = HostileSpecTests.Run(text);

        var d = Assert.Single(output.GeneratorDiagnostics);
        Assert.Equal("FLXG001", d.Id);
        Assert.Equal(Path, d.Location.GetLineSpan().Path);
        Assert.Empty(output.Files);
    }

    [Fact]
    public void Comments_trailing_commas_and_x_keys_read_as_the_plain_spec_does()
    {
        string plain = Indented(_ => { });
        string loose = "// a comment\n" + plain.Replace("\"title\": \"Twilio - Test\",", "\"title\": \"Twilio - Test\", /* there */")
            .Replace("\"version\": \"1.0.0\"", "\"version\": \"1.0.0\",")
            .Replace("\"/v1/Widgets\": {", "\"/v1/Widgets\": { \"x-foo\": [ 1, { \"odd\": true } ],");
        var expected = HostileSpecTests.Run(plain);
        var output = HostileSpecTests.Run(loose);

        Assert.Empty(output.GeneratorDiagnostics);
        Assert.Equal(expected.Files, output.Files);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("query")]
    public void A_method_key_OpenAPI_does_not_have_is_reported_not_lost_without_a_word(string method)
    {
        string text = Indented(doc => doc["paths"]!["/v1/Widgets/{Sid}"]![method] = Op(doc, "/v1/Widgets/{Sid}", "get").DeepClone());
        var output = HostileSpecTests.Run(text);

        SingleWarningAt(output, text, $"\"{method}\": {{", $"'{method}'");
        CompilesClean(output);
    }

    [Fact]
    public void Parameter_response_and_body_references_are_followed_and_their_loops_and_dead_ends_are_said_at_the_ref()
    {
        string text = Indented(doc =>
        {
            var components = doc["components"]!.AsObject();
            components["parameters"] = JsonNode.Parse("""
                { "a/b": { "name": "Color", "in": "query", "schema": { "type": "string" } },
                  "Loop1": { "$ref": "#/components/parameters/Loop2" }, "Loop2": { "$ref": "#/components/parameters/Loop1" } }
                """);
            components["responses"] = new JsonObject { ["Widget"] = Op(doc, "/v1/Widgets/{Sid}", "get")["responses"]!["200"]!.DeepClone() };
            components["requestBodies"] = new JsonObject { ["Create"] = Op(doc, "/v1/Widgets", "post")["requestBody"]!.DeepClone() };
            var list = Op(doc, "/v1/Widgets", "get")["parameters"]!.AsArray();
            list.Add(JsonNode.Parse("""{ "$ref": "#/components/parameters/a~1b" }"""));
            list.Add(JsonNode.Parse("""{ "$ref": "#/components/parameters/Loop1" }"""));
            list.Add(JsonNode.Parse("""{ "$ref": "#/components/responses/Widget" }"""));
            Op(doc, "/v1/Widgets/{Sid}", "get")["responses"]!["200"] = JsonNode.Parse("""{ "$ref": "#/components/responses/Widget" }""");
            Op(doc, "/v1/Widgets", "post")["requestBody"] = JsonNode.Parse("""{ "$ref": "#/components/requestBodies/Create" }""");
        });
        var output = HostileSpecTests.Run(text);

        NoInternalError(output);
        var warnings = Of(output, "FLXG008");
        Assert.Equal(2, warnings.Length);
        Assert.Contains(warnings, d => d.GetMessage().Contains("'#/components/parameters/Loop1' leads back to itself", StringComparison.Ordinal)
            && d.Location.GetLineSpan().StartLinePosition.Line == LineOf(text, "\"Loop2\": {") + 1);
        Assert.Contains(warnings, d => d.GetMessage().Contains("'#/components/responses/Widget' is not a reference to #/components/parameters/", StringComparison.Ordinal));
        Assert.Contains("Color", output.File("ListWidgetRequest")); // the escaped a~1b was found
        var plain = HostileSpecTests.Run(Spec(_ => { }));
        foreach (var file in plain.Files.Where(f => !f.Key.EndsWith(".ListWidgetRequest.g.cs", StringComparison.Ordinal)))
            Assert.Equal(file.Value, output.Files[file.Key]); // the body and the response came through their $ref as they are
        CompilesClean(output);
    }

    [Theory]
    [InlineData("#/paths/~1v1~1Widgets/get", "is not a reference to #/components/schemas/{name}")]
    [InlineData("other.json#/components/schemas/widget_enum_status", "is not a reference to #/components/schemas/{name}")]
    [InlineData("#/components/schemas/test.v1.widget/properties/sid", "is not a reference to #/components/schemas/{name}")]
    [InlineData("#/components/schemas/test.v1.widget%2Fproperties%2Fsid", "is not a reference to #/components/schemas/{name}")] // %2F is a '/'
    [InlineData("#/components/schemas/gone", "points nowhere")]
    [InlineData("#/components/schemas/alias_to_gone", "leads to '#/components/schemas/gone', which points nowhere")]
    [InlineData("#/components/schemas/loop_a", "leads back to itself")]
    public void A_schema_reference_that_cannot_be_followed_says_why_at_the_ref_and_is_typed_as_json(string reference, string why)
    {
        string text = Indented(doc =>
        {
            var schemas = doc["components"]!["schemas"]!.AsObject();
            schemas["alias_to_gone"] = JsonNode.Parse("""{ "$ref": "#/components/schemas/gone" }""");
            schemas["loop_a"] = JsonNode.Parse("""{ "$ref": "#/components/schemas/loop_b" }""");
            schemas["loop_b"] = JsonNode.Parse("""{ "$ref": "#/components/schemas/loop_a" }""");
            CreateBody(doc)["properties"]!["Odd"] = new JsonObject { ["$ref"] = reference };
        });
        var output = HostileSpecTests.Run(text);

        NoInternalError(output);
        var d = Assert.Single(Of(output, "FLXG002"), x => x.Location.GetLineSpan().StartLinePosition.Line == LineOf(text, "\"Odd\""));
        Assert.Contains(reference, d.GetMessage());
        Assert.Contains(why, d.GetMessage());
        Assert.Contains("JsonElement? Odd", output.File("CreateWidgetRequest"));
        CompilesClean(output);
    }

    [Theory]
    [InlineData("type", "\"type\": null", "'type' is null; it was read as absent")]
    [InlineData("description", "\"description\": null", "'description' is null; it was read as absent")]
    [InlineData("$ref", "\"$ref\": null", "'$ref' is null; it was read as absent")]
    [InlineData("items", "\"items\": null", "'items' is null; it was read as absent")]
    [InlineData("a property", "\"Odd\": null", "'Odd' is null; it was skipped")]
    [InlineData("a response", "\"200\": null", "'200' is null; it was skipped")]
    [InlineData("an operation", "\"delete\": null", "'delete' is null; it was skipped")]
    [InlineData("a type entry", "null", "entry 1 of 'type' must be a string, found null; it was skipped")] // ["integer", "null"] misspelt
    public void A_member_written_as_null_is_said_at_it_not_read_as_absent_without_a_word(string name, string needle, string message)
    {
        string text = Indented(doc =>
        {
            var body = CreateBody(doc)["properties"]!.AsObject();
            switch (name)
            {
                case "type": body["Size"]!["type"] = null; break;
                case "description": Op(doc, "/v1/Widgets", "get")["description"] = null; break;
                case "$ref": body["Size"]!["$ref"] = null; break;
                case "items": body["Tags"] = new JsonObject { ["type"] = "array", ["items"] = null }; break;
                case "a property": body["Odd"] = null; break;
                case "a response": Op(doc, "/v1/Widgets/{Sid}", "get")["responses"]!["200"] = null; break;
                case "an operation": doc["paths"]!["/v1/Widgets/{Sid}"]!["delete"] = null; break;
                case "a type entry": body["Size"]!["type"] = new JsonArray((JsonNode)"integer", null); break;
            }
        });
        var output = HostileSpecTests.Run(text);

        NoInternalError(output);
        var d = SingleWarningAt(output, text, needle);
        Assert.Contains(message, d.GetMessage());
        CompilesClean(output);
    }

    [Fact]
    public void A_null_in_what_an_overlay_adds_is_dropped_too_not_warned_about()
    {
        // JSON Merge Patch: a null in the update never lands in the spec, whether or not the member it names was there.
        // The wildcard meets a property with a description and one without: only 'Size' had none to drop.
        var output = GeneratorHarness.Run(
            new InputFile("/specs/test_api_v1.json", Spec(_ => { })),
            new InputFile("/specs/test_api_v1.overlay.json", """
                { "overlay": "1.0.0", "actions": [
                  { "target": "$.paths['/v1/Widgets'].post.requestBody.content['application/x-www-form-urlencoded'].schema.properties",
                    "update": { "FriendlyName": { "description": null }, "Weight": { "type": "integer", "description": null, "x-note": { "old": null } } } } ] }
                """, "Overlay"));

        Assert.Empty(output.GeneratorDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.Contains("public int? Weight { get; private set; }", output.File("CreateWidgetRequest"));
        Assert.DoesNotContain("A name.", output.File("CreateWidgetRequest"));
        CompilesClean(output);
    }

    [Fact]
    public void A_component_reached_by_references_spelt_two_ways_is_said_once_by_its_name()
    {
        // 'not%20found' and 'not found' name the same response: its problem is one warning, naming 'not found'.
        string text = Indented(doc =>
        {
            doc["components"]!["responses"] = JsonNode.Parse("""{ "not found": "oops" }""");
            Op(doc, "/v1/Widgets/{Sid}", "get")["responses"]!["404"] = new JsonObject { ["$ref"] = "#/components/responses/not%20found" };
            Op(doc, "/v1/Widgets", "get")["responses"]!["404"] = new JsonObject { ["$ref"] = "#/components/responses/not found" };
        });
        var output = HostileSpecTests.Run(text);

        NoInternalError(output);
        SingleWarningAt(output, text, "\"not found\": \"oops\"", "'not found' must be an object", "the string 'oops'");
        CompilesClean(output);
    }

    [Fact]
    public void A_null_server_is_said_at_it()
    {
        string text = Indented(doc => doc["servers"] = new JsonArray((JsonNode?)null));
        var output = HostileSpecTests.Run(text);

        NoInternalError(output);
        var d = Assert.Single(Of(output, "FLXG008"));
        Assert.Contains("entry 0 of 'servers' is null; it was skipped", d.GetMessage());
        Assert.Equal(LineOf(text, "\"servers\": [") + 1, d.Location.GetLineSpan().StartLinePosition.Line);
        CompilesClean(output);
    }

    [Fact]
    public void An_overlay_that_updates_a_member_to_null_removes_it_without_a_warning()
    {
        var output = GeneratorHarness.Run(
            new InputFile("/specs/test_api_v1.json", Spec(_ => { })),
            new InputFile("/specs/test_api_v1.overlay.json", """
                { "overlay": "1.0.0", "actions": [ { "target": "$.paths['/v1/Widgets'].get", "update": { "summary": null } } ] }
                """, "Overlay"));

        Assert.Empty(output.GeneratorDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.DoesNotContain("Lists widgets.", string.Concat(output.Files.Values));
        CompilesClean(output);
    }

    [Fact]
    public void A_reference_is_percent_decoded_before_it_is_read_as_a_pointer()
    {
        // A $ref is a URI: a name with a space, a percent sign or a slash is written %20, %25 and ~1 in it.
        var output = HostileSpecTests.Run(Spec(doc =>
        {
            var schemas = doc["components"]!["schemas"]!.AsObject();
            schemas["gadget size"] = JsonNode.Parse("""{ "type": "integer", "minimum": 1 }""");
            schemas["100% a/b"] = JsonNode.Parse("""{ "type": "boolean" }""");
            CreateBody(doc)["properties"]!["Size"] = new JsonObject { ["$ref"] = "#/components/schemas/gadget%20size" };
            CreateBody(doc)["properties"]!["Whole"] = new JsonObject { ["$ref"] = "#/components/schemas/100%25%20a~1b" };
        }));

        NoInternalError(output);
        Assert.Empty(Of(output, "FLXG002"));
        Assert.Contains("public int? Size { get; private set; }", output.File("CreateWidgetRequest"));
        Assert.Contains("public bool? Whole { get; private set; }", output.File("CreateWidgetRequest"));
        CompilesClean(output);
    }

    [Fact]
    public void A_long_alias_chain_is_followed_once_not_once_per_link()
    {
        // S0 -> S1 -> ... -> S16000 -> a string with a length rule: each link used to walk the rest of the chain
        // (quadratic: 9 s here; 0.2 s now), and typing the property recursed once per link.
        const int Links = 16000;
        string text = Spec(doc =>
        {
            var schemas = doc["components"]!["schemas"]!.AsObject();
            for (int i = 0; i < Links; i++) schemas["S" + i] = new JsonObject { ["$ref"] = "#/components/schemas/S" + (i + 1) };
            schemas["S" + Links] = JsonNode.Parse("""{ "type": "string", "maxLength": 9 }""");
            CreateBody(doc)["properties"]!["Aliased"] = new JsonObject { ["$ref"] = "#/components/schemas/S0" };
        });
        var clock = Stopwatch.StartNew();
        var output = HostileSpecTests.Run(text);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
        Assert.Empty(output.GeneratorDiagnostics);
        Assert.Contains("string? Aliased", output.File("CreateWidgetRequest"));
        CompilesClean(output);
    }

    [Theory]
    [InlineData("Widget")]
    [InlineData("CreateWidgetRequest")]
    [InlineData("ListWidgetRequest")]
    public void A_list_of_lists_is_reported_and_typed_as_a_list_of_json_so_it_compiles(string type)
    {
        // Each emitter wrote code for a list of lists that did not compile (CS0136, CS8603) with no diagnostic.
        const string Matrix = """{ "type": "array", "items": { "type": "array", "items": { "type": "array", "items": { "type": "integer" } } } }""";
        string text = Indented(doc =>
        {
            if (type == "Widget") Widget(doc)["properties"]!["grid"] = JsonNode.Parse(Matrix);
            else if (type == "CreateWidgetRequest") CreateBody(doc)["properties"]!["grid"] = JsonNode.Parse(Matrix);
            else Op(doc, "/v1/Widgets", "get")["parameters"]!.AsArray().Add(new JsonObject { ["name"] = "grid", ["in"] = "query", ["schema"] = JsonNode.Parse(Matrix) });
        });
        var output = HostileSpecTests.Run(text);

        var d = Assert.Single(Of(output, "FLXG004"));
        Assert.Contains("'grid'", d.GetMessage());
        var lines = text.Split('\n');
        int line = Array.FindIndex(lines, LineOf(text, "\"grid\""), l => l.Contains("\"items\""));
        Assert.Equal(line, d.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Contains("JsonElement", output.File(type));
        CompilesClean(output);
    }

    [Fact]
    public void Schema_true_reads_as_any_value_and_false_is_reported()
    {
        string text = Indented(doc =>
        {
            CreateBody(doc)["properties"]!["Anything"] = true;
            CreateBody(doc)["properties"]!["Nothing"] = false;
        });
        var output = HostileSpecTests.Run(text);

        SingleWarningAt(output, text, "\"Nothing\"", "'Nothing'", "false");
        Assert.Contains("JsonElement? Anything", output.File("CreateWidgetRequest"));
        CompilesClean(output);
    }

    [Fact]
    public void A_problem_in_a_shared_component_is_said_once_and_more_than_twenty_are_counted_not_dropped()
    {
        var shared = HostileSpecTests.Run(Spec(doc =>
        {
            doc["components"]!["parameters"] = JsonNode.Parse("""{ "Odd": { "name": "Odd", "in": "body" } }""");
            foreach (var (path, method) in new[] { ("/v1/Widgets", "get"), ("/v1/Widgets", "post"), ("/v1/Widgets/{Sid}", "get") })
                (Op(doc, path, method)["parameters"] ??= new JsonArray()).AsArray().Add(JsonNode.Parse("""{ "$ref": "#/components/parameters/Odd" }"""));
        }));
        Assert.Contains("'in' 'body'", Assert.Single(Of(shared, "FLXG008")).GetMessage());

        var many = HostileSpecTests.Run(Spec(doc =>
        {
            for (int i = 0; i < 25; i++) Widget(doc)["properties"]!["p" + i] = i;
        }));
        var warnings = Of(many, "FLXG008").Select(d => d.GetMessage()).ToList();
        Assert.Equal(21, warnings.Count);
        Assert.Contains("5 more problems", warnings[20]);
        CompilesClean(many);
    }
}

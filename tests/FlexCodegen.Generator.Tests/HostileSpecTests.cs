using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Xunit;

namespace FlexCodegen.Generator.Tests;

/// <summary>
/// Every string in a spec is data: specs written to break the build or inject code, names that collide with each
/// other or with generated members, numbers and patterns that cannot be checks, and recursive schemas.
/// </summary>
public class HostileSpecTests
{
    /// <summary>The member a hostile description tries to add: it would read the environment at run time.</summary>
    private const string Payload = "public static string Injected => global::System.Environment.GetEnvironmentVariable(\"HOME\") ?? \"\";";

    private static readonly string[] Breaks = { "\u2028", "\u2029", "\u0085", "\r" };

    /// <summary>A small valid spec; <paramref name="edit"/> makes it hostile.</summary>
    internal static string Spec(Action<JsonObject> edit, string title = "Twilio - Test")
    {
        var doc = JsonNode.Parse($$"""
            {
              "openapi": "3.0.1",
              "info": { "title": {{System.Text.Json.JsonSerializer.Serialize(title)}}, "version": "1.0.0" },
              "servers": [ { "url": "https://test.twilio.com" } ],
              "paths": {
                "/v1/Widgets": {
                  "get": {
                    "operationId": "ListWidget",
                    "summary": "Lists widgets.",
                    "parameters": [ { "name": "PageSize", "in": "query", "description": "How many.", "schema": { "type": "integer", "minimum": 1, "maximum": 1000 } } ],
                    "responses": { "200": { "description": "OK", "content": { "application/json": { "schema": {
                      "type": "object",
                      "properties": { "widgets": { "type": "array", "items": { "$ref": "#/components/schemas/test.v1.widget" } }, "meta": { "type": "object" } } } } } } }
                  },
                  "post": {
                    "operationId": "CreateWidget",
                    "summary": "Creates a widget.",
                    "requestBody": { "content": { "application/x-www-form-urlencoded": { "schema": {
                      "type": "object",
                      "properties": {
                        "FriendlyName": { "type": "string", "description": "A name.", "pattern": "^[a-z]+$" },
                        "Color": { "type": "string", "enum": ["red", "blue"] },
                        "Size": { "type": "integer", "minimum": 1 }
                      },
                      "x-rules": [ { "rule": "Color needs a name", "if": { "Color": { "present": true } }, "then": { "FriendlyName": { "present": true } } } ]
                    } } } },
                    "responses": { "201": { "description": "Created", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/test.v1.widget" } } } } }
                  }
                },
                "/v1/Widgets/{Sid}": {
                  "get": {
                    "operationId": "FetchWidget",
                    "parameters": [ { "name": "Sid", "in": "path", "required": true, "schema": { "type": "string", "pattern": "^WD[0-9a-fA-F]{32}$" } } ],
                    "responses": { "200": { "description": "OK", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/test.v1.widget" } } } } }
                  }
                }
              },
              "components": {
                "schemas": {
                  "test.v1.widget": {
                    "type": "object",
                    "description": "A widget.",
                    "properties": {
                      "sid": { "type": "string", "pattern": "^WD[0-9a-fA-F]{32}$", "nullable": true, "description": "The id." },
                      "status": { "$ref": "#/components/schemas/widget_enum_status" }
                    }
                  },
                  "widget_enum_status": { "type": "string", "enum": ["on", "off"], "description": "A status." }
                }
              }
            }
            """)!.AsObject();
        edit(doc);
        return doc.ToJsonString();
    }

    internal static JsonObject Op(JsonObject doc, string path, string method) => doc["paths"]![path]![method]!.AsObject();

    internal static JsonObject CreateBody(JsonObject doc) =>
        Op(doc, "/v1/Widgets", "post")["requestBody"]!["content"]!["application/x-www-form-urlencoded"]!["schema"]!.AsObject();

    internal static JsonObject Widget(JsonObject doc) => doc["components"]!["schemas"]!["test.v1.widget"]!.AsObject();

    internal static GeneratorOutput Run(string spec, string path = "/specs/test_api_v1.json") => GeneratorHarness.Run(new InputFile(path, spec));

    internal static void CompilesClean(GeneratorOutput output)
    {
        var problems = output.CompileProblems();
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
    }

    /// <summary>Compiles, loads the assembly and lists every member of every type it defines.</summary>
    private static List<(Type Type, MemberInfo[] Members)> Load(GeneratorOutput output)
    {
        using var pe = new MemoryStream();
        var emit = output.Compilation.Emit(pe);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(20)));
        var context = new AssemblyLoadContext("hostile-spec", isCollectible: true);
        try
        {
            pe.Position = 0;
            var assembly = context.LoadFromStream(pe);
            return assembly.GetTypes().Select(t => (t, t.GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))).ToList();
        }
        finally
        {
            context.Unload();
        }
    }

    public static IEnumerable<object[]> LineBreaks() => Breaks.Select(b => new object[] { b });

    [Theory]
    [MemberData(nameof(LineBreaks))]
    public void No_line_terminator_in_spec_text_can_add_a_member(string lineBreak)
    {
        string hostile = "Harmless." + lineBreak + Payload + lineBreak + "// */ <b>&amp;</b>";
        string spec = Spec(doc =>
        {
            doc["info"]!["description"] = hostile;
            doc["servers"]![0]!["url"] = "https://test.twilio.com/" + lineBreak + Payload;
            Widget(doc)["description"] = hostile;
            Widget(doc)["properties"]!["sid"]!["description"] = hostile;
            doc["components"]!["schemas"]!["widget_enum_status"]!["description"] = hostile;
            doc["components"]!["schemas"]!["widget_enum_status"]!["enum"]!.AsArray().Add("on" + lineBreak + Payload);
            var list = Op(doc, "/v1/Widgets", "get");
            list["summary"] = hostile;
            list["parameters"]![0]!["description"] = hostile;
            var body = CreateBody(doc);
            body["properties"]!["FriendlyName"]!["description"] = hostile;
            body["properties"]!["FriendlyName"]!["pattern"] = "^[a-z]+$" + lineBreak + "\"; " + Payload;
            body["x-rules"]![0]!["rule"] = "Color needs a name" + lineBreak + Payload + "\n\"" + Payload;
        });

        var output = Run(spec);

        CompilesClean(output);
        var types = Load(output);
        Assert.NotEmpty(types);
        // (An enum member named after the hostile value, OnPublicStaticStringInjected…, is data the spec declared.)
        Assert.DoesNotContain(types, t => t.Type.Name == "Injected");
        Assert.DoesNotContain(types.SelectMany(t => t.Members), m => m.Name is "Injected" or "get_Injected");
        // The text is kept as data: the listed value with the payload in it is still a known value, byte for byte.
        var status = types.Single(t => t.Type.Name == "WidgetStatus").Type;
        var known = (System.Collections.IEnumerable)status.GetProperty("KnownValues")!.GetValue(null)!;
        Assert.Contains("on" + lineBreak + Payload, known.Cast<object>().Select(v => v.ToString()));
    }

    [Fact]
    public void A_rule_text_with_a_newline_compiles_and_is_quoted_whole()
    {
        string spec = Spec(doc => CreateBody(doc)["x-rules"]![0]!["rule"] = "Color needs\na name");
        var output = Run(spec);
        CompilesClean(output);
        Assert.Contains("Color needs\\na name", output.File("CreateWidgetRequest"));
    }

    [Fact]
    public void A_number_outside_the_range_of_double_is_reported_and_not_checked()
    {
        string spec = Spec(doc => CreateBody(doc)["properties"]!["Size"]!["minimum"] = JsonNode.Parse("1e400"));
        var output = Run(spec);

        CompilesClean(output);
        var d = Assert.Single(output.GeneratorDiagnostics, x => x.Id == "FLXG010");
        Assert.Contains("1e400", d.GetMessage());
        Assert.Equal("/specs/test_api_v1.json", d.Location.GetLineSpan().Path);
        Assert.DoesNotContain("Infinity", output.File("CreateWidgetRequest"));
    }

    [Fact]
    public void An_invalid_pattern_is_reported_at_its_place_and_left_out()
    {
        string spec = Spec(doc => CreateBody(doc)["properties"]!["FriendlyName"]!["pattern"] = "([a-");
        var output = Run(spec);

        CompilesClean(output);
        var d = Assert.Single(output.GeneratorDiagnostics, x => x.Id == "FLXG011");
        Assert.Contains("([a-", d.GetMessage());
        int line = spec.Split("([a-")[0].Count(c => c == '\n');
        Assert.Equal(line, d.Location.GetLineSpan().StartLinePosition.Line);
        Assert.DoesNotContain("([a-", output.File("CreateWidgetRequest"));
    }

    [Fact]
    public void A_recursive_schema_generates_a_recursive_class()
    {
        string spec = Spec(doc =>
        {
            doc["components"]!["schemas"]!["test.v1.node"] = JsonNode.Parse("""
                { "type": "object", "properties": {
                    "name": { "type": "string" },
                    "parent": { "$ref": "#/components/schemas/test.v1.node" },
                    "children": { "type": "array", "items": { "$ref": "#/components/schemas/test.v1.node" } } } }
                """);
            Widget(doc)["properties"]!["tree"] = JsonNode.Parse("""{ "$ref": "#/components/schemas/test.v1.node" }""");
        });
        var output = Run(spec);

        Assert.DoesNotContain(output.GeneratorDiagnostics, d => d.Id == "FLXG999");
        CompilesClean(output);
        var node = Load(output).Single(t => t.Type.Name == "Node").Type;
        Assert.Equal("Node", node.GetProperty("Parent")!.PropertyType.Name);
        Assert.Contains("Node", node.GetProperty("Children")!.PropertyType.GenericTypeArguments.Select(a => a.Name));
    }

    [Fact]
    public void A_ref_that_only_leads_back_to_itself_is_reported_and_the_rest_generates()
    {
        string spec = Spec(doc =>
        {
            doc["components"]!["schemas"]!["test.v1.loop"] = JsonNode.Parse("""{ "$ref": "#/components/schemas/test.v1.loop" }""");
            Widget(doc)["properties"]!["loop"] = JsonNode.Parse("""{ "$ref": "#/components/schemas/test.v1.loop" }""");
        });
        var output = Run(spec);

        Assert.DoesNotContain(output.GeneratorDiagnostics, d => d.Id == "FLXG999");
        Assert.Contains(output.GeneratorDiagnostics, d => d.Id == "FLXG002" && d.GetMessage().Contains("leads back to itself"));
        CompilesClean(output);
        var widget = Load(output).Single(t => t.Type.Name == "Widget").Type;
        Assert.Equal(typeof(System.Text.Json.JsonElement?), widget.GetProperty("Loop")!.PropertyType);
    }

    [Fact]
    public void Schemas_that_differ_only_in_case_or_separators_get_distinct_types_and_files()
    {
        string spec = Spec(doc =>
        {
            doc["components"]!["schemas"]!["foo_bar"] = JsonNode.Parse("""{ "type": "object", "properties": { "a": { "type": "string" } } }""");
            doc["components"]!["schemas"]!["foobar"] = JsonNode.Parse("""{ "type": "object", "properties": { "b": { "type": "string" } } }""");
            doc["components"]!["schemas"]!["FOOBAR"] = JsonNode.Parse("""{ "type": "object", "properties": { "c": { "type": "string" } } }""");
        });
        var output = Run(spec);

        CompilesClean(output);
        Assert.Equal(output.Files.Count, output.Files.Keys.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(2, output.GeneratorDiagnostics.Count(d => d.Id == "FLXG003" && d.GetMessage().Contains("oobar", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public void Two_specs_with_one_file_name_in_two_folders_both_generate()
    {
        string one = Spec(_ => { });
        string two = Spec(_ => { }, title: "Twilio - Other");
        var output = GeneratorHarness.Run(new InputFile("/a/specs/test_api_v1.json", one), new InputFile("/b/specs/test_api_v1.json", two));

        CompilesClean(output);
        Assert.Equal(output.Files.Count, output.Files.Keys.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Contains(output.Files.Keys, k => k.StartsWith("test_api_v1.", StringComparison.Ordinal));
        Assert.Contains(output.Files.Keys, k => k.StartsWith("test_api_v1_2.", StringComparison.Ordinal));
        Assert.Contains(output.Files.Values, v => v.Contains("namespace Twilio.Other.V1;"));
    }

    [Fact]
    public void Names_that_are_not_identifiers_become_valid_ones()
    {
        string spec = Spec(doc =>
        {
            var fetch = Op(doc, "/v1/Widgets/{Sid}", "get");
            fetch["operationId"] = "fetch-widget.v2";
            fetch["parameters"]!.AsArray().Add(JsonNode.Parse("""{ "name": "event", "in": "query", "schema": { "type": "string" } }"""));
            Widget(doc)["properties"]!["class"] = JsonNode.Parse("""{ "type": "string" }""");
            Widget(doc)["properties"]!["2fa"] = JsonNode.Parse("""{ "type": "string" }""");
        }, title: "123 Go!");
        var output = Run(spec);

        CompilesClean(output);
        Assert.Contains(output.Files.Values, v => v.Contains("namespace N123.Go.V1;"));
        var types = Load(output);
        var request = types.Single(t => t.Type.Name == "FetchWidgetV2Request");
        Assert.Contains(request.Members, m => m.Name == "Event");
        Assert.Contains(types.Single(t => t.Type.Name == "Widget").Members, m => m.Name == "Class");
        Assert.Contains(types.Single(t => t.Type.Name == "Widget").Members, m => m.Name == "Value2fa");
    }

    [Fact]
    public void Spec_names_that_collide_with_generated_members_are_renamed_and_reported()
    {
        string spec = Spec(doc =>
        {
            Widget(doc)["properties"]!["validate"] = JsonNode.Parse("""{ "type": "string" }""");
            var body = CreateBody(doc)["properties"]!.AsObject();
            body["to_query_string"] = JsonNode.Parse("""{ "type": "string" }""");
            body["to_content"] = JsonNode.Parse("""{ "type": "string" }""");
            body["to_headers"] = JsonNode.Parse("""{ "type": "string" }""");
            var paths = doc["paths"]!.AsObject();
            foreach (var segment in new[] { "Path", "Pipeline", "Dispose", "DefaultBaseAddress" })
                paths[$"/v1/Widgets/{{Sid}}/{segment}"] = JsonNode.Parse($$"""
                    { "get": { "operationId": "Fetch{{segment}}Thing",
                      "parameters": [ { "name": "Sid", "in": "path", "required": true, "schema": { "type": "string", "pattern": "^WD[0-9a-fA-F]{32}$" } } ],
                      "responses": { "200": { "description": "OK", "content": { "application/json": { "schema": { "type": "object" } } } } } } }
                    """);
            paths["/v1/DefaultBaseAddress"] = JsonNode.Parse("""
                { "get": { "operationId": "FetchRootThing", "responses": { "200": { "description": "OK", "content": { "application/json": { "schema": { "type": "object" } } } } } } }
                """);
        });
        var output = Run(spec);

        CompilesClean(output);
        var renamed = output.GeneratorDiagnostics.Where(d => d.Id == "FLXG003").Select(d => d.GetMessage()).ToList();
        foreach (var name in new[] { "'validate'", "'to_query_string'", "'to_content'", "'to_headers'", "'Path'", "'Pipeline'", "'Dispose'", "'DefaultBaseAddress'" })
            Assert.Contains(renamed, m => m.Contains(name));
    }

    [Fact]
    public void A_rule_over_array_items_checks_each_item_and_star_in_an_if_is_reported()
    {
        string spec = Spec(doc =>
        {
            doc["components"]!["schemas"]!["test.v1.part"] = JsonNode.Parse("""{ "type": "object", "properties": { "name": { "type": "string" } } }""");
            var body = CreateBody(doc);
            body["properties"]!["Parts"] = JsonNode.Parse("""{ "type": "array", "items": { "$ref": "#/components/schemas/test.v1.part" } }""");
            body["x-rules"]!.AsArray().Add(JsonNode.Parse("""{ "rule": "each part is named", "if": { "Color": { "present": true } }, "then": { "Parts[*].name": { "present": true } } }"""));
            body["x-rules"]!.AsArray().Add(JsonNode.Parse("""{ "rule": "star in if", "if": { "Parts[*].name": { "present": true } }, "then": { "Color": { "present": true } } }"""));
        });
        var output = Run(spec);

        CompilesClean(output);
        string request = output.File("CreateWidgetRequest");
        Assert.Contains("\"Parts[\" + i.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \"].name\"", request);
        var d = Assert.Single(output.GeneratorDiagnostics, x => x.Id == "FLXG009");
        Assert.Contains("[*]", d.GetMessage());
        Assert.DoesNotContain("star in if", request);
    }
}

using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace FlexCodegen.Generator.Tests;

/// <summary>Each diagnostic: reported with its id at the place in the JSON file, never a crash, and the rest still generated.</summary>
public class DiagnosticTests
{
    private const string Path = "/specs/test_api_v1.json";

    private static string Spec(string paths, string schemas = "") => $$"""
        {
          "openapi": "3.0.1",
          "info": { "title": "Twilio - Test", "version": "1.0.0" },
          "servers": [ { "url": "https://test.twilio.com" } ],
          "paths": {
        {{paths}}
          },
          "components": {
            "schemas": {
              "test.v1.widget": {
                "type": "object",
                "properties": {
                  "sid": { "type": "string", "pattern": "^WD[0-9a-fA-F]{32}$", "nullable": true }
                }
              }{{schemas}}
            }
          }
        }
        """;

    private const string GoodPath = """
            "/v1/Widgets/{Sid}": {
              "get": {
                "operationId": "FetchWidget",
                "parameters": [ { "name": "Sid", "in": "path", "required": true, "schema": { "type": "string", "pattern": "^WD[0-9a-fA-F]{32}$" } } ],
                "responses": { "200": { "description": "OK", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/test.v1.widget" } } } } }
              }
            }
        """;

    private static GeneratorOutput Run(string text, params InputFile[] more) =>
        GeneratorHarness.Run(new[] { new InputFile(Path, text) }.Concat(more).ToArray());

    private static Diagnostic Single(GeneratorOutput output, string id)
    {
        var matches = output.GeneratorDiagnostics.Where(d => d.Id == id).ToList();
        Assert.True(matches.Count >= 1, $"expected {id}, got: {string.Join("; ", output.GeneratorDiagnostics)}");
        return matches[0];
    }

    private static int LineOf(string text, string needle) =>
        text[..text.IndexOf(needle, StringComparison.Ordinal)].Count(c => c == '\n');

    [Fact]
    public void FLXG001_unreadable_json_is_an_error_in_the_file_and_nothing_throws()
    {
        var output = Run("{ \"openapi\": \"3.0.1\", \"paths\": { ");
        var d = Single(output, "FLXG001");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal(Path, d.Location.GetLineSpan().Path);
        Assert.Empty(output.Files);
    }

    [Fact]
    public void FLXG002_a_ref_that_points_nowhere_is_reported_at_the_ref_and_the_rest_generates()
    {
        string paths = GoodPath + """
            ,
            "/v1/Gadgets/{Sid}": {
              "get": {
                "operationId": "FetchGadget",
                "responses": { "200": { "description": "OK", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/test.v1.nothing" } } } } }
              }
            }
        """;
        string text = Spec(paths);
        var output = Run(text);
        var d = Single(output, "FLXG002");
        Assert.Contains("test.v1.nothing", d.GetMessage());
        Assert.Equal(LineOf(text, "test.v1.nothing"), d.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Contains(output.Files.Keys, k => k.EndsWith(".WidgetSid.g.cs"));
        Assert.Empty(output.CompileProblems());
    }

    [Fact]
    public void FLXG003_two_schemas_with_one_csharp_name_are_told_apart_deterministically()
    {
        string text = Spec(GoodPath, """
            ,
            "other.v1.widget": { "type": "object", "properties": { "name": { "type": "string" } } }
            """);
        var output = Run(text);
        var d = Single(output, "FLXG003");
        // Ordinal order decides: other.v1.widget comes first and keeps "Widget".
        Assert.Contains("'test.v1.widget' would be named 'Widget'", d.GetMessage());
        Assert.Contains("Widget2", d.GetMessage());
        Assert.Equal(LineOf(text, "\"test.v1.widget\""), d.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Contains(output.Files.Keys, k => k.EndsWith(".Widget2.g.cs"));
        Assert.Empty(output.CompileProblems());
    }

    [Fact]
    public void FLXG004_an_unsupported_body_type_is_reported_and_the_operation_still_generates()
    {
        string paths = GoodPath + """
            ,
            "/v1/Uploads": {
              "post": {
                "operationId": "CreateUpload",
                "requestBody": { "content": { "multipart/form-data": { "schema": { "type": "object", "properties": { "Name": { "type": "string" } } } } } },
                "responses": { "201": { "description": "Created" } }
              }
            }
        """;
        string text = Spec(paths);
        var output = Run(text);
        var d = Single(output, "FLXG004");
        Assert.Contains("multipart/form-data", d.GetMessage());
        Assert.Equal(LineOf(text, "\"multipart/form-data\""), d.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Contains(output.Files.Keys, k => k.EndsWith(".CreateUploadRequest.g.cs"));
        Assert.Empty(output.CompileProblems());
    }

    [Fact]
    public void FLXG005_a_name_with_nothing_to_make_an_identifier_from_is_reported()
    {
        string text = Spec(GoodPath, """
            ,
            "test.v1.gizmo": { "type": "object", "properties": { "$$$": { "type": "string" }, "ok": { "type": "boolean" } } }
            """);
        var output = Run(text);
        var d = Single(output, "FLXG005");
        Assert.Contains("'$$$'", d.GetMessage());
        Assert.Equal(LineOf(text, "\"$$$\""), d.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Empty(output.CompileProblems());
    }

    [Fact]
    public void FLXG006_an_unreadable_overlay_is_an_error_and_the_spec_still_generates()
    {
        var output = Run(Spec(GoodPath), new InputFile("/specs/test_api_v1.overlay.json", "{ not json", "Overlay"));
        var d = Single(output, "FLXG006");
        Assert.Equal("/specs/test_api_v1.overlay.json", d.Location.GetLineSpan().Path);
        Assert.Contains(output.Files.Keys, k => k.EndsWith(".WidgetSid.g.cs"));
    }

    [Fact]
    public void FLXG007_an_overlay_action_that_matches_nothing_is_reported_at_the_action()
    {
        string overlay = """
            {
              "overlay": "1.0.0",
              "info": { "title": "t", "version": "1" },
              "actions": [
                { "target": "$.components.schemas['test.v1.widget'].properties.sid", "update": { "description": "The widget id." } },
                { "target": "$.components.schemas['test.v1.gone']", "update": { "description": "x" } }
              ]
            }
            """;
        var output = Run(Spec(GoodPath), new InputFile("/specs/test_api_v1.overlay.json", overlay, "Overlay"));
        var d = Single(output, "FLXG007");
        Assert.Contains("test.v1.gone", d.GetMessage());
        Assert.Equal("/specs/test_api_v1.overlay.json", d.Location.GetLineSpan().Path);
        Assert.Equal(LineOf(overlay, "$.components.schemas['test.v1.gone']"), d.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Contains("The widget id.", output.File("Widget")); // the matching action still applied
    }

    [Fact]
    public void FLXG008_a_reader_complaint_is_passed_on_at_its_place_and_generation_continues()
    {
        string text = Spec(GoodPath, """
            ,
            "test.v1.gizmo": { "type": "object", "properties": { "size": { "type": "strin" } } }
            """);
        var output = Run(text);
        var d = Single(output, "FLXG008");
        Assert.Equal(DiagnosticSeverity.Warning, d.DefaultSeverity);
        Assert.Contains("strin", d.GetMessage());
        Assert.Equal(LineOf(text, "\"strin\""), d.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Contains(output.Files.Keys, k => k.EndsWith(".WidgetSid.g.cs"));
    }

    [Fact]
    public void FLXG009_a_rule_naming_a_field_that_does_not_exist_is_reported_and_skipped()
    {
        string paths = GoodPath + """
            ,
            "/v1/Widgets": {
              "post": {
                "operationId": "CreateWidget",
                "requestBody": { "content": { "application/x-www-form-urlencoded": { "schema": { "type": "object",
                  "properties": { "Name": { "type": "string" }, "Color": { "type": "string" } } } } } },
                "responses": { "201": { "description": "Created" } }
              }
            }
        """;
        string overlay = """
            {
              "overlay": "1.0.0",
              "info": { "title": "t", "version": "1" },
              "actions": [
                { "target": "$.paths['/v1/Widgets'].post.requestBody.content['application/x-www-form-urlencoded'].schema",
                  "update": { "x-rules": [
                    { "rule": "Color needs Name", "if": { "Color": { "present": true } }, "then": { "Name": { "present": true } } },
                    { "rule": "Size needs Name", "if": { "Size": { "present": true } }, "then": { "Name": { "present": true } } }
                  ] } }
              ]
            }
            """;
        var output = Run(Spec(paths), new InputFile("/specs/test_api_v1.overlay.json", overlay, "Overlay"));
        var d = Single(output, "FLXG009");
        Assert.Contains("'Size'", d.GetMessage());
        Assert.Contains("Size needs Name", d.GetMessage());
        string request = output.File("CreateWidgetRequest");
        Assert.Contains("Rule: Color needs Name", request);      // the good rule is kept
        Assert.DoesNotContain("Size needs Name", request);      // the broken one is skipped
        Assert.Empty(output.CompileProblems());
    }

    [Fact]
    public void Diagnostics_and_sources_of_a_good_spec_are_clean()
    {
        var output = Run(Spec(GoodPath));
        Assert.Empty(output.GeneratorDiagnostics);
        Assert.Empty(output.CompileProblems());
    }
}

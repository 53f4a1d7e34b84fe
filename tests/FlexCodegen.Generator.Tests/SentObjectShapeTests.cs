using System;
using System.Collections.Generic;
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
/// Only objects a request can carry get <c>Validate</c>: every way a spec can put an object in a request (an alias
/// chain, an array of an alias, an alias of an array, a self-referencing object, a query parameter, a JSON or a form
/// body, a schema also used in answers) must reach it, or the request's call to it does not compile (CS1061), and a
/// default id deep inside one must still be refused before anything is sent.
/// </summary>
public class SentObjectShapeTests
{
    private const string Wd = "^WD[0-9a-fA-F]{32}$";

    internal static string ShapesSpec() => Spec(doc =>
    {
        var schemas = doc["components"]!["schemas"]!.AsObject();
        schemas["test.v1.node"] = JsonNode.Parse($$"""
            { "type": "object", "properties": {
                "sid": { "type": "string", "pattern": "{{Wd}}" },
                "children": { "type": "array", "items": { "$ref": "#/components/schemas/node_alias" } } } }
            """);
        schemas["node_alias"] = JsonNode.Parse("""{ "$ref": "#/components/schemas/node_alias2" }""");
        schemas["node_alias2"] = JsonNode.Parse("""{ "$ref": "#/components/schemas/test.v1.node" }""");
        schemas["test.v1.leaf"] = JsonNode.Parse($$"""
            { "type": "object", "required": ["name"], "properties": {
                "sid": { "type": "string", "pattern": "{{Wd}}" },
                "name": { "type": "string", "minLength": 2 } } }
            """);
        schemas["leaf_list"] = JsonNode.Parse("""{ "type": "array", "items": { "$ref": "#/components/schemas/test.v1.leaf" } }""");
        schemas["test.v1.holder"] = JsonNode.Parse("""
            { "type": "object", "properties": {
                "nodes": { "type": "array", "items": { "$ref": "#/components/schemas/node_alias" } },
                "grid": { "type": "array", "items": { "type": "array", "items": { "$ref": "#/components/schemas/test.v1.leaf" } } },
                "leaf_list": { "$ref": "#/components/schemas/leaf_list" } } }
            """);
        schemas["test.v1.answer_only"] = JsonNode.Parse($$"""{ "type": "object", "properties": { "sid": { "type": "string", "pattern": "{{Wd}}" } } }""");
        schemas["test.v1.filter"] = JsonNode.Parse($$"""{ "type": "object", "properties": { "sid": { "type": "string", "pattern": "{{Wd}}" } } }""");
        Widget(doc)["properties"]!["leaf"] = JsonNode.Parse("""{ "$ref": "#/components/schemas/test.v1.leaf" }""");
        Widget(doc)["properties"]!["answer"] = JsonNode.Parse("""{ "$ref": "#/components/schemas/test.v1.answer_only" }""");
        CreateBody(doc)["properties"]!["Leaf"] = JsonNode.Parse("""{ "$ref": "#/components/schemas/test.v1.leaf" }""");
        ((JsonArray)Op(doc, "/v1/Widgets", "get")["parameters"]!).Add(JsonNode.Parse("""{ "name": "Filter", "in": "query", "schema": { "$ref": "#/components/schemas/test.v1.filter" } }"""));
        doc["paths"]!.AsObject()["/v1/Holders"] = JsonNode.Parse("""
            { "post": {
                "operationId": "CreateHolder",
                "requestBody": { "content": { "application/json": { "schema": {
                  "type": "object",
                  "properties": {
                    "Holder": { "$ref": "#/components/schemas/test.v1.holder" },
                    "Nodes": { "type": "array", "items": { "$ref": "#/components/schemas/node_alias" } }
                  },
                  "x-rules": [ { "rule": "each leaf needs a sid", "then": { "Holder.leaf_list[*].sid": { "present": true } } } ]
                } } } },
                "responses": { "201": { "description": "Created", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/test.v1.holder" } } } } } } }
            """);
    });

    [Fact]
    public void Objects_reached_through_aliases_arrays_and_themselves_are_checked_and_compile()
    {
        var output = Run(ShapesSpec());
        CompilesClean(output);
        foreach (string sent in new[] { "Node", "Leaf", "Holder", "Filter" })
            Assert.Contains("internal void Validate(", output.File(sent));
        // In answers only (Widget, and the object only Widget holds): nothing to check.
        foreach (string answerOnly in new[] { "Widget", "AnswerOnly" })
            Assert.DoesNotContain("Validate(", output.File(answerOnly));
        const string probe = """
            namespace Consumer;
            using global::Twilio.Test.V1;
            internal static class Probe
            {
                public static string[] Run()
                {
                    try
                    {
                        CreateHolderRequest.CreateBuilder()
                            .WithHolder(new Holder
                            {
                                Nodes = new[] { new Node { Children = new[] { new Node { Sid = default(LeafSid) } } } },
                                LeafList = new[] { new Leaf() },
                            })
                            .WithNodes(new[] { new Node { Sid = default(LeafSid) } })
                            .Build();
                        return new string[0];
                    }
                    catch (global::FlexCodegen.Runtime.RequestValidationException ex)
                    {
                        return global::System.Linq.Enumerable.ToArray(global::System.Linq.Enumerable.Select(ex.Violations, v => v.Field));
                    }
                }
            }
            """;
        var compilation = output.Compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(probe, (CSharpParseOptions)output.Compilation.SyntaxTrees.First().Options));
        var assembly = GeneratorHarness.Load(compilation, "sent-shapes");
        var fields = (string[])assembly.GetType("Consumer.Probe")!.GetMethod("Run")!.Invoke(null, null)!;
        Assert.Equal(new[] { "Holder.leaf_list[0].name", "Holder.nodes[0].children[0].sid", "Nodes[0].sid", "Holder.leaf_list[0].sid" }, fields);
    }

    [Fact]
    public void An_object_sent_in_one_spec_and_only_read_in_another_of_the_same_project_compiles_in_both()
    {
        string readOnly = Spec(doc =>
        {
            doc["components"]!["schemas"]!.AsObject()["test.v1.leaf"] = JsonNode.Parse($$"""{ "type": "object", "properties": { "sid": { "type": "string", "pattern": "{{Wd}}" } } }""");
            Widget(doc)["properties"]!["leaf"] = JsonNode.Parse("""{ "$ref": "#/components/schemas/test.v1.leaf" }""");
        }, title: "Twilio - Other");
        var output = GeneratorHarness.Run(new InputFile("/specs/test_api_v1.json", ShapesSpec()), new InputFile("/specs/other_api_v1.json", readOnly));
        CompilesClean(output);
        Assert.Contains("internal void Validate(", output.Files.Single(f => f.Key.StartsWith("test_api_v1.Leaf.", StringComparison.Ordinal)).Value);
        Assert.DoesNotContain("Validate(", output.Files.Single(f => f.Key.StartsWith("other_api_v1.Leaf.", StringComparison.Ordinal)).Value);
    }
}

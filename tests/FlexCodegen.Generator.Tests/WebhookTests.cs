using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Xunit;

namespace FlexCodegen.Generator.Tests;

/// <summary>
/// The requests an API makes to an app (OpenAPI 3.1 <c>webhooks</c>, 3.0 <c>callbacks</c>): their bodies become models
/// as answers do, a spec with no paths gets no client, the event types become constants, and every bad entry is a
/// diagnostic at its place.
/// </summary>
public class WebhookTests
{
    private const string Path = "/specs/widget_events_v1.json";

    private static string SmallSpecPath => System.IO.Path.Combine(GeneratorHarness.RepoRoot, "tests", "FlexCodegen.Generator.Tests", "TestSpecs", "webhooks_small.json");

    private static string SmallSpec() => File.ReadAllText(SmallSpecPath);

    private static GeneratorOutput Run(string text) => GeneratorHarness.Run(new InputFile(Path, text));

    private static string Edit(string text, Action<JsonObject> edit)
    {
        var doc = JsonNode.Parse(text)!.AsObject();
        edit(doc);
        return doc.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    private static int LineOf(string text, string needle)
    {
        int at = text.IndexOf(needle, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{needle}' is not in the spec");
        return text[..at].Count(c => c == '\n');
    }

    private static void CompilesClean(GeneratorOutput output)
    {
        var problems = output.CompileProblems();
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
    }

    [Fact]
    public void A_spec_with_webhooks_and_components_and_no_paths_generates_its_models_ids_and_enums_and_no_client()
    {
        var output = Run(SmallSpec());

        Assert.Empty(output.GeneratorDiagnostics);
        CompilesClean(output);
        var types = output.Files.Keys.Select(k => k.Split('.')[1]).ToList();
        Assert.Equal(new[] { "GadgetSid", "NewGadgetPayload", "NewGadgetPayloadSize", "WidgetEvent", "WidgetEventType", "WidgetEventTypes", "WidgetSid" }, types);
        Assert.DoesNotContain(output.Files.Keys, k => k.EndsWith("Client.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void The_model_of_a_webhooks_spec_has_its_payloads_and_catalogue_and_no_client()
    {
        var spec = new FlexCodegen.Generator.Model.SpecFile(Path, "Spec", SmallSpec(), null, null, null);
        var model = FlexCodegen.Generator.Parsing.SpecParser.Parse(spec, null, "widget_events_v1", Array.Empty<FlexCodegen.Generator.Model.DiagnosticInfo>(), System.Threading.CancellationToken.None).Model!;

        Assert.False(model.HasClient);
        Assert.Empty(model.Resources);
        Assert.Empty(model.Requests);
        Assert.Equal("Contoso.Widget.Events", model.Context.Namespace);
        Assert.Equal(new[] { "NewGadgetPayload", "WidgetEvent" }, model.Objects.Select(o => o.TypeName).ToArray());
        var catalogue = Assert.Single(model.EventTypes);
        Assert.Equal(("WidgetEventTypes", "WidgetEventType"), (catalogue.TypeName, catalogue.EnumTypeName));
        Assert.Equal(new (string, string, string?)[] { ("WidgetCreated", "widget.created", "A widget was made."), ("WidgetDeleted", "widget.deleted", "A widget was thrown away."), ("WidgetValue", "widget.value", "A widget's value changed.") },
            catalogue.Members.Select(m => (m.Name, m.WireValue, m.Description)).ToArray());
        Assert.Equal("#/components/schemas/widget_event_enum_event_type", catalogue.Pointer);
    }

    [Fact]
    public void Empty_paths_give_no_client_either()
    {
        var output = Run(Edit(SmallSpec(), doc => doc["paths"] = new JsonObject()));

        Assert.Empty(output.GeneratorDiagnostics);
        CompilesClean(output);
        Assert.Contains(output.Files.Keys, k => k.EndsWith(".WidgetEvent.g.cs", StringComparison.Ordinal));
        Assert.DoesNotContain(output.Files.Keys, k => k.EndsWith("Client.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void A_document_with_none_of_paths_webhooks_and_components_is_still_FLXG001()
    {
        var output = Run("""{ "openapi": "3.1.0", "info": { "title": "Empty", "version": "1" } }""");

        var d = Assert.Single(output.GeneratorDiagnostics);
        Assert.Equal("FLXG001", d.Id);
        Assert.Contains("no paths, webhooks or components", d.GetMessage());
        Assert.Empty(output.Files);
    }

    [Fact]
    public void Payloads_read_form_fields_as_text_keep_unknown_fields_and_values_of_another_form_and_write_them_back()
    {
        const string probe = """
            using Contoso.Widget.Events;
            internal static class Probe
            {
                public static string Run()
                {
                    // Form fields arrive as text: numbers and booleans too.
                    var e = WidgetEvent.Parse("{\"EventType\":\"widget.created\",\"WidgetSid\":\"WDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"Count\":\"3\",\"Timestamp\":\"1634845217\",\"Enabled\":\"true\",\"Color\":\"red\"}");
                    WidgetSid sid = e.WidgetSid!.Value;
                    string kind = e.EventType == WidgetEventType.WidgetCreated ? "created" : "other";
                    // A value of another form (an id with another prefix) reads null and is kept as it came.
                    var odd = WidgetEvent.Parse("{\"EventType\":\"widget.melted\",\"WidgetSid\":\"XXaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}");
                    string label = e.EventType?.ToString() switch
                    {
                        WidgetEventTypes.WidgetCreated => "constant",
                        _ => "none",
                    };
                    return string.Join("|", kind, sid, e.Count, e.Timestamp, e.Enabled, e.AdditionalProperties!["Color"].GetString(),
                        odd.WidgetSid is null, odd.AdditionalProperties!["WidgetSid"].GetString(), odd.EventType!.Value.IsKnown, odd.EventType, label,
                        e, WidgetEvent.Parse(e.ToString()).ToString() == e.ToString());
                }
            }
            """;
        var compilation = GeneratorHarness.Compilation(probe);
        GeneratorHarness.Driver(new[] { new InputFile(Path, SmallSpec()) }).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        Assert.Empty(diagnostics);
        var assembly = GeneratorHarness.Load(output, "webhook-payloads");

        string result = (string)assembly.GetType("Probe")!.GetMethod("Run")!.Invoke(null, null)!;

        Assert.Equal(
            "created|WDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa|3|1634845217|True|red|True|XXaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa|False|widget.melted|constant|" +
            "{\"Count\":3,\"Enabled\":true,\"EventType\":\"widget.created\",\"Timestamp\":1634845217,\"WidgetSid\":\"WDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"Color\":\"red\"}|True",
            result);
    }

    [Fact]
    public void The_catalogue_has_a_documented_constant_per_value_of_the_event_type_enum()
    {
        var output = Run(SmallSpec());
        string catalogue = output.File("WidgetEventTypes");

        Assert.Contains("public static class WidgetEventTypes", catalogue);
        Assert.Contains("/// <summary><c>widget.created</c>: A widget was made.</summary>\n    public const string WidgetCreated = \"widget.created\";", catalogue);
        Assert.Contains("public const string WidgetValue = \"widget.value\";", catalogue);
        Assert.Contains("<see cref=\"WidgetEventType\"/>", catalogue);
        // The enum's members carry the same descriptions.
        Assert.Contains("/// <summary><c>widget.deleted</c>: A widget was thrown away.</summary>", output.File("WidgetEventType"));
    }

    [Fact]
    public void An_event_type_enum_written_in_place_gets_its_catalogue_too_and_a_payload_without_one_gets_none()
    {
        string text = Edit(SmallSpec(), doc =>
            doc["webhooks"]!["newGadget"]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!["properties"]!["event_type"] =
                JsonNode.Parse("""{ "type": "string", "enum": [ "gadget.made", "gadget.ToString" ] }"""));
        var output = Run(text);

        CompilesClean(output);
        string catalogue = output.File("NewGadgetPayloadEventTypes");
        Assert.Contains("public const string GadgetMade = \"gadget.made\";", catalogue);
        Assert.Contains("public const string GadgetToString = \"gadget.ToString\";", catalogue);

        var none = Run(Edit(SmallSpec(), doc => doc["components"]!["schemas"]!["widget_event"]!["properties"]!.AsObject().Remove("EventType")));
        Assert.DoesNotContain(none.Files.Keys, k => k.EndsWith("EventTypes.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void A_3_0_callback_of_an_operation_generates_its_payload_beside_the_client()
    {
        string text = """
            {
              "openapi": "3.0.1",
              "info": { "title": "Contoso - Subscriptions", "version": "1.0.0" },
              "servers": [ { "url": "https://api.example.com" } ],
              "paths": {
                "/v1/Subscriptions": {
                  "post": {
                    "operationId": "CreateSubscription",
                    "requestBody": { "content": { "application/x-www-form-urlencoded": { "schema": { "type": "object", "properties": { "CallbackUrl": { "type": "string", "format": "uri" } } } } } },
                    "responses": { "201": { "description": "Created" } },
                    "callbacks": {
                      "onDelivery": {
                        "{$request.body#/CallbackUrl}": {
                          "post": {
                            "requestBody": { "content": { "application/x-www-form-urlencoded": { "schema": {
                              "type": "object",
                              "properties": {
                                "SubscriptionSid": { "type": "string", "pattern": "^SB[0-9a-fA-F]{32}$" },
                                "Status": { "type": "string", "enum": [ "delivered", "failed" ] },
                                "Attempt": { "type": "integer" }
                              } } } } },
                            "responses": { "200": { "description": "OK" } }
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
            """;
        var output = Run(text);

        Assert.Empty(output.GeneratorDiagnostics);
        CompilesClean(output);
        string payload = output.File("OnDeliveryPayload");
        Assert.Contains("public global::Contoso.Subscriptions.V1.SubscriptionSid? SubscriptionSid { get; init; }", payload);
        Assert.Contains("public global::Contoso.Subscriptions.V1.OnDeliveryPayloadStatus? Status { get; init; }", payload);
        Assert.Contains(output.Files.Keys, k => k.EndsWith(".SubscriptionsClient.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void A_json_body_with_parameters_in_its_media_type_is_still_json()
    {
        string text = SmallSpec().Replace("\"application/json\": {", "\"Application/JSON; charset=utf-8\": {");
        Assert.NotEqual(SmallSpec(), text);
        var output = Run(text);

        Assert.Empty(output.GeneratorDiagnostics);
        Assert.Contains("public global::Contoso.Widget.Events.GadgetSid? GadgetSid { get; init; }", output.File("NewGadgetPayload"));
    }

    [Fact]
    public void Webhooks_that_are_not_an_object_are_said_and_the_components_still_generate()
    {
        string text = Edit(SmallSpec(), doc => doc["webhooks"] = new JsonArray(1, 2));
        var output = Run(text);

        var d = Assert.Single(output.GeneratorDiagnostics);
        Assert.Equal("FLXG008", d.Id);
        Assert.Equal(LineOf(text, "\"webhooks\""), d.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Contains(output.Files.Keys, k => k.EndsWith(".WidgetEvent.g.cs", StringComparison.Ordinal));
        // Without a payload whose EventType it types, the enum is only an enum: no catalogue.
        Assert.DoesNotContain(output.Files.Keys, k => k.EndsWith(".WidgetEventTypes.g.cs", StringComparison.Ordinal));
        CompilesClean(output);
    }

    [Fact]
    public void Two_webhooks_naming_one_path_item_component_share_its_payload()
    {
        string text = Edit(SmallSpec(), doc =>
        {
            var item = doc["webhooks"]!["newGadget"]!.DeepClone();
            doc["components"]!["pathItems"] = new JsonObject { ["gadget"] = item };
            doc["webhooks"]!["newGadget"] = JsonNode.Parse("""{ "$ref": "#/components/pathItems/gadget" }""");
            doc["webhooks"]!["oldGadget"] = JsonNode.Parse("""{ "$ref": "#/components/pathItems/gadget" }""");
        });
        var output = Run(text);

        Assert.Empty(output.GeneratorDiagnostics);
        CompilesClean(output);
        Assert.Single(output.Files.Keys, k => k.Contains("GadgetPayload.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void A_callback_that_names_itself_is_read_once_and_its_own_callbacks_are_said_not_read()
    {
        string text = """
            {
              "openapi": "3.0.1",
              "info": { "title": "Contoso - Loops", "version": "1.0.0" },
              "paths": {
                "/v1/Things": {
                  "post": {
                    "operationId": "CreateThing",
                    "responses": { "201": { "description": "Created" } },
                    "callbacks": { "loop": { "$ref": "#/components/callbacks/loop" } }
                  }
                }
              },
              "components": {
                "callbacks": {
                  "loop": {
                    "{$url}": {
                      "post": {
                        "requestBody": { "content": { "application/json": { "schema": { "type": "object", "properties": { "Name": { "type": "string" } } } } } },
                        "responses": { "200": { "description": "OK" } },
                        "callbacks": { "again": { "$ref": "#/components/callbacks/loop" } }
                      }
                    }
                  }
                }
              }
            }
            """;
        var output = Run(text);

        var d = Assert.Single(output.GeneratorDiagnostics);
        Assert.Equal("FLXG008", d.Id);
        Assert.Contains("'callbacks' of a webhook or of a callback are not read", d.GetMessage());
        Assert.Equal(LineOf(text, "\"callbacks\": { \"again\""), d.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Contains(output.Files.Keys, k => k.EndsWith(".LoopPayload.g.cs", StringComparison.Ordinal));
        CompilesClean(output);
    }

    public static TheoryData<string, string, string, string> BadEntries() => new()
    {
        // what, the edit, the text the diagnostic is on, and the id
        { "no request body", """{ "post": { "responses": { "200": { "description": "OK" } } } }""", "\"post\"", "FLXG015" },
        { "no operation", """{ "summary": "nothing" }""", "\"broken\"", "FLXG015" },
        { "a body of another media type", """{ "post": { "requestBody": { "content": { "text/plain": { "schema": { "type": "string" } } } } } }""", "\"text/plain\"", "FLXG015" },
        { "a body that is not an object", """{ "post": { "requestBody": { "content": { "application/json": { "schema": { "type": "array", "items": { "type": "string" } } } } } } }""", "\"schema\"", "FLXG015" },
        { "a body that is an enum", """{ "post": { "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/widget_event_enum_event_type" } } } } } }""", "\"schema\"", "FLXG015" },
        { "a body with no content", """{ "post": { "requestBody": { "description": "x" } } }""", "\"requestBody\"", "FLXG015" },
        { "a body whose reference leads nowhere", """{ "post": { "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/nothing" } } } } } }""", "\"schema\"", "FLXG002" },
        { "an entry that is not an object", "\"post\"", "\"broken\"", "FLXG008" },
        { "a reference to a path item that is not there", """{ "$ref": "#/components/pathItems/nothing" }""", "\"$ref\"", "FLXG008" },
    };

    [Theory]
    [MemberData(nameof(BadEntries))]
    public void A_bad_webhook_entry_is_a_diagnostic_at_its_place_and_the_rest_generates(string what, string entry, string at, string id)
    {
        string text = Edit(SmallSpec(), doc => doc["webhooks"]!["broken"] = JsonNode.Parse(entry));
        var output = Run(text);

        var d = Assert.Single(output.GeneratorDiagnostics);
        Assert.True(d.Id == id, $"{what}: {d}");
        Assert.Equal(Path, d.Location.GetLineSpan().Path);
        int line = text.IndexOf(at, text.IndexOf("\"broken\"", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(text[..line].Count(c => c == '\n'), d.Location.GetLineSpan().StartLinePosition.Line);
        if (id == "FLXG015") Assert.StartsWith("Webhook 'broken'", d.GetMessage());
        Assert.Contains(output.Files.Keys, k => k.EndsWith(".WidgetEvent.g.cs", StringComparison.Ordinal));
        CompilesClean(output);
    }

    [Fact]
    public void A_payload_named_like_a_type_already_there_is_told_apart_and_said()
    {
        string text = Edit(SmallSpec(), doc => doc["components"]!["schemas"]!["new_gadget_payload"] =
            JsonNode.Parse("""{ "type": "object", "properties": { "Other": { "type": "string" } } }"""));
        var output = Run(text);

        var d = Assert.Single(output.GeneratorDiagnostics);
        Assert.Equal("FLXG003", d.Id);
        Assert.Contains("NewGadgetPayload2", d.GetMessage());
        CompilesClean(output);
    }

    [Fact]
    public void Descriptions_that_do_not_match_the_values_are_said_and_the_values_still_generate()
    {
        string text = Edit(SmallSpec(), doc => doc["components"]!["schemas"]!["widget_event_enum_event_type"]!["x-enum-descriptions"] = JsonNode.Parse("""[ "only one", 5 ]"""));
        var output = Run(text);

        Assert.Equal(new[] { "FLXG008", "FLXG008" }, output.GeneratorDiagnostics.Select(d => d.Id).ToArray());
        Assert.Contains(output.GeneratorDiagnostics, d => d.GetMessage().Contains("has 2 entries for 3 values"));
        Assert.Contains(output.GeneratorDiagnostics, d => d.GetMessage().Contains("entry 1 of 'x-enum-descriptions' must be a string"));
        string catalogue = output.File("WidgetEventTypes");
        Assert.Contains("/// <summary><c>widget.created</c>: only one</summary>", catalogue);
        Assert.Contains("/// <summary><c>widget.deleted</c></summary>", catalogue);
        CompilesClean(output);
    }

    [Fact]
    public void Spec_text_in_an_event_type_or_its_description_cannot_break_out_of_the_catalogue()
    {
        string text = Edit(SmallSpec(), doc =>
        {
            var e = doc["components"]!["schemas"]!["widget_event_enum_event_type"]!;
            e["enum"] = JsonNode.Parse("""[ "a\"; } class X { //", "b\u2028c", "*/ </summary>" ]""");
            e["x-enum-descriptions"] = JsonNode.Parse("""[ "line\nbreak </summary> */", "x", "y" ]""");
            e["description"] = "two\nlines <b>";
        });
        var output = Run(text);

        CompilesClean(output);
        var catalogue = output.Compilation.GetTypeByMetadataName("Contoso.Widget.Events.WidgetEventTypes")!;
        var values = catalogue.GetMembers().OfType<IFieldSymbol>().Select(f => (string)f.ConstantValue!).ToArray();
        Assert.Equal(new[] { "a\"; } class X { //", "b\u2028c", "*/ </summary>" }, values);
        Assert.Null(output.Compilation.GetTypeByMetadataName("X"));
    }
}

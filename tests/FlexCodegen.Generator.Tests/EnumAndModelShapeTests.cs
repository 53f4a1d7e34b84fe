using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Xunit;
using static FlexCodegen.Generator.Tests.HostileSpecTests;

namespace FlexCodegen.Generator.Tests;

/// <summary>
/// Enums and models emitted as thin declarations over runtime tables still behave for the awkward values a spec can
/// hold: an empty value, values that differ only in case, a C# keyword, JSON names that need escaping.
/// </summary>
public class EnumAndModelShapeTests
{
    private static Assembly Load(GeneratorOutput output) => GeneratorHarness.Load(output.Compilation, "enum-model-shapes");

    [Fact]
    public void Only_objects_a_request_can_carry_get_the_checks_run_before_sending()
    {
        var output = GeneratorHarness.Run(GeneratorHarness.FlexWithOverlay());
        Assert.Empty(output.CompileProblems());
        // Read from answers only: nothing is sent, so there is nothing to check and nothing to compile.
        foreach (string answerOnly in new[] { "Channel", "Configuration", "InteractionChannel", "InteractionChannelParticipant", "PluginVersion" })
            Assert.DoesNotContain("Validate(", output.File(answerOnly));
        // Carried by a request: CreateInteraction's Routing and Channel fields, the objects inside them (Channel's
        // participants are an array), and UpdateInteractionChannelParticipant's routing properties.
        foreach (string sent in new[] { "InteractionRouting", "InteractionRoutingProperties", "InteractionChannelSpec", "InteractionParticipantSpec" })
            Assert.Contains("internal void Validate(", output.File(sent));
        Assert.Contains("_v.Routing?.Validate(check, \"Routing\");", output.File("CreateInteractionRequest"));
    }

    [Fact]
    public void Awkward_enum_values_and_field_names_compile_and_read_as_listed()
    {
        string spec = Spec(doc =>
        {
            var values = doc["components"]!["schemas"]!["widget_enum_status"]!["enum"]!.AsArray();
            foreach (var v in new[] { "", "class", "A", "a", "say \"hi\"\\", "é-ü" }) values.Add(v);
            Widget(doc)["properties"]!["we\"ird\\name"] = JsonNode.Parse("""{ "type": "string" }""");
            Widget(doc)["properties"]!["ünï"] = JsonNode.Parse("""{ "type": "integer" }""");
        });
        var output = Run(spec);
        CompilesClean(output);
        var assembly = Load(output);
        var status = assembly.GetTypes().Single(t => t.Name == "WidgetStatus");
        var widget = assembly.GetTypes().Single(t => t.Name == "Widget");

        var known = ((IEnumerable)status.GetProperty("KnownValues")!.GetValue(null)!).Cast<object>().Select(v => v.ToString()).ToList();
        Assert.Equal(new[] { "on", "off", "", "class", "A", "a", "say \"hi\"\\", "é-ü" }, known);

        object Parse(string json) => widget.GetMethod("Parse", new[] { typeof(string) })!.Invoke(null, new object[] { json })!;
        object? Status(object w) => widget.GetProperty("Status")!.GetValue(w);
        bool IsKnown(object s) => (bool)status.GetProperty("IsKnown")!.GetValue(s)!;

        foreach (var text in known)
        {
            var parsed = Status(Parse("{\"status\":" + System.Text.Json.JsonSerializer.Serialize(text) + "}"))!;
            Assert.Equal(text, parsed.ToString());
            Assert.True(IsKnown(parsed), text);
        }
        Assert.False(IsKnown(Status(Parse("""{"status":"B"}"""))!));

        var both = Parse("""{"we\"ird\\name":"x","\u00fcn\u00ef":3,"other":null}""");
        Assert.Equal("""{"we\"ird\\name":"x","ünï":3,"other":null}""", both.ToString());
    }

    [Fact]
    public void An_object_of_thousands_of_properties_finds_each_field_by_its_hashed_name()
    {
        string spec = Spec(doc =>
        {
            var properties = Widget(doc)["properties"]!.AsObject();
            for (int i = 0; i < 2_000; i++) properties["field_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = JsonNode.Parse("""{ "type": "integer" }""");
        });
        var assembly = Load(Run(spec));
        var widget = assembly.GetTypes().Single(t => t.Name == "Widget");
        string json = "{" + string.Join(",", Enumerable.Range(0, 2_000).Reverse().Select(i => $"\"field_{i}\":{i}")) + "}";

        object parsed = widget.GetMethod("Parse", new[] { typeof(string) })!.Invoke(null, new object[] { json })!;

        Assert.Equal(1999, widget.GetProperty("Field1999")!.GetValue(parsed));
        Assert.Equal(0, widget.GetProperty("Field0")!.GetValue(parsed));
        Assert.Null(widget.GetProperty("AdditionalProperties")!.GetValue(parsed));
    }
}

using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using Xunit;
using static FlexCodegen.Generator.Tests.HostileSpecTests;

namespace FlexCodegen.Generator.Tests;

/// <summary>
/// Emitted shapes grow linearly with the spec: nothing the compiler binds recursively (an <c>or</c> pattern chain, a
/// nested <c>?:</c>) grows with the number of values or properties. Specs are generated here, not committed.
/// </summary>
public class ScaleTests
{
    [Fact]
    public void An_enum_of_twenty_thousand_values_generates_and_compiles()
    {
        string spec = Spec(doc =>
        {
            var values = doc["components"]!["schemas"]!["widget_enum_status"]!["enum"]!.AsArray();
            for (int i = 0; i < 20_000; i++) values.Add("value-" + i.ToString(CultureInfo.InvariantCulture));
        });
        var output = Run(spec);

        CompilesClean(output);
        Assert.Contains("public static WidgetStatus Value19999 { get; }", output.File("WidgetStatus"));
    }

    [Fact]
    public void An_object_of_ten_thousand_properties_generates_and_compiles()
    {
        string spec = Spec(doc =>
        {
            var properties = Widget(doc)["properties"]!.AsObject();
            for (int i = 0; i < 10_000; i++) properties["field_" + i.ToString(CultureInfo.InvariantCulture)] = JsonNode.Parse("""{ "type": "string" }""");
        });
        var output = Run(spec);

        CompilesClean(output);
        Assert.Contains("Field9999", output.File("Widget"));
    }

    [Fact]
    public void A_thousand_long_ref_alias_chain_generates_one_type_and_compiles()
    {
        string spec = Spec(doc =>
        {
            var schemas = doc["components"]!["schemas"]!.AsObject();
            for (int i = 0; i < 1000; i++)
                schemas["test.v1.alias" + i.ToString(CultureInfo.InvariantCulture)] = JsonNode.Parse($$"""{ "$ref": "#/components/schemas/test.v1.alias{{i + 1}}" }""");
            schemas["test.v1.alias1000"] = JsonNode.Parse("""{ "type": "object", "properties": { "name": { "type": "string" } } }""");
            Widget(doc)["properties"]!["aliased"] = JsonNode.Parse("""{ "$ref": "#/components/schemas/test.v1.alias0" }""");
        });
        var output = Run(spec);

        CompilesClean(output);
        Assert.Single(output.Files.Keys, k => k.Contains("Alias", System.StringComparison.Ordinal));
        Assert.Contains("Alias1000? Aliased", output.File("Widget"));
    }
}

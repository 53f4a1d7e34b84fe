using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Xunit;

namespace FlexCodegen.Generator.Tests;

/// <summary>The overlay is data beside an untouched spec: it re-applies to another version of the spec.</summary>
public class OverlayTests
{
    [Fact]
    public void The_overlay_applies_to_the_older_flex_spec_too()
    {
        string older = Path.Combine(GeneratorHarness.TestSpecs, "twilio_flex_v1.245ab7c.json");
        var output = GeneratorHarness.Run(
            GeneratorHarness.Spec(older) with { Path = "/specs/twilio_flex_v1.json" },
            new InputFile("/specs/twilio_flex_v1.overlay.json", File.ReadAllText(GeneratorHarness.FlexOverlayPath), "Overlay"));

        // Every action still matches: no FLXG007, no other warning.
        Assert.Empty(output.GeneratorDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.Contains("InteractionChannelSpec Channel => ", output.File("CreateInteractionRequest"));
        Assert.Contains("Status=inactive requires Routing.status=closed", output.File("UpdateInteractionChannelRequest"));
        Assert.Empty(output.CompileProblems());
    }

    [Fact]
    public void An_action_that_no_longer_matches_is_reported_precisely()
    {
        string spec = File.ReadAllText(GeneratorHarness.FlexSpecPath).Replace("\"/v1/Interactions/{InteractionSid}/Channels/{ChannelSid}/Invites\"", "\"/v1/Interactions/{InteractionSid}/Channels/{ChannelSid}/Invitations\"");
        var output = GeneratorHarness.Run(
            new InputFile("/specs/twilio_flex_v1.json", spec),
            new InputFile("/specs/twilio_flex_v1.overlay.json", File.ReadAllText(GeneratorHarness.FlexOverlayPath), "Overlay"));

        var missing = Assert.Single(output.GeneratorDiagnostics, d => d.Id == "FLXG007");
        Assert.Contains("/v1/Interactions/{InteractionSid}/Channels/{ChannelSid}/Invites", missing.GetMessage());
        Assert.Equal("/specs/twilio_flex_v1.overlay.json", missing.Location.GetLineSpan().Path);
        Assert.Empty(output.CompileProblems()); // the rest of the overlay still applied
        Assert.Contains("InteractionChannelSpec Channel => ", output.File("CreateInteractionRequest"));
    }

    [Fact]
    public void An_overlay_named_by_metadata_is_used()
    {
        var output = GeneratorHarness.Run(
            GeneratorHarness.Spec(GeneratorHarness.FlexSpecPath) with { Path = "/specs/flex.json", Overlay = "rules/flex-rules.json" },
            new InputFile("/specs/rules/flex-rules.json", File.ReadAllText(GeneratorHarness.FlexOverlayPath), "Overlay"));
        Assert.Contains("InteractionChannelSpec Channel => ", output.File("CreateInteractionRequest"));
    }

    /// <summary>An overlay of actions (target, update) for the small test spec, one action a line.</summary>
    private static InputFile Overlay(params (string Target, JsonNode Update)[] actions) => new("/specs/test_api_v1.overlay.json",
        new JsonObject
        {
            ["overlay"] = "1.0.0",
            ["actions"] = new JsonArray(actions.Select(a => (JsonNode)new JsonObject { ["target"] = a.Target, ["update"] = a.Update }).ToArray()),
        }.ToJsonString(), "Overlay");

    private static GeneratorOutput RunSmallSpec(InputFile overlay) =>
        GeneratorHarness.Run(new InputFile("/specs/test_api_v1.json", HostileSpecTests.Spec(_ => { })), overlay);

    [Fact]
    public void An_overlay_whose_actions_multiply_what_the_last_one_added_is_refused_before_it_grows()
    {
        // Each action gives every array the one before made twelve arrays of its own: three million after six
        // actions (12^6), and each further action twelve times as many, until the compiler runs out of memory.
        var twelve = new JsonArray(Enumerable.Range(0, 12).Select(_ => (JsonNode)new JsonArray()).ToArray());
        var actions = Enumerable.Range(0, 6)
            .Select(n => ("$.x-grow" + string.Concat(Enumerable.Repeat("[*]", n)), n == 0 ? (JsonNode)new JsonObject { ["x-grow"] = twelve.DeepClone() } : twelve.DeepClone()))
            .Select((a, n) => n == 0 ? ("$", a.Item2) : a)
            .ToArray();

        var output = RunSmallSpec(Overlay(actions));

        var refused = Assert.Single(output.GeneratorDiagnostics, d => d.Id == "FLXG006");
        Assert.Contains("action 5 copies its update (13 values) to 248,832 places", refused.GetMessage());
        Assert.Contains("past the 1,000,000 values an overlay may add", refused.GetMessage());
        Assert.Contains("generated without the overlay", refused.GetMessage());
        Assert.Equal("/specs/test_api_v1.overlay.json", refused.Location.GetLineSpan().Path);
        Assert.Empty(output.CompileProblems()); // the spec itself still generates
    }

    [Fact]
    public void An_overlay_that_nests_the_spec_deeper_than_a_spec_may_is_refused()
    {
        // Each update is 40 levels deep (a spec file may nest 64), and the second lands inside the first.
        JsonNode Deep(int levels) { JsonNode node = new JsonObject(); for (int i = 1; i < levels; i++) node = new JsonObject { ["a"] = node }; return node; }
        string inside = "$.x-deep" + string.Concat(Enumerable.Repeat(".a", 38));

        var output = RunSmallSpec(Overlay(("$", new JsonObject { ["x-deep"] = Deep(40) }), (inside, new JsonObject { ["b"] = Deep(40) })));

        var refused = Assert.Single(output.GeneratorDiagnostics, d => d.Id == "FLXG006");
        Assert.Contains("action 1 would nest the spec 80 levels deep, past the 64 a spec may", refused.GetMessage());
        Assert.Empty(output.CompileProblems());
    }

    [Fact]
    public void An_overlay_at_the_limits_still_applies()
    {
        // 64 levels in all (the second update lands 23 levels down and is 41 deep), and a million values copied
        // (41 + 41 + 2 + 999,916): the most, not refused.
        JsonNode Deep(int levels) { JsonNode node = new JsonObject(); for (int i = 1; i < levels; i++) node = new JsonObject { ["a"] = node }; return node; }
        var wide = new JsonArray(Enumerable.Range(0, 999_916).Select(i => (JsonNode)i).ToArray());

        string inside = "$.x-deep" + string.Concat(Enumerable.Repeat(".a", 22));

        var output = RunSmallSpec(Overlay(("$", new JsonObject { ["x-deep"] = Deep(40) }), (inside, new JsonObject { ["b"] = Deep(40) }), ("$", new JsonObject { ["x-wide"] = wide })));

        Assert.DoesNotContain(output.GeneratorDiagnostics, d => d.Id == "FLXG006");
        Assert.Empty(output.CompileProblems());
    }

    [Fact]
    public void Removing_every_item_of_an_array_removes_null_items_too()
    {
        // The spec's one query parameter, and a null one an earlier action appended: removing parameters[*] leaves none.
        string parameters = "$.paths['/v1/Widgets'].get.parameters";
        var overlay = new InputFile("/specs/test_api_v1.overlay.json", $$"""
            { "overlay": "1.0.0", "actions": [
              { "target": "{{parameters}}", "update": [ null ] },
              { "target": "{{parameters}}[*]", "remove": true } ] }
            """, "Overlay");

        var output = RunSmallSpec(overlay);

        Assert.Empty(output.GeneratorDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning)); // no "a parameter is null"
        Assert.DoesNotContain(output.Files.Keys, name => name.EndsWith(".ListWidgetRequest.g.cs", System.StringComparison.Ordinal)); // nothing left to ask for
        Assert.Contains("ListAsync(global::System.Threading.CancellationToken cancellationToken = default)", output.File("WidgetCollection"));
        Assert.Empty(output.CompileProblems());
    }
    /// <summary>An overlay written out: its actions as JSON, one after the other.</summary>
    private static InputFile OverlayOf(System.Collections.Generic.IEnumerable<string> actions) =>
        new("/specs/test_api_v1.overlay.json", "{ \"overlay\": \"1.0.0\", \"actions\": [ " + string.Join(", ", actions) + " ] }", "Overlay");

    [Fact]
    public void An_overlay_whose_actions_look_through_what_it_added_again_and_again_is_refused()
    {
        // Two actions add a million values, under the copy budget; each action after them looks for something under
        // every one of them, finds nothing, so copies nothing, and walks the million values again: four hundred such
        // lines (18 KB) took the build a minute.
        string items = "[" + string.Join(",", Enumerable.Range(0, 998)) + "]";
        var actions = new[] { "{ \"target\": \"$\", \"update\": { \"x-big\": " + items + " } }", "{ \"target\": \"$.x-big[*]\", \"update\": " + items + " }" }
            .Concat(Enumerable.Repeat("{ \"target\": \"$.x-big[*][*][0]\", \"update\": {} }", 14));

        var output = RunSmallSpec(OverlayOf(actions));

        var refused = Assert.Single(output.GeneratorDiagnostics, d => d.Id == "FLXG006");
        Assert.Contains("action 12 ", refused.GetMessage());
        Assert.Contains("past the 10,000,000 values an overlay may look at in all", refused.GetMessage());
        Assert.Contains("generated without the overlay", refused.GetMessage());
        Assert.Empty(output.CompileProblems());
    }

    [Fact]
    public void An_overlay_that_removes_one_item_of_a_long_array_again_and_again_is_refused()
    {
        // Each removal moves every item after it: two hundred thousand, fifty times over, is past the budget.
        string items = "[" + string.Join(",", Enumerable.Range(0, 200_000)) + "]";
        var actions = new[] { "{ \"target\": \"$\", \"update\": { \"x-long\": " + items + " } }" }
            .Concat(Enumerable.Repeat("{ \"target\": \"$.x-long[0]\", \"remove\": true }", 60));

        var output = RunSmallSpec(OverlayOf(actions));

        var refused = Assert.Single(output.GeneratorDiagnostics, d => d.Id == "FLXG006");
        Assert.Contains("past the 10,000,000 values an overlay may look at in all", refused.GetMessage());
        Assert.Empty(output.CompileProblems());
    }

    private const string Neither = "has neither an 'update' nor 'remove: true', so it changes nothing";

    [Theory]
    [InlineData("\"update\": null", "action 0: 'update' is null, so it changes nothing; to remove the target, write 'remove: true'")]
    [InlineData("\"remove\": false", Neither)]
    [InlineData("\"updates\": { \"summary\": \"typo\" }", Neither)]
    public void An_action_that_would_change_nothing_is_said_not_skipped_without_a_word(string body, string message)
    {
        var overlay = new InputFile("/specs/test_api_v1.overlay.json", $$"""
            { "overlay": "1.0.0", "actions": [ { "target": "$.paths['/v1/Widgets'].get",
              {{body}} } ] }
            """, "Overlay");

        var output = RunSmallSpec(overlay);

        var said = Assert.Single(output.GeneratorDiagnostics, d => d.Id == "FLXG006");
        Assert.Contains(message, said.GetMessage());
        // An update written null is shown where it is written; an action without one, at its target.
        Assert.Equal(body.StartsWith("\"update\"", System.StringComparison.Ordinal) ? 1 : 0, said.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Empty(output.CompileProblems());
    }

    [Theory]
    [InlineData("a string", "{ \"x-note\": \"fine\",\n      \"description\": \"A \\ud800 widget.\" }")]
    [InlineData("a key", "{ \"x-note\": \"fine\",\n      \"properties\": { \"\\udc00\": { \"type\": \"string\" } } }")]
    [InlineData("an array item", "{ \"x-note\": \"fine\", \"x-tags\": [ \"a\",\n      \"\\ud800\\ud800\" ] }")]
    public void An_update_that_adds_text_System_Text_Json_cannot_decode_is_FLXG006_at_that_text_and_only_its_action_is_skipped(string what, string update)
    {
        // System.Text.Json reads a string only when asked: an escaped lone surrogate in an update was copied into the
        // spec, and reading the spec then failed (FLXG001 at the start of the spec, which does not hold that text).
        string text = "{ \"overlay\": \"1.0.0\", \"actions\": [\n" +
            "  { \"target\": \"$.info\", \"update\": { \"x-first\": 1 } },\n" +
            "  { \"target\": \"$.components.schemas['test.v1.widget']\",\n" +
            "    \"update\": " + update + " },\n" +
            "  { \"target\": \"$.paths['/v1/Widgets'].get\", \"update\": { \"summary\": \"Lists every widget there is.\" } } ] }";

        var output = RunSmallSpec(new InputFile("/specs/test_api_v1.overlay.json", text, "Overlay"));

        Assert.DoesNotContain(output.GeneratorDiagnostics, d => d.Id is "FLXG999" or "FLXG001");
        var refused = Assert.Single(output.GeneratorDiagnostics, d => d.Id == "FLXG006");
        Assert.Equal("/specs/test_api_v1.overlay.json", refused.Location.GetLineSpan().Path);
        Assert.Equal(text[..text.IndexOf("\\u", System.StringComparison.Ordinal)].Count(c => c == '\n'), refused.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Contains("action 1: its 'update' holds text System.Text.Json cannot decode", refused.GetMessage());
        Assert.Contains("it was skipped", refused.GetMessage());
        // The other actions applied: the spec is generated with them.
        Assert.Contains(output.Files.Values, f => f.Contains("Lists every widget there is.", System.StringComparison.Ordinal));
        Assert.Contains(output.Files.Keys, k => k.EndsWith(".CreateWidgetRequest.g.cs", System.StringComparison.Ordinal));
        Assert.True(output.CompileProblems().Count == 0, what);
    }

    [Theory]
    [InlineData("an array", "[ { \"target\": \"$.info\", \"update\": { \"x-a\": 1 } } ]", null)]
    [InlineData("a string", "\"actions\"", null)]
    [InlineData("'actions' twice", "{ \"overlay\": \"1.0.0\",\n  \"actions\": [],\n  \"actions\": [] }", "\"actions\": [],")]
    [InlineData("a key it cannot decode", "{ \"overlay\": \"1.0.0\",\n  \"\\ud800\": 1,\n  \"actions\": [] }", "\"\\ud800\"")]
    [InlineData("a target it cannot decode", "{ \"actions\": [\n  { \"target\": \"$.\\ud800\", \"update\": {} } ] }", "\"target\"")]
    [InlineData("a key twice in an action", "{ \"actions\": [\n  { \"target\": \"$.info\",\n    \"target\": \"$.paths\", \"update\": {} } ] }", "\"target\": \"$.info\",")]
    [InlineData("a key twice in an action, another in the top object", "{ \"actions\": [\n  { \"target\": \"$.info\",\n    \"target\": \"$.paths\", \"update\": {} } ],\n  \"x\": 1, \"x\": 2 }", "\"target\": \"$.info\",")]
    public void An_overlay_System_Text_Json_will_not_hold_as_an_object_is_FLXG006_and_the_spec_still_generates(string what, string text, string? at)
    {
        // Reading 'actions' from such a document throws (it is no object, or its object cannot be built): that read
        // was outside the guard, and the exception took the whole generator down (CS8785).
        var output = RunSmallSpec(new InputFile("/specs/test_api_v1.overlay.json", text, "Overlay"));

        Assert.DoesNotContain(output.GeneratorDiagnostics, d => d.Id == "FLXG999");
        var refused = Assert.Single(output.GeneratorDiagnostics, d => d.Id == "FLXG006");
        Assert.Equal("/specs/test_api_v1.overlay.json", refused.Location.GetLineSpan().Path);
        // What System.Text.Json refused is shown where it is, as in a spec (a pointer names a key, so its first place).
        int line = at is null ? 0 : text[..text.IndexOf(at, System.StringComparison.Ordinal)].Count(c => c == '\n');
        Assert.True(line == refused.Location.GetLineSpan().StartLinePosition.Line, what);
        // The key the message names is the one shown (System.Text.Json names the one it tripped over, maybe another).
        if (what.Contains("twice", System.StringComparison.Ordinal)) Assert.Contains(what.Contains("'actions'", System.StringComparison.Ordinal) ? "'actions'" : "'target'", refused.GetMessage());
        Assert.Contains(output.Files.Keys, k => k.EndsWith(".CreateWidgetRequest.g.cs", System.StringComparison.Ordinal));
        Assert.Empty(output.CompileProblems());
    }
}

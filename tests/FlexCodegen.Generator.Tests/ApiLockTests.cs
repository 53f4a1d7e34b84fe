using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlexCodegen.Cli;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace FlexCodegen.Generator.Tests;

/// <summary>
/// Spec evolution in C# terms: <c>flexcodegen diff</c> on Twilio's own history and on small specs for each kind of
/// change, <c>flexcodegen api</c> writing the lock, and the build's check against the lock (FLXG201–FLXG204).
/// </summary>
public class ApiLockTests
{
    private static readonly string Older = Path.Combine(GeneratorHarness.TestSpecs, "twilio_flex_v1.245ab7c.json");

    private static (int Exit, string Output, string Error) Cli(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = CommandLine.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private static string Temp(string name, string text)
    {
        string dir = Path.Combine(Path.GetTempPath(), "flexcodegen-lock-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    // ---- flexcodegen diff on the real transition (245ab7c → d50069b) ----

    [Fact]
    public void The_real_transition_names_the_status_code_changes_and_the_new_channel_states()
    {
        var (exit, report, error) = Cli("diff", Older, GeneratorHarness.FlexSpecPath);

        Assert.True(exit == CommandLine.Breaks, error);
        int breaking = report.IndexOf("## Breaking changes", StringComparison.Ordinal);
        int additions = report.IndexOf("## Additions", StringComparison.Ordinal);
        Assert.InRange(breaking, 0, additions);
        string breaks = report[breaking..additions];
        foreach (var create in new[] { "InteractionCollection.CreateAsync", "InteractionChannelInviteCollection.CreateAsync", "InteractionChannelParticipantCollection.CreateAsync" })
            Assert.Contains($"| `{create}` | success status 201 → 200 |", breaks);
        Assert.Contains("| `InteractionChannelStatus` | value \"pause\" added |", report[additions..]);
        Assert.Contains("| `InteractionChannelStatus` | value \"transfer\" added |", report[additions..]);
        Assert.Contains("`#/paths/~1v1~1Interactions/post`", breaks); // the spec change behind it
    }

    [Fact]
    public void Identical_specs_give_exit_zero_and_an_empty_report()
    {
        var (exit, report, _) = Cli("diff", GeneratorHarness.FlexSpecPath, GeneratorHarness.FlexSpecPath);
        Assert.Equal(CommandLine.Ok, exit);
        Assert.Equal("", report);

        var (jsonExit, json, _) = Cli("diff", GeneratorHarness.FlexSpecPath, GeneratorHarness.FlexSpecPath, "--format", "json");
        Assert.Equal(CommandLine.Ok, jsonExit);
        var doc = JsonNode.Parse(json)!;
        Assert.False(doc["breaking"]!.GetValue<bool>());
        Assert.Empty(doc["changes"]!.AsArray());
    }

    [Fact]
    public void Json_format_lists_each_change_with_its_kind_and_spec_pointer()
    {
        var (exit, json, _) = Cli("diff", Older, GeneratorHarness.FlexSpecPath, "--format", "json");
        Assert.Equal(CommandLine.Breaks, exit);
        var changes = JsonNode.Parse(json)!["changes"]!.AsArray();
        var status = changes.Single(c => c!["element"]!.GetValue<string>() == "InteractionCollection.CreateAsync");
        Assert.Equal("breaking", status!["kind"]!.GetValue<string>());
        Assert.Equal("success status 201 → 200", status["change"]!.GetValue<string>());
        Assert.Equal("#/paths/~1v1~1Interactions/post", status["pointer"]!.GetValue<string>());
        Assert.Equal("operation InteractionCollection.CreateAsync : POST /v1/Interactions -> 201", status["old"]!.GetValue<string>());
    }

    [Fact]
    public void Unreadable_input_gives_exit_two()
    {
        Assert.Equal(CommandLine.Unreadable, Cli("diff", "/nowhere/a.json", GeneratorHarness.FlexSpecPath).Exit);
        var (exit, _, error) = Cli("api", Temp("broken_v1.json", "{ \"openapi\": \"3.0.1\", \"paths\": { "));
        Assert.Equal(CommandLine.Unreadable, exit);
        Assert.Contains("FLXG001", error);
        Assert.Equal(CommandLine.Unreadable, Cli("diff", Older).Exit);
        Assert.Equal(CommandLine.Unreadable, Cli("diff", Older, Older, "--format", "xml").Exit);
    }

    [Fact]
    public void An_unreadable_overlay_given_with_overlay_is_named_in_FLXG006()
    {
        string bad = Temp("bad.json", "{ \"actions\": [ ");
        var (exit, _, error) = Cli("api", GeneratorHarness.FlexSpecPath, "--overlay", bad);

        Assert.Equal(CommandLine.Unreadable, exit);
        Assert.Contains("FLXG006", error);
        Assert.Contains("Overlay 'bad.json'", error);
        Assert.DoesNotContain("twilio_flex_v1.overlay.json", error);
    }

    // ---- each kind of change, on small specs ----

    private static string Small(Action<JsonObject> edit)
    {
        var doc = JsonNode.Parse("""
            {
              "openapi": "3.0.1",
              "info": { "title": "Twilio - Test", "version": "1.0.0" },
              "servers": [ { "url": "https://test.twilio.com" } ],
              "paths": {
                "/v1/Widgets/{Sid}": {
                  "get": {
                    "operationId": "FetchWidget",
                    "parameters": [ { "name": "Sid", "in": "path", "required": true, "schema": { "type": "string", "pattern": "^WD[0-9a-fA-F]{32}$" } } ],
                    "responses": { "200": { "description": "OK", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/test.v1.widget" } } } } }
                  },
                  "post": {
                    "operationId": "UpdateWidget",
                    "parameters": [ { "name": "Sid", "in": "path", "required": true, "schema": { "type": "string", "pattern": "^WD[0-9a-fA-F]{32}$" } } ],
                    "requestBody": { "content": { "application/x-www-form-urlencoded": { "schema": { "type": "object",
                      "properties": { "Status": { "$ref": "#/components/schemas/widget_enum_status" }, "Size": { "type": "integer" } } } } } },
                    "responses": { "200": { "description": "OK", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/test.v1.widget" } } } } }
                  }
                }
              },
              "components": { "schemas": {
                "test.v1.widget": { "type": "object", "properties": {
                  "sid": { "type": "string", "pattern": "^WD[0-9a-fA-F]{32}$", "nullable": true },
                  "count": { "type": "integer", "nullable": true },
                  "status": { "$ref": "#/components/schemas/widget_enum_status" } } },
                "widget_enum_status": { "type": "string", "enum": ["on", "off", "wrapup"] }
              } }
            }
            """)!.AsObject();
        edit(doc);
        return doc.ToJsonString();
    }

    private static JsonObject UpdateBody(JsonObject doc) =>
        doc["paths"]!["/v1/Widgets/{Sid}"]!["post"]!["requestBody"]!["content"]!["application/x-www-form-urlencoded"]!["schema"]!.AsObject();

    public static IEnumerable<object[]> Changes() => new[]
    {
        new object[] { "removed value", (Action<JsonObject>)(d => d["components"]!["schemas"]!["widget_enum_status"]!["enum"] = new JsonArray("on", "off")),
            "| `WidgetStatus` | value \"wrapup\" removed (used by UpdateWidgetRequest.Status, Widget.Status) |" },
        new object[] { "changed type", (Action<JsonObject>)(d => d["components"]!["schemas"]!["test.v1.widget"]!["properties"]!["count"] = JsonNode.Parse("""{ "type": "string", "nullable": true }""")),
            "| `Widget.Count` | type int? → string? |" },
        new object[] { "newly required", (Action<JsonObject>)(d => UpdateBody(d)["required"] = new JsonArray("Size")),
            "| `UpdateWidgetRequest.Size` | became required |" },
        new object[] { "changed pattern", (Action<JsonObject>)(d =>
            {
                d["components"]!["schemas"]!["test.v1.widget"]!["properties"]!["sid"]!["pattern"] = "^WD[0-9a-f]{32}$";
            }),
            "| `WidgetSid` | pattern \"^WD[0-9a-fA-F]{32}$\" → \"^WD[0-9a-f]{32}$\" |" },
        new object[] { "removed operation", (Action<JsonObject>)(d => d["paths"]!["/v1/Widgets/{Sid}"]!.AsObject().Remove("post")),
            "| `WidgetResource.UpdateAsync` | operation removed |" },
        new object[] { "changed status", (Action<JsonObject>)(d =>
            {
                var responses = d["paths"]!["/v1/Widgets/{Sid}"]!["post"]!["responses"]!.AsObject();
                var ok = responses["200"]!.DeepClone();
                responses.Remove("200");
                responses["202"] = ok;
            }),
            "| `WidgetResource.UpdateAsync` | success status 200 → 202 |" },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void Each_kind_of_breaking_change_is_named_in_csharp_terms(string what, Action<JsonObject> edit, string line)
    {
        string before = Temp("widgets_v1.json", Small(_ => { }));
        string after = Temp("widgets_v1.json", Small(edit));

        var (exit, report, error) = Cli("diff", before, after);

        Assert.True(exit == CommandLine.Breaks, what + ": " + error + report);
        Assert.Contains(line, report);
        // Removing the operation also removes its request type and fields; every other change is exactly one break.
        if (what != "removed operation") Assert.Contains("## Breaking changes (1)", report);
        else Assert.Contains("| `UpdateWidgetRequest` | type removed |", report);
    }

    [Fact]
    public void A_field_that_became_optional_is_compatible_and_exit_zero()
    {
        string before = Temp("widgets_v1.json", Small(d => UpdateBody(d)["required"] = new JsonArray("Size")));
        string after = Temp("widgets_v1.json", Small(_ => { }));

        var (exit, report, _) = Cli("diff", before, after);

        Assert.Equal(CommandLine.Ok, exit);
        Assert.Contains("## Compatible changes (1)", report);
        Assert.Contains("| `UpdateWidgetRequest.Size` | became optional |", report);
    }

    // ---- the lock and the build ----

    [Fact]
    public void The_committed_lock_is_what_flexcodegen_api_writes_for_the_current_spec()
    {
        var (exit, text, error) = Cli("api", GeneratorHarness.FlexSpecPath);
        Assert.True(exit == CommandLine.Ok, error);
        Assert.Equal(File.ReadAllText(Path.Combine(GeneratorHarness.RepoRoot, "specs", "twilio_flex_v1.api.txt")).Replace("\r\n", "\n"), text);
        Assert.Contains("operation InteractionCollection.CreateAsync : POST /v1/Interactions -> 200\n", text);
        Assert.Contains("request UpdateInteractionChannelRequest.Status : InteractionChannelUpdateChannelStatus required\n", text);
        Assert.Contains("sid InteractionSid : \"^KD[0-9a-fA-F]{32}$\"\n", text);
    }

    [Theory]
    [InlineData("twilio_taskrouter_events_v1", "model TaskrouterEvent\n", "model TaskrouterEvent.TaskSid : TaskSid?\n", "event TaskrouterEventTypes.TaskCompleted : \"task.completed\"\n")]
    [InlineData("twilio_conversations_events_v1", "model MessageAddedEvent\n", "model MessageAddedEvent.ConversationSid : ConversationSid?\n", "event ConversationsEventTypes.OnMessageAdded : \"onMessageAdded\"\n")]
    public void The_committed_lock_of_an_event_spec_is_what_flexcodegen_api_writes_and_lists_its_payloads_and_event_types(string name, params string[] lines)
    {
        var (exit, text, error) = Cli("api", Path.Combine(GeneratorHarness.RepoRoot, "specs", name + ".json"));
        Assert.True(exit == CommandLine.Ok, error);
        Assert.Equal(File.ReadAllText(Path.Combine(GeneratorHarness.RepoRoot, "specs", name + ".api.txt")).Replace("\r\n", "\n"), text);
        foreach (var line in lines) Assert.Contains(line, text);
        Assert.DoesNotContain("operation ", text);
    }

    [Fact]
    public void An_event_type_whose_value_changed_or_that_was_removed_breaks_the_lock_at_its_line()
    {
        string spec = File.ReadAllText(Path.Combine(GeneratorHarness.RepoRoot, "tests", "FlexCodegen.Generator.Tests", "TestSpecs", "webhooks_small.json"));
        string specPath = Temp("widget_events_v1.json", spec);
        var (exit, lockText, error) = Cli("api", specPath);
        Assert.True(exit == CommandLine.Ok, error);
        const string created = "event WidgetEventTypes.WidgetCreated : \"widget.created\"";
        Assert.Contains(created + "\n", lockText);

        string changed = spec.Replace("\"widget.created\", \"widget.deleted\"", "\"widget.made\", \"widget.deleted\"");
        Assert.NotEqual(spec, changed);
        var output = GeneratorHarness.Run(new InputFile(specPath, changed), new InputFile(Path.ChangeExtension(specPath, ".api.txt"), lockText, "ApiLock"));

        var lines = lockText.Split('\n');
        var removed = output.GeneratorDiagnostics.Single(d => d.Id == "FLXG201" && lines[d.Location.GetLineSpan().StartLinePosition.Line] == created);
        Assert.Contains("WidgetEventTypes.WidgetCreated: event type removed", removed.GetMessage());
        Assert.Contains(output.GeneratorDiagnostics, d => d.Id == "FLXG203" && d.GetMessage().Contains("WidgetEventTypes.WidgetMade: event type added"));

        string renamed = lockText.Replace(created, "event WidgetEventTypes.WidgetCreated : \"widget.born\"");
        var again = GeneratorHarness.Run(new InputFile(specPath, spec), new InputFile(Path.ChangeExtension(specPath, ".api.txt"), renamed, "ApiLock"));
        var d = Assert.Single(again.GeneratorDiagnostics);
        Assert.Equal("FLXG202", d.Id);
        Assert.Contains("WidgetEventTypes.WidgetCreated: value \"widget.born\" → \"widget.created\"", d.GetMessage());
    }

    [Fact]
    public void Building_the_older_spec_against_the_current_lock_warns_at_the_lock_lines()
    {
        string lockText = File.ReadAllText(Path.Combine(GeneratorHarness.RepoRoot, "specs", "twilio_flex_v1.api.txt"));
        string dir = Path.GetDirectoryName(Temp("x.txt", ""))!;
        string spec = Path.Combine(dir, "twilio_flex_v1.json");
        var output = GeneratorHarness.Run(
            new InputFile(spec, File.ReadAllText(Older)),
            new InputFile(Path.Combine(dir, "twilio_flex_v1.overlay.json"), File.ReadAllText(GeneratorHarness.FlexOverlayPath), "Overlay"),
            new InputFile(Path.Combine(dir, "twilio_flex_v1.api.txt"), lockText, "ApiLock"));

        var lines = lockText.Replace("\r\n", "\n").Split('\n');
        Diagnostic At(string id, string lockLine)
        {
            var d = output.GeneratorDiagnostics.Single(x => x.Id == id && x.Location.GetLineSpan().Path.EndsWith(".api.txt") && lines[x.Location.GetLineSpan().StartLinePosition.Line] == lockLine);
            Assert.Equal(DiagnosticSeverity.Warning, d.DefaultSeverity); // an error here only because the harness builds with warnings as errors
            return d;
        }
        Assert.Contains("\"pause\" removed", At("FLXG201", "enum InteractionChannelStatus value \"pause\"").GetMessage());
        Assert.Contains("\"transfer\" removed", At("FLXG201", "enum InteractionChannelStatus value \"transfer\"").GetMessage());
        Assert.Contains("success status 200 → 201", At("FLXG202", "operation InteractionCollection.CreateAsync : POST /v1/Interactions -> 200").GetMessage());
        // The build itself still generates the client.
        Assert.Contains(output.Files.Keys, k => k.EndsWith(".InteractionCollection.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void With_the_matching_lock_the_build_is_silent_and_without_a_lock_nothing_is_checked()
    {
        string lockText = File.ReadAllText(Path.Combine(GeneratorHarness.RepoRoot, "specs", "twilio_flex_v1.api.txt"));
        var files = GeneratorHarness.FlexWithOverlay().Append(new InputFile(Path.Combine(GeneratorHarness.RepoRoot, "specs", "twilio_flex_v1.api.txt"), lockText, "ApiLock")).ToArray();
        Assert.DoesNotContain(GeneratorHarness.Run(files).GeneratorDiagnostics, d => d.Id.StartsWith("FLXG20", StringComparison.Ordinal));

        string dir = Path.GetDirectoryName(Temp("x.txt", ""))!;
        var noLock = GeneratorHarness.Run(new InputFile(Path.Combine(dir, "twilio_flex_v1.json"), File.ReadAllText(Older)));
        Assert.DoesNotContain(noLock.GeneratorDiagnostics, d => d.Id.StartsWith("FLXG20", StringComparison.Ordinal));
    }

    [Fact]
    public void An_added_element_is_info_at_the_spec_and_an_unreadable_lock_line_is_reported()
    {
        string dir = Path.GetDirectoryName(Temp("x.txt", ""))!;
        string spec = Small(_ => { });
        string lockText = "# a lock\nsid WidgetSid : \"^WD[0-9a-fA-F]{32}$\"\nthis is not an element\n";
        var output = GeneratorHarness.Run(new InputFile(Path.Combine(dir, "widgets_v1.json"), spec), new InputFile(Path.Combine(dir, "widgets_v1.api.txt"), lockText, "ApiLock"));

        var unreadable = Assert.Single(output.GeneratorDiagnostics, d => d.Id == "FLXG204");
        Assert.Equal(2, unreadable.Location.GetLineSpan().StartLinePosition.Line);
        var added = output.GeneratorDiagnostics.Where(d => d.Id == "FLXG203").ToList();
        Assert.Contains(added, d => d.GetMessage().Contains("WidgetStatus: value \"wrapup\" added") && d.Severity == DiagnosticSeverity.Info);
        Assert.All(added, d => Assert.EndsWith("widgets_v1.json", d.Location.GetLineSpan().Path));
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\r")]
    [InlineData("CRLF on the first line only")]
    public void A_lock_with_other_line_ends_is_checked_and_reported_as_its_LF_twin(string lineEnd)
    {
        // A lock checked out with CRLF, or saved by an editor with CR alone, is the same lock: each warning on the same
        // line and columns, as the compiler's SourceText counts lines, with no stray CR in what it quotes.
        string dir = Path.GetDirectoryName(Temp("x.txt", ""))!;
        string spec = Small(_ => { });
        var (exit, written, error) = Cli("api", Temp("widgets_v1.json", spec));
        Assert.True(exit == CommandLine.Ok, error);
        string lf = written
            .Replace("enum WidgetStatus value \"off\"\n", "enum WidgetStatus value \"off\"\nenum WidgetStatus value \"gone\"\nthis is not an element\n")
            .Replace("model Widget.Count : int?", "model Widget.Count : string?");
        List<(string Id, string Message, LinePositionSpan At, string Text)> Check(string lockText)
        {
            var output = GeneratorHarness.Run(new InputFile(Path.Combine(dir, "widgets_v1.json"), spec), new InputFile(Path.Combine(dir, "widgets_v1.api.txt"), lockText, "ApiLock"));
            return output.GeneratorDiagnostics.Where(d => d.Location.GetLineSpan().Path.EndsWith(".api.txt", StringComparison.Ordinal))
                .Select(d => (d.Id, d.GetMessage(), d.Location.GetLineSpan().Span, lockText.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length)))
                .OrderBy(d => d.Span.Start.Line).ToList();
        }

        var expected = Check(lf);
        Assert.Equal(new[] { "FLXG201", "FLXG204", "FLXG202" }, expected.Select(d => d.Id));
        Assert.Equal(new[] { "enum WidgetStatus value \"gone\"", "this is not an element", "model Widget.Count : string?" }, expected.Select(d => d.Text));
        int first = lf.IndexOf('\n');
        Assert.Equal(expected, Check(lineEnd.Length > 2 ? lf[..first] + "\r" + lf[first..] : lf.Replace("\n", lineEnd)));
    }

    [Fact]
    public void Additions_after_a_key_that_cannot_be_decoded_are_placed_as_in_the_plain_spec()
    {
        // An escaped lone surrogate in a key nothing reads: placing the additions walks past it, which used to throw
        // out of the generator (CS8785) and lose every generated file.
        string dir = Path.GetDirectoryName(Temp("x.txt", ""))!;
        string plain = Small(_ => { });
        string odd = Small(d => d["info"]!["x-logo"] = new JsonObject { ["UNDECODABLE"] = 1 }).Replace("UNDECODABLE", "\\ud800");
        IReadOnlyList<(string Message, string At)> Added(string spec)
        {
            var output = GeneratorHarness.Run(new InputFile(Path.Combine(dir, "widgets_v1.json"), spec), new InputFile(Path.Combine(dir, "widgets_v1.api.txt"), "# a lock\n", "ApiLock"));
            Assert.DoesNotContain(output.GeneratorDiagnostics, d => d.Id == "FLXG999");
            return output.GeneratorDiagnostics.Where(d => d.Id == "FLXG203")
                .Select(d => (d.GetMessage(), spec.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length))).ToList();
        }

        var expected = Added(plain);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, Added(odd));
    }

    // ---- how the lock writes a type ----

    [Theory]
    [InlineData("Twilio.Flex.V1", "Channel")]
    [InlineData("Société.Flex", "Channel")]   // a letter outside ASCII (the regular expression this replaced kept "Société.Flex.")
    [InlineData("Flex.Socie\u0301te\u0301", "Channel")] // é written as e and a combining accent, as a decomposed name is
    [InlineData("Flex.Sub\u203Fspace", "Channel")] // a connector other than _
    [InlineData("Acme.@event", "@event.Channel")]  // not an identifier as written: left alone, as the regular expression did
    public void A_type_in_the_lock_loses_every_namespace_however_deep_it_is_nested(string ns, string expected)
    {
        ns = System.Text.RegularExpressions.Regex.Unescape(ns);
        var model = new FlexCodegen.Generator.Model.TypeRef(FlexCodegen.Generator.Model.ValueKind.Object, "Channel", Namespace: ns);
        var list = new FlexCodegen.Generator.Model.TypeRef(FlexCodegen.Generator.Model.ValueKind.Array, Item: model);
        var sid = new FlexCodegen.Generator.Model.TypeRef(FlexCodegen.Generator.Model.ValueKind.Sid, "ChannelSid", Namespace: "Twilio");

        Assert.Equal(expected + "?", FlexCodegen.Generator.Api.ApiSurface.TypeText(model, nullable: true));
        Assert.Equal($"IReadOnlyList<IReadOnlyList<{expected}>>", FlexCodegen.Generator.Api.ApiSurface.TypeText(
            new FlexCodegen.Generator.Model.TypeRef(FlexCodegen.Generator.Model.ValueKind.Array, Item: list), nullable: false));
        Assert.Equal("IReadOnlyList<ChannelSid>?", FlexCodegen.Generator.Api.ApiSurface.TypeText(
            new FlexCodegen.Generator.Model.TypeRef(FlexCodegen.Generator.Model.ValueKind.Array, Item: sid), nullable: true));
        Assert.Equal("IReadOnlyDictionary<string, Uri>", FlexCodegen.Generator.Api.ApiSurface.TypeText(new FlexCodegen.Generator.Model.TypeRef(FlexCodegen.Generator.Model.ValueKind.UriMap), nullable: false));
        Assert.Equal("JsonElement?", FlexCodegen.Generator.Api.ApiSurface.TypeText(new FlexCodegen.Generator.Model.TypeRef(FlexCodegen.Generator.Model.ValueKind.Json), nullable: true));
        Assert.Equal("DateTimeOffset", FlexCodegen.Generator.Api.ApiSurface.TypeText(new FlexCodegen.Generator.Model.TypeRef(FlexCodegen.Generator.Model.ValueKind.DateTime), nullable: false));
    }
}

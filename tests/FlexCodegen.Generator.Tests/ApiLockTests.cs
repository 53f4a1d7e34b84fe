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
                    "parameters": [
                      { "name": "Sid", "in": "path", "required": true, "schema": { "type": "string", "pattern": "^WD[0-9a-fA-F]{32}$" } },
                      { "name": "Label", "in": "query", "schema": { "type": "string" } }
                    ],
                    "requestBody": { "content": { "application/x-www-form-urlencoded": { "schema": { "type": "object",
                      "properties": {
                        "Status": { "$ref": "#/components/schemas/widget_enum_status" },
                        "Size": { "type": "integer" },
                        "Name": { "type": "string", "pattern": "^[a-z]+$", "minLength": 2, "maxLength": 64 } } } } } },
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

    private static JsonObject Schemas(JsonObject doc) => doc["components"]!["schemas"]!.AsObject();

    /// <summary>The Label query parameter of UpdateWidget, taken out of its parameters.</summary>
    private static JsonNode TakeLabel(JsonObject doc)
    {
        var parameters = doc["paths"]!["/v1/Widgets/{Sid}"]!["post"]!["parameters"]!.AsArray();
        var label = parameters.Single(p => p!["name"]!.GetValue<string>() == "Label")!;
        parameters.Remove(label);
        return label;
    }

    /// <summary>Twilio regenerating a spec: the enum schema renamed, one value fewer, every field pointed at the new one.</summary>
    private static void ReplaceStatusEnumWithOneValueFewer(JsonObject d)
    {
        Schemas(d).Remove("widget_enum_status");
        Schemas(d)["widget_enum_state"] = JsonNode.Parse("""{ "type": "string", "enum": ["on", "off"] }""");
        UpdateBody(d)["properties"]!["Status"] = JsonNode.Parse("""{ "$ref": "#/components/schemas/widget_enum_state" }""");
        Schemas(d)["test.v1.widget"]!["properties"]!["status"] = JsonNode.Parse("""{ "$ref": "#/components/schemas/widget_enum_state" }""");
    }

    public static IEnumerable<object[]> Changes() => new[]
    {
        new object[] { "removed value", (Action<JsonObject>)(d => d["components"]!["schemas"]!["widget_enum_status"]!["enum"] = new JsonArray("on", "off")),
            "| `UpdateWidgetRequest.Status` | 'wrapup' can no longer be sent |", 2 },
        new object[] { "enum replaced by one with a value fewer", (Action<JsonObject>)ReplaceStatusEnumWithOneValueFewer,
            "| `UpdateWidgetRequest.Status` | 'wrapup' can no longer be sent |", 4 },
        new object[] { "changed type", (Action<JsonObject>)(d => d["components"]!["schemas"]!["test.v1.widget"]!["properties"]!["count"] = JsonNode.Parse("""{ "type": "string", "nullable": true }""")),
            "| `Widget.Count` | type int? → string? |", 1 },
        new object[] { "newly required", (Action<JsonObject>)(d => UpdateBody(d)["required"] = new JsonArray("Size")),
            "| `UpdateWidgetRequest.Size` | became required |", 1 },
        new object[] { "changed pattern", (Action<JsonObject>)(d =>
            {
                d["components"]!["schemas"]!["test.v1.widget"]!["properties"]!["sid"]!["pattern"] = "^WD[0-9a-f]{32}$";
            }),
            "| `WidgetSid` | pattern \"^WD[0-9a-fA-F]{32}$\" → \"^WD[0-9a-f]{32}$\" |", 1 },
        new object[] { "tightened pattern", (Action<JsonObject>)(d => UpdateBody(d)["properties"]!["Name"]!["pattern"] = "^[a-z]{2,8}$"),
            "| `UpdateWidgetRequest.Name` | pattern \"^[a-z]+$\" → \"^[a-z]{2,8}$\" |", 1 },
        new object[] { "lowered maxLength", (Action<JsonObject>)(d => UpdateBody(d)["properties"]!["Name"]!["maxLength"] = 32),
            "| `UpdateWidgetRequest.Name` | maxLength 64 → 32 |", 1 },
        new object[] { "moved from query to form", (Action<JsonObject>)(d =>
            {
                TakeLabel(d);
                UpdateBody(d)["properties"]!["Label"] = JsonNode.Parse("""{ "type": "string" }""");
            }),
            "| `UpdateWidgetRequest.Label` | moved from the query string to the form body |", 1 },
        new object[] { "removed operation", (Action<JsonObject>)(d => d["paths"]!["/v1/Widgets/{Sid}"]!.AsObject().Remove("post")),
            "| `WidgetResource.UpdateAsync` | operation removed |", -1 },
        new object[] { "changed status", (Action<JsonObject>)(d =>
            {
                var responses = d["paths"]!["/v1/Widgets/{Sid}"]!["post"]!["responses"]!.AsObject();
                var ok = responses["200"]!.DeepClone();
                responses.Remove("200");
                responses["202"] = ok;
            }),
            "| `WidgetResource.UpdateAsync` | success status 200 → 202 |", 1 },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void Each_kind_of_breaking_change_is_named_in_csharp_terms(string what, Action<JsonObject> edit, string line, int breaking)
    {
        string before = Temp("widgets_v1.json", Small(_ => { }));
        string after = Temp("widgets_v1.json", Small(edit));

        var (exit, report, error) = Cli("diff", before, after);

        Assert.True(exit == CommandLine.Breaks, what + ": " + error + report);
        Assert.Contains(line, report);
        // Removing the operation also removes its request type and fields; every other change is exactly what it breaks.
        if (breaking >= 0) Assert.True(report.Contains($"## Breaking changes ({breaking})"), what + ":\n" + report);
        else Assert.Contains("| `UpdateWidgetRequest` | type removed |", report);
    }

    [Theory]
    [MemberData(nameof(Changes))]
    public void The_build_against_the_lock_reports_every_break_diff_reports_at_the_lock_s_lines(string what, Action<JsonObject> edit, string line, int breaking)
    {
        _ = line;
        _ = breaking;
        string before = Temp("widgets_v1.json", Small(_ => { }));
        var (exit, lockText, error) = Cli("api", before);
        Assert.True(exit == CommandLine.Ok, error);
        string after = Temp("widgets_v1.json", Small(edit));
        var (_, json, _) = Cli("diff", before, after, "--format", "json");
        var breaks = JsonNode.Parse(json)!["changes"]!.AsArray().Where(c => c!["kind"]!.GetValue<string>() == "breaking")
            .Select(c => c!["element"]!.GetValue<string>() + ": " + c["change"]!.GetValue<string>()).ToList();
        Assert.True(breaks.Count > 0, what);

        string dir = Path.GetDirectoryName(after)!;
        var output = GeneratorHarness.Run(new InputFile(after, File.ReadAllText(after)), new InputFile(Path.Combine(dir, "widgets_v1.api.txt"), lockText, "ApiLock"));

        var atLock = output.GeneratorDiagnostics.Where(d => d.Id is "FLXG201" or "FLXG202").ToList();
        Assert.All(atLock, d => Assert.EndsWith("widgets_v1.api.txt", d.Location.GetLineSpan().Path));
        // The same breaks, one diagnostic each, each naming the spec's client.
        Assert.True(breaks.Count == atLock.Count, what + ": " + string.Join(" | ", atLock.Select(d => d.GetMessage())));
        foreach (string change in breaks)
            Assert.True(atLock.Any(d => d.GetMessage().Contains("in the client of widgets_v1.json: " + change, StringComparison.Ordinal)), what + ": " + change);
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

    [Fact]
    public void An_enum_field_whose_type_is_replaced_by_one_with_a_value_fewer_breaks_naming_the_value_in_diff_and_in_the_build()
    {
        string before = Temp("widgets_v1.json", Small(_ => { }));
        string after = Temp("widgets_v1.json", Small(ReplaceStatusEnumWithOneValueFewer));

        var (exit, report, error) = Cli("diff", before, after);

        Assert.True(exit == CommandLine.Breaks, error + report);
        int compatible = report.IndexOf("## Compatible changes", StringComparison.Ordinal);
        Assert.InRange(report.IndexOf("| `UpdateWidgetRequest.Status` | 'wrapup' can no longer be sent |", StringComparison.Ordinal), 0, compatible);
        // What is read is noted, not breaking: Twilio no longer sends it.
        Assert.Contains("| `Widget.Status` | 'wrapup' is no longer listed (a switch on it goes dead) |", report[compatible..]);
        Assert.Contains("| `UpdateWidgetRequest.Status` | type WidgetStatus → WidgetState |", report);
        // The old enum is one line, not one per value; the new one is one line with its values.
        Assert.Contains("| `WidgetStatus` | enum removed (used by UpdateWidgetRequest.Status, Widget.Status) |", report);
        Assert.DoesNotContain("value \"on\" removed", report);
        Assert.Contains("| `WidgetState` | enum added with \"off\", \"on\" |", report);

        // The build against the lock of the old spec says the same at the lock's lines.
        var (_, lockText, _) = Cli("api", before);
        var lines = lockText.Split('\n');
        var output = GeneratorHarness.Run(new InputFile(after, File.ReadAllText(after)), new InputFile(Path.Combine(Path.GetDirectoryName(after)!, "widgets_v1.api.txt"), lockText, "ApiLock"));
        string LockLine(Diagnostic d) => lines[d.Location.GetLineSpan().StartLinePosition.Line];
        var sent = Assert.Single(output.GeneratorDiagnostics, d => d.Id == "FLXG202" && d.GetMessage().Contains("'wrapup' can no longer be sent", StringComparison.Ordinal));
        Assert.Equal("request UpdateWidgetRequest.Status : WidgetStatus? optional form", LockLine(sent));
        Assert.StartsWith("Breaking API change in the client of widgets_v1.json: UpdateWidgetRequest.Status: 'wrapup' can no longer be sent (the lock says 'request UpdateWidgetRequest.Status : WidgetStatus? optional form').", sent.GetMessage());
        var read = Assert.Single(output.GeneratorDiagnostics, d => d.Id == "FLXG203" && d.GetMessage().Contains("Widget.Status: 'wrapup' is no longer listed", StringComparison.Ordinal));
        Assert.EndsWith("widgets_v1.json", read.Location.GetLineSpan().Path);
        Assert.Equal("enum WidgetStatus", LockLine(Assert.Single(output.GeneratorDiagnostics, d => d.Id == "FLXG201")));
    }

    [Fact]
    public void A_gained_enum_value_is_an_addition_and_loosened_checks_are_notes()
    {
        string before = Temp("widgets_v1.json", Small(_ => { }));
        string after = Temp("widgets_v1.json", Small(d =>
        {
            d["components"]!["schemas"]!["widget_enum_status"]!["enum"]!.AsArray().Add("paused");
            var name = UpdateBody(d)["properties"]!["Name"]!.AsObject();
            name.Remove("pattern");
            name.Remove("minLength");
            name["maxLength"] = 128;
        }));

        var (exit, report, error) = Cli("diff", before, after);

        Assert.True(exit == CommandLine.Ok, error + report);
        Assert.DoesNotContain("## Breaking changes", report);
        int additions = report.IndexOf("## Additions", StringComparison.Ordinal);
        Assert.InRange(additions, 0, report.Length);
        string notes = report[..additions], added = report[additions..];
        Assert.Contains("| `UpdateWidgetRequest.Name` | pattern \"^[a-z]+$\" removed |", notes);
        Assert.Contains("| `UpdateWidgetRequest.Name` | minLength 2 removed |", notes);
        Assert.Contains("| `UpdateWidgetRequest.Name` | maxLength 64 → 128 |", notes);
        Assert.Contains("| `UpdateWidgetRequest.Status` | 'paused' can now be sent |", added);
        Assert.Contains("| `Widget.Status` | 'paused' is now listed |", added);
        Assert.Contains("| `WidgetStatus` | value \"paused\" added |", added);
    }

    [Fact]
    public void A_query_parameter_that_moved_into_the_path_is_named_as_moved_and_back_again_at_the_operation_s_lock_line()
    {
        string query = Small(_ => { });
        string path = Small(d =>
        {
            var paths = d["paths"]!.AsObject();
            var post = paths["/v1/Widgets/{Sid}"]!["post"]!.DeepClone().AsObject();
            paths["/v1/Widgets/{Sid}"]!.AsObject().Remove("post");
            var label = post["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "Label")!;
            label["in"] = "path";
            label["required"] = true;
            paths["/v1/Widgets/{Sid}/Labels/{Label}"] = new JsonObject { ["post"] = post };
        });
        string before = Temp("widgets_v1.json", query), after = Temp("widgets_v1.json", path);

        var (exit, report, _) = Cli("diff", before, after);
        Assert.Equal(CommandLine.Breaks, exit);
        Assert.Contains("| `UpdateWidgetRequest.Label` | moved from the query string to the path |", report);
        Assert.DoesNotContain("| `UpdateWidgetRequest.Label` | field removed |", report);

        var (_, back, _) = Cli("diff", after, before);
        Assert.Contains("| `UpdateWidgetRequest.Label` | moved from the path to the query string |", back);

        // At build time the move out of the path is reported at the line of the operation whose path held it.
        var (_, lockText, _) = Cli("api", after);
        var output = GeneratorHarness.Run(new InputFile(before, query), new InputFile(Path.Combine(Path.GetDirectoryName(before)!, "widgets_v1.api.txt"), lockText, "ApiLock"));
        var moved = Assert.Single(output.GeneratorDiagnostics, d => d.GetMessage().Contains("UpdateWidgetRequest.Label: moved from the path to the query string", StringComparison.Ordinal));
        Assert.Equal("FLXG202", moved.Id);
        Assert.Matches(@"^operation \w+\.UpdateAsync : POST /v1/Widgets/\{Sid\}/Labels/\{Label\} -> 200$", lockText.Split('\n')[moved.Location.GetLineSpan().StartLinePosition.Line]);
    }

    // ---- the lock and the build ----

    [Fact]
    public void The_committed_lock_is_what_flexcodegen_api_writes_for_the_current_spec()
    {
        var (exit, text, error) = Cli("api", GeneratorHarness.FlexSpecPath);
        Assert.True(exit == CommandLine.Ok, error);
        Assert.Equal(File.ReadAllText(Path.Combine(GeneratorHarness.RepoRoot, "specs", "twilio_flex_v1.api.txt")).Replace("\r\n", "\n"), text);
        Assert.Contains("operation InteractionCollection.CreateAsync : POST /v1/Interactions -> 200\n", text);
        Assert.Contains("request UpdateInteractionChannelRequest.Status : InteractionChannelUpdateChannelStatus required form\n", text);
        Assert.Contains("request UpdateInteractionChannelRequest : InteractionChannelResource.UpdateAsync\n", text);
        Assert.Contains("request ListInteractionChannelRequest.PageSize : long? optional query minimum 1 maximum 1000\n", text);
        Assert.Contains("model InteractionChannelSpec : sent\n", text);
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
    public void The_bundled_specs_ship_with_the_tool_and_api_bundled_writes_the_committed_locks()
    {
        Assert.Equal(new[] { "conversations_events_v1", "conversations_v1", "flex_v1", "taskrouter_events_v1", "taskrouter_v1" }, CommandLine.BundledNames);
        foreach (string name in CommandLine.BundledNames)
        {
            // Read in any case, as FlexCodegenBundledSpecs is; the bundled overlay is applied as the package applies it.
            var (exit, text, error) = Cli("api", "--bundled", name.ToUpperInvariant());
            Assert.True(exit == CommandLine.Ok, error);
            Assert.Equal(File.ReadAllText(Path.Combine(GeneratorHarness.RepoRoot, "specs", $"twilio_{name}.api.txt")).Replace("\r\n", "\n"), text);
        }

        var (unknown, _, message) = Cli("api", "--bundled", "flex_v2");
        Assert.Equal(CommandLine.Unreadable, unknown);
        Assert.Contains("--bundled 'flex_v2' is not a spec this tool bundles; choose from conversations_events_v1, conversations_v1, flex_v1, taskrouter_events_v1, taskrouter_v1", message);
    }

    [Fact]
    public void Diff_bundled_compares_the_bundled_spec_with_a_newer_one_under_the_bundled_overlay()
    {
        var doc = JsonNode.Parse(File.ReadAllText(GeneratorHarness.FlexSpecPath))!.AsObject();
        Schemas(doc)["interaction_channel_enum_update_channel_status"]!["enum"] = new JsonArray("closed");
        Schemas(doc)["interaction_channel_enum_channel_status"]!["enum"]!.AsArray().RemoveAt(5); // "pause"
        string newer = Temp("twilio_flex_v1.json", doc.ToJsonString()); // no overlay beside it

        var (exit, report, error) = Cli("diff", "--bundled", "flex_v1", newer);

        Assert.True(exit == CommandLine.Breaks, error + report);
        Assert.Contains("| `UpdateInteractionChannelRequest.Status` | 'inactive' can no longer be sent |", report);
        Assert.Contains("| `InteractionChannel.Status` | 'pause' is no longer listed (a switch on it goes dead) |", report);
        // The bundled overlay typed both sides alike: nothing it adds shows as a change.
        Assert.DoesNotContain("InteractionChannelSpec", report);
    }

    [Fact]
    public void A_lock_written_before_locations_and_checks_were_recorded_still_reads_and_holds()
    {
        // The lock format of the first release: request fields end at required/optional, requests and models have no value.
        string current = File.ReadAllText(Path.Combine(GeneratorHarness.RepoRoot, "specs", "twilio_flex_v1.api.txt")).Replace("\r\n", "\n");
        string Older(string line)
        {
            if (line.StartsWith("model ", StringComparison.Ordinal) && line.EndsWith(" : sent", StringComparison.Ordinal)) return line[..^" : sent".Length];
            if (!line.StartsWith("request ", StringComparison.Ordinal) || !line.Contains(" : ", StringComparison.Ordinal)) return line;
            string key = line[..line.IndexOf(" : ", StringComparison.Ordinal)];
            if (!key.Contains('.', StringComparison.Ordinal)) return key;
            foreach (string word in new[] { " required", " optional" })
                if (line.IndexOf(word + " ", StringComparison.Ordinal) is int at and >= 0) return line[..(at + word.Length)];
            return line;
        }
        string old = string.Join("\n", current.Split('\n').Select(Older));
        Assert.Contains("request UpdateInteractionChannelRequest.Status : InteractionChannelUpdateChannelStatus required\n", old);
        Assert.Contains("request UpdateInteractionChannelRequest\n", old);

        var files = GeneratorHarness.FlexWithOverlay().Append(new InputFile(Path.Combine(GeneratorHarness.RepoRoot, "specs", "twilio_flex_v1.api.txt"), old, "ApiLock")).ToArray();
        Assert.DoesNotContain(GeneratorHarness.Run(files).GeneratorDiagnostics, d => d.Id.StartsWith("FLXG20", StringComparison.Ordinal));
    }

    [Fact]
    public void Asked_to_write_the_lock_the_generator_hands_it_out_in_comments_and_checks_nothing()
    {
        // What the FlexCodegenWriteApiLocks target asks: the lock as the build generates it, whatever the old lock says.
        string stale = "# stale\nenum Gone\nnot an element\n";
        var files = GeneratorHarness.FlexWithOverlay()
            .Select(f => f.Kind == "Spec" ? f with { WriteApiLock = "/src/App/twilio_flex_v1.api.txt" } : f)
            .Append(new InputFile(Path.Combine(GeneratorHarness.RepoRoot, "specs", "twilio_flex_v1.api.txt"), stale, "ApiLock")).ToArray();

        var output = GeneratorHarness.Run(files);

        Assert.DoesNotContain(output.GeneratorDiagnostics, d => d.Id.StartsWith("FLXG20", StringComparison.Ordinal));
        string carrier = output.Files["twilio_flex_v1.api-lock.g.cs"];
        Assert.Empty(Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(carrier).GetDiagnostics());
        var lines = carrier.Split('\n');
        int marker = Array.FindIndex(lines, l => l.StartsWith("// flexcodegen-api-lock: ", StringComparison.Ordinal));
        Assert.Equal("// flexcodegen-api-lock: /src/App/twilio_flex_v1.api.txt", lines[marker]);
        string written = string.Concat(lines.Skip(marker + 1).Where(l => l.Length > 0).Select(l => l[3..] + "\n"));
        Assert.Equal(Cli("api", GeneratorHarness.FlexSpecPath).Output, written);
        // An ordinary build has no such file.
        Assert.DoesNotContain(GeneratorHarness.Run(GeneratorHarness.FlexWithOverlay()).Files.Keys, k => k.EndsWith(".api-lock.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void With_several_specs_each_report_names_its_spec_and_a_refresh_command_that_works_as_written()
    {
        // A project at /src/App with the bundled flex_v1 (its lock in the project's folder, an overlay of its own stacked
        // on the package's) and its own TaskRouter spec (selected operations, its lock beside it).
        const string bundled = "/nuget/flexcodegen/0.1.0/specs/twilio_flex_v1.json", project = "/src/App/App.csproj";
        string flexLock = File.ReadAllText(Path.Combine(GeneratorHarness.RepoRoot, "specs", "twilio_flex_v1.api.txt"))
            .Replace("enum InteractionChannelUpdateChannelStatus value \"inactive\"\n", "enum InteractionChannelUpdateChannelStatus value \"inactive\"\nenum InteractionChannelUpdateChannelStatus value \"paused\"\n");
        string taskrouter = Path.Combine(GeneratorHarness.RepoRoot, "specs", "twilio_taskrouter_v1.json");
        var (_, taskLock, _) = Cli("api", taskrouter, "--include-operation", "FetchTask");
        taskLock = taskLock.Replace("operation TaskrouterTaskResource.FetchAsync : GET /v1/Workspaces/{WorkspaceSid}/Tasks/{Sid} -> 200", "operation TaskrouterTaskResource.FetchAsync : GET /v1/Workspaces/{WorkspaceSid}/Tasks/{Sid} -> 201");
        string contoso = "/src/App/overlays/contoso flex.json";

        var output = GeneratorHarness.Run(
            new InputFile(bundled, File.ReadAllText(GeneratorHarness.FlexSpecPath)) { BundledName = "flex_v1", Project = project, ApiLock = "/src/App/twilio_flex_v1.api.txt", Overlays = new[] { contoso } },
            new InputFile("/nuget/flexcodegen/0.1.0/specs/twilio_flex_v1.overlay.json", File.ReadAllText(GeneratorHarness.FlexOverlayPath), "Overlay"),
            new InputFile(contoso, """{ "overlay": "1.0.0", "info": { "title": "t", "version": "1" }, "actions": [] }""", "Overlay"),
            new InputFile("/src/App/twilio_flex_v1.api.txt", flexLock, "ApiLock"),
            new InputFile("/src/App/specs/twilio_taskrouter_v1.json", File.ReadAllText(taskrouter)) { Project = project, IncludeOperations = "FetchTask" },
            new InputFile("/src/App/specs/twilio_taskrouter_v1.api.txt", taskLock, "ApiLock"));

        var flex = Assert.Single(output.GeneratorDiagnostics, d => d.Id == "FLXG202" && d.Location.GetLineSpan().Path == "/src/App/twilio_flex_v1.api.txt");
        Assert.Equal(
            "Breaking API change in the client of flex_v1 (bundled): UpdateInteractionChannelRequest.Status: 'paused' can no longer be sent " +
            "(the lock says 'request UpdateInteractionChannelRequest.Status : InteractionChannelUpdateChannelStatus required form'). " +
            "If the change is intended, refresh the lock: flexcodegen api --bundled flex_v1 --stack-overlay \"/src/App/overlays/contoso flex.json\" > /src/App/twilio_flex_v1.api.txt, " +
            "or for every lock of the project: dotnet build /src/App/App.csproj -t:FlexCodegenWriteApiLocks.",
            flex.GetMessage());
        var task = Assert.Single(output.GeneratorDiagnostics, d => d.Id == "FLXG202" && d.Location.GetLineSpan().Path == "/src/App/specs/twilio_taskrouter_v1.api.txt");
        Assert.StartsWith("Breaking API change in the client of twilio_taskrouter_v1.json: TaskrouterTaskResource.FetchAsync: success status 201 → 200", task.GetMessage());
        Assert.Contains("refresh the lock: flexcodegen api /src/App/specs/twilio_taskrouter_v1.json --include-operation FetchTask > /src/App/specs/twilio_taskrouter_v1.api.txt, or", task.GetMessage());
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
        Assert.Contains(added, d => d.GetMessage().Contains("WidgetStatus: enum added with \"off\", \"on\", \"wrapup\"") && d.Severity == DiagnosticSeverity.Info);
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
        Assert.Equal(new[] { "FLXG201", "FLXG204", "FLXG202", "FLXG202" }, expected.Select(d => d.Id));
        Assert.Equal(new[] { "enum WidgetStatus value \"gone\"", "this is not an element", "model Widget.Count : string?", "request UpdateWidgetRequest.Status : WidgetStatus? optional form" },
            expected.Select(d => d.Text));
        Assert.Contains("'gone' can no longer be sent", expected[3].Message);
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

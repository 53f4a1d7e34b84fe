using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FlexCodegen.Runtime;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace FlexCodegen.Generator.Tests;

/// <summary>What the docs of resources and operations tell a user is true: the access path compiles, every operation says what it does.</summary>
public class ResourceDocsTests
{
    private static readonly Regex AccessPath = new(@"reached as <c>(?<path>[^<]+)</c>", RegexOptions.CultureInvariant);

    [Fact]
    public void Every_resource_names_the_access_path_that_reaches_it()
    {
        var output = GeneratorHarness.Run(GeneratorHarness.FlexWithOverlay());
        var resources = output.Files
            .Select(f => (Class: f.Key.Split('.')[^3], Match: AccessPath.Match(f.Value)))
            .Where(x => x.Match.Success)
            .ToList();
        Assert.True(resources.Count >= 40, $"only {resources.Count} resources name an access path");

        // Each path, with its ids as `default`, must compile to the very class it documents.
        var members = resources.Select((r, i) =>
            $"    static global::Twilio.Flex.V1.{r.Class} M{i}(FlexClient client) => {Regex.Replace(r.Match.Groups["path"].Value, @"\[[A-Za-z_][A-Za-z0-9_]*\]", "[default!]")};");
        string user = "using Twilio.Flex.V1;\nstatic class Use\n{\n" + string.Join("\n", members) + "\n}\n";
        var compilation = output.Compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(user, new CSharpParseOptions(LanguageVersion.Latest)));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()));

        // A nested resource: not the client's first level, as every resource once claimed.
        Assert.Contains("reached as <c>client.Interactions[interactionSid].Channels[channelSid].Participants</c>", output.File("InteractionChannelParticipantCollection"));
        Assert.DoesNotContain(output.Files.Values, f => f.Contains("e.g. <c>client.Interactions[sid]</c>"));
    }

    [Fact]
    public void No_operation_is_summarised_by_its_bare_operation_id()
    {
        var output = GeneratorHarness.Run(GeneratorHarness.FlexWithOverlay());
        var bare = new Regex(@"^\s*/// (<summary>)?[A-Z][a-z]+[A-Z][A-Za-z]*(</summary>)?\s*$", RegexOptions.Multiline | RegexOptions.CultureInvariant);
        var offenders = output.Files.Where(f => bare.IsMatch(f.Value)).Select(f => f.Key + ": " + bare.Match(f.Value).Value.Trim()).ToList();
        Assert.Empty(offenders);
        // FetchChannel has no summary in the spec: the sentence comes from the method and the resource.
        Assert.Contains("/// <summary>Fetches the channel.</summary>", output.File("ChannelResource"));
        Assert.Contains("/// <summary>Deletes the channel.</summary>", output.File("ChannelResource"));
    }

    [Fact]
    public void An_undescribed_operation_of_any_kind_gets_a_sentence()
    {
        string spec = HostileSpecTests.Spec(doc =>
        {
            HostileSpecTests.Op(doc, "/v1/Widgets", "get").Remove("summary");
            HostileSpecTests.Op(doc, "/v1/Widgets", "post").Remove("summary");
            HostileSpecTests.Op(doc, "/v1/Widgets/{Sid}", "get")["description"] = "   ";
            doc["paths"]!["/v1/Widgets/{Sid}"]!["delete"] = JsonNode.Parse("""
                { "operationId": "DeleteWidget", "parameters": [ { "name": "Sid", "in": "path", "required": true, "schema": { "type": "string" } } ], "responses": { "204": { "description": "gone" } } }
                """);
        });
        var output = HostileSpecTests.Run(spec);
        HostileSpecTests.CompilesClean(output);
        string collection = output.File("WidgetCollection"), resource = output.File("WidgetResource");
        Assert.Contains("Lists every widget.", collection);
        Assert.Contains("/// <summary>Creates a widget.</summary>", collection);
        Assert.Contains("/// <summary>Fetches the widget.</summary>", resource);
        Assert.Contains("/// <summary>Deletes the widget.</summary>", resource);
        Assert.Contains("reached as <c>client.Widgets[sid]</c>", resource);
    }

    [Fact]
    public void An_id_left_at_default_is_named_with_its_article()
    {
        var check = new RequestValidator("R");
        check.DefaultId("A", "InteractionSid", "KD + 32 hex digits");
        check.DefaultId("B", "ChannelSid", "CH + 32 hex digits");
        check.DefaultId("C", "UserSid", "US + 32 hex digits");
        check.DefaultId("D", "UpdateSid", "UP + 32 hex digits");
        var ex = Assert.Throws<RequestValidationException>(check.ThrowIfInvalid);
        Assert.Contains("A: must be an InteractionSid (KD + 32 hex digits), not default(InteractionSid)", ex.Message);
        Assert.Contains("B: must be a ChannelSid (CH + 32 hex digits), not default(ChannelSid)", ex.Message);
        Assert.Contains("C: must be a UserSid", ex.Message);
        Assert.Contains("D: must be an UpdateSid", ex.Message);

        var output = GeneratorHarness.Run(GeneratorHarness.FlexWithOverlay());
        var wrong = new Regex(@"\ba [AEIO][A-Za-z]*Sid\b", RegexOptions.CultureInvariant);
        Assert.Empty(output.Files.Where(f => f.Key.EndsWith("Request.g.cs", System.StringComparison.Ordinal) && wrong.IsMatch(f.Value)).Select(f => f.Key));
    }

    [Fact]
    public void Every_kind_of_field_is_written_in_one_line_and_compiles()
    {
        // Header, query and form fields of each kind, required and not: the one-line encoders must pick the right
        // runtime overload for each, and a request with no header/query/body declares (and is sent with) none.
        string spec = HostileSpecTests.Spec(doc =>
        {
            var list = HostileSpecTests.Op(doc, "/v1/Widgets", "get");
            list["parameters"] = JsonNode.Parse("""
                [
                  { "name": "PageSize", "in": "query", "schema": { "type": "integer" } },
                  { "name": "Colors", "in": "query", "schema": { "type": "array", "items": { "$ref": "#/components/schemas/widget_enum_status" } } },
                  { "name": "Since", "in": "query", "schema": { "type": "string", "format": "date-time" } },
                  { "name": "X-Count", "in": "header", "schema": { "type": "integer" } },
                  { "name": "X-Flag", "in": "header", "required": true, "schema": { "type": "boolean" } },
                  { "name": "X-Name", "in": "header", "schema": { "type": "string" } }
                ]
                """);
            var body = HostileSpecTests.CreateBody(doc)["properties"]!.AsObject();
            body["Callback"] = JsonNode.Parse("""{ "type": "string", "format": "uri" }""");
            body["Owner"] = JsonNode.Parse("""{ "type": "string", "pattern": "^WD[0-9a-fA-F]{32}$" }""");
            body["Ratio"] = JsonNode.Parse("""{ "type": "number" }""");
            body["Attributes"] = JsonNode.Parse("""{ "type": "object" }""");
            HostileSpecTests.CreateBody(doc)["required"] = JsonNode.Parse("""["Callback", "Owner"]""");
        });
        var output = HostileSpecTests.Run(spec);
        HostileSpecTests.CompilesClean(output);
        string list = output.File("ListWidgetRequest"), create = output.File("CreateWidgetRequest");
        Assert.Contains("ToHeaders() => global::FlexCodegen.Runtime.TwilioHeaders.Of((\"X-Count\", XCount is null ? null : global::FlexCodegen.Runtime.TwilioForm.Text(XCount.Value)), (\"X-Flag\", global::FlexCodegen.Runtime.TwilioForm.Text(XFlag)), (\"X-Name\", XName));", list);
        Assert.Contains("form.AddEach(\"Colors\", Colors, static item => item.ToString());", list);
        Assert.Contains("form.Add(\"Since\", Since);", list);
        Assert.DoesNotContain("ToContent", list);
        Assert.Contains("form.Add(\"Callback\", Callback.OriginalString);", create);
        Assert.Contains("form.Add(\"Owner\", Owner.ToString());", create);
        Assert.Contains("form.Add(\"Ratio\", Ratio);", create);
        Assert.Contains("form.AddJson(\"Attributes\", Attributes);", create);
        Assert.DoesNotContain("ToQueryString", create);
        Assert.DoesNotContain("ToHeaders", create);
        string collection = output.File("WidgetCollection");
        Assert.Contains("_pipeline.SendAsync(\"GET\", _path + request.ToQueryString(), null, request.ToHeaders(), ", collection); // X-Flag is required
        Assert.Contains("_pipeline.SendAsync(\"POST\", _path, request.ToContent(), null, ", collection);
    }
}

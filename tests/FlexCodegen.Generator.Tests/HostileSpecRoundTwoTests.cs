using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using FlexCodegen.Generator.Names;
using FlexCodegen.Runtime;
using Microsoft.CodeAnalysis;
using Xunit;
using static FlexCodegen.Generator.Tests.HostileSpecTests;

namespace FlexCodegen.Generator.Tests;

/// <summary>
/// The second attack on the generator: patterns that backtrack for ever, servers that would receive credentials in
/// the clear, and spec names that take the names of members the emitters declare.
/// </summary>
public class HostileSpecRoundTwoTests
{
    /// <summary>Compiles and loads the generated code (kept loaded: the tests call it).</summary>
    private static Assembly LoadForCalls(GeneratorOutput output) => GeneratorHarness.Load(output.Compilation, "hostile-spec-calls");

    /// <summary><c>CreateWidgetRequest.CreateBuilder().WithFriendlyName(name).Build()</c>, through reflection.</summary>
    private static Exception? BuildWithName(Assembly assembly, string name)
    {
        var request = assembly.GetTypes().Single(t => t.Name == "CreateWidgetRequest");
        object builder = request.GetMethod("CreateBuilder")!.Invoke(null, null)!;
        builder = builder.GetType().GetMethod("WithFriendlyName")!.Invoke(builder, new object?[] { name })!;
        try
        {
            builder.GetType().GetMethod("Build")!.Invoke(builder, null);
            return null;
        }
        catch (TargetInvocationException ex)
        {
            return ex.InnerException;
        }
    }

    public static IEnumerable<object[]> Catastrophic() => new[]
    {
        new object[] { "^(a+)+$" },
        new object[] { "^(a|aa)+$" },
        new object[] { @"^(\w+\s?)*$" },
        new object[] { @"^(a+)+\1$" }, // a backreference: the non-backtracking engine cannot run it, the timeout bounds it
    };

    [Theory]
    [MemberData(nameof(Catastrophic))]
    public async Task A_backtracking_pattern_ends_with_a_violation_naming_the_field(string pattern)
    {
        var output = Run(Spec(doc => CreateBody(doc)["properties"]!["FriendlyName"]!["pattern"] = pattern));
        CompilesClean(output);
        var assembly = LoadForCalls(output);

        // Without a bound this runs for longer than the universe has existed; the generous wait only turns a hang into a failure.
        var build = Task.Run(() => BuildWithName(assembly, new string('a', 60) + "!"));
        var finished = await Task.WhenAny(build, Task.Delay(TimeSpan.FromMinutes(2)));
        Assert.Same(build, finished);
        var error = Assert.IsType<RequestValidationException>(await build);
        var violation = Assert.Single(error.Violations);
        Assert.Equal("FriendlyName", violation.Field);
        Assert.Null(BuildWithName(assembly, "aaaa"));
    }

    [Fact]
    public void A_pattern_is_a_whole_value_check_so_a_trailing_line_feed_does_not_pass()
    {
        var output = Run(Spec(doc => CreateBody(doc)["properties"]!["FriendlyName"]!["pattern"] = "^[a-z]+$"));
        var assembly = LoadForCalls(output);

        Assert.Null(BuildWithName(assembly, "abc"));
        var error = Assert.IsType<RequestValidationException>(BuildWithName(assembly, "abc\n"));
        Assert.Equal("FriendlyName", Assert.Single(error.Violations).Field);
    }

    [Theory]
    [InlineData(@"^[$]+$", "$$", "$$\n")]
    [InlineData(@"^a\$$", "a$", "a$\n")]
    [InlineData(@"^[^]$]+$", "ab", "a$b")]
    public void Only_anchors_change_meaning_not_dollars_that_are_data(string pattern, string good, string bad)
    {
        var regex = SpecPattern.Create(pattern);
        Assert.Matches(regex, good);
        Assert.DoesNotMatch(regex, bad);
    }

    public static IEnumerable<object[]> UnusableServers() => new[]
    {
        new object[] { "http://example.invalid", "plain http" },
        new object[] { "/relative", "not an absolute" },
        new object[] { "not a url at all", "not an absolute" },
        new object[] { "https://{region}.twilio.com", "template" },
        new object[] { "https://user:pw@test.twilio.com", "user info" },
        new object[] { "ftp://test.twilio.com", "not an http(s)" },
    };

    [Theory]
    [MemberData(nameof(UnusableServers))]
    public void A_server_that_cannot_receive_credentials_is_reported_and_the_client_needs_a_base_address(string url, string why)
    {
        string spec = Spec(doc => doc["servers"]![0]!["url"] = url);
        var output = Run(spec);

        CompilesClean(output);
        var d = Assert.Single(output.GeneratorDiagnostics, x => x.Id == "FLXG012");
        Assert.Contains(why, d.GetMessage());
        Assert.Equal(spec.Split(JsonValue.Create(url)!.ToJsonString())[0].Count(c => c == '\n'), d.Location.GetLineSpan().StartLinePosition.Line);

        var client = LoadForCalls(output).GetTypes().Single(t => t.Name == "TestClient");
        Assert.Null(client.GetProperty("DefaultBaseAddress")!.GetValue(null));
        var withoutAddress = Assert.Throws<TargetInvocationException>(() => Activator.CreateInstance(client, Options(null)));
        Assert.Contains("TwilioClientOptions.BaseAddress", Assert.IsType<ArgumentException>(withoutAddress.InnerException).Message);
        using var ok = (IDisposable)Activator.CreateInstance(client, Options(new Uri("http://127.0.0.1:5080")))!;
    }

    [Fact]
    public void The_runtime_refuses_a_plain_http_default_address_whatever_the_generator_let_through()
    {
        var error = Assert.Throws<ArgumentException>(() => new TwilioPipeline(Options(null), new Uri("http://example.invalid")));
        Assert.Contains("https", error.Message);
        using var local = new TwilioPipeline(Options(null), new Uri("http://127.0.0.1:5080"));
        using var overridden = new TwilioPipeline(Options(new Uri("https://example.com")), new Uri("http://example.invalid"));
    }

    private static TwilioClientOptions Options(Uri? baseAddress) =>
        new() { AccountSid = "AC" + new string('0', 32), AuthToken = "token", BaseAddress = baseAddress };

    [Fact]
    public void Spec_names_that_are_emitted_member_names_are_renamed_and_compile()
    {
        string spec = Spec(doc =>
        {
            foreach (var name in new[] { "write_json", "json_converter", "type_converter", "read", "parse" })
                Widget(doc)["properties"]![name] = JsonNode.Parse("""{ "type": "string" }""");
            var values = doc["components"]!["schemas"]!["widget_enum_status"]!["enum"]!.AsArray();
            foreach (var name in new[] { "type_converter", "json_converter", "read_json", "write_json", "known_values", "is_known" })
                values.Add(name);
        });
        var output = Run(spec);

        CompilesClean(output);
        var renamed = output.GeneratorDiagnostics.Where(d => d.Id == "FLXG003").Select(d => d.GetMessage()).ToList();
        Assert.Contains(renamed, m => m.Contains("'write_json'"));
        Assert.Contains(renamed, m => m.Contains("'type_converter' of WidgetStatus"));
    }

    [Theory]
    [InlineData("var")]
    [InlineData("dynamic")]
    [InlineData("nint")]
    [InlineData("record")]
    public void A_client_name_that_is_a_contextual_keyword_is_reported_and_the_default_is_used(string name)
    {
        var output = GeneratorHarness.Run(new InputFile("/specs/test_api_v1.json", Spec(_ => { }), "Spec", null, name));

        CompilesClean(output);
        Assert.Contains(output.GeneratorDiagnostics, d => d.Id == "FLXG005" && d.GetMessage().Contains($"'{name}'"));
        Assert.Contains(output.Files.Keys, k => k.EndsWith(".TestClient.g.cs", StringComparison.Ordinal));
    }

    /// <summary>
    /// The reserved lists follow the emitters: every member (and nested type) each kind of generated type declares,
    /// other than those the spec named, is in <see cref="GeneratedMembers"/>. An emitter that adds a member without
    /// listing it fails here, before a spec name can collide with it.
    /// </summary>
    [Fact]
    public void Every_member_an_emitter_declares_is_reserved_against_spec_names()
    {
        var output = Run(Spec(doc =>
        {
            doc["paths"]!["/v1/Widgets/{Sid}"]!["post"] = JsonNode.Parse("""
                { "operationId": "UpdateWidget",
                  "parameters": [ { "name": "Sid", "in": "path", "required": true, "schema": { "type": "string", "pattern": "^WD[0-9a-fA-F]{32}$" } },
                                  { "name": "X-Zz-Header", "in": "header", "schema": { "type": "string" } } ],
                  "requestBody": { "content": { "application/x-www-form-urlencoded": { "schema": { "type": "object", "properties": { "ZzBody": { "type": "string" } } } } } },
                  "responses": { "200": { "description": "OK", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/test.v1.widget" } } } } } }
                """);
        }));
        CompilesClean(output);
        var assembly = LoadForCalls(output);
        var spec = new HashSet<string>(StringComparer.Ordinal)
        {
            // What this spec names: properties, enum values, parameters, path segments, operations.
            "Sid", "Status", "On", "Off", "FriendlyName", "Color", "Size", "PageSize", "ZzBody", "XZzHeader",
            "Widgets", "FetchAsync", "UpdateAsync", "ListAsync", "CreateAsync", "GetPageAsync", "Item",
        };
        var kinds = new (Func<Type, bool> Is, string[] Reserved, string Kind)[]
        {
            (t => t.Name == "WidgetStatus", GeneratedMembers.Enum, "enum"),
            (t => t.Name == "Widget", GeneratedMembers.Object, "object"),
            (t => t.Name.EndsWith("Request", StringComparison.Ordinal), GeneratedMembers.Request, "request"),
            (t => t.Name.EndsWith("Resource", StringComparison.Ordinal) || t.Name.EndsWith("Collection", StringComparison.Ordinal) || t.Name == "TestClient", GeneratedMembers.Resource, "resource"),
        };
        var missing = new List<string>();
        foreach (var (isKind, reserved, kind) in kinds)
        {
            var types = assembly.GetTypes().Where(t => !t.IsNested && isKind(t)).ToList();
            Assert.NotEmpty(types);
            foreach (var type in types)
            {
                var names = type.GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                    .Where(m => m.MemberType is not MemberTypes.Constructor && !IsCompilerMade(m))
                    .Select(m => m.Name.Contains('.') ? m.Name.Substring(m.Name.LastIndexOf('.') + 1) : m.Name);
                foreach (var name in names.Distinct())
                    if (!reserved.Contains(name) && !spec.Contains(name) && name != type.Name)
                        missing.Add($"{kind} {type.Name}.{name}");
            }
        }
        Assert.True(missing.Count == 0, "Declared by an emitter but not reserved in GeneratedMembers:\n" + string.Join("\n", missing));
    }

    private static bool IsCompilerMade(MemberInfo m) =>
        m.Name.StartsWith('_') || m.Name.StartsWith("s_", StringComparison.Ordinal) || m.Name.StartsWith('<')
        || m.Name.StartsWith("get_", StringComparison.Ordinal) || m.Name.StartsWith("set_", StringComparison.Ordinal)
        || m.Name.StartsWith("op_", StringComparison.Ordinal) || m.Name == "EqualityContract" || m.Name == "<Clone>$";
}

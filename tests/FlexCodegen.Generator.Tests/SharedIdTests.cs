using System;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace FlexCodegen.Generator.Tests;

/// <summary>Flex, TaskRouter and Conversations in one project: one type per Twilio id kind, used by every client.</summary>
public class SharedIdTests
{
    private static InputFile RepoSpec(string name) => GeneratorHarness.Spec(Path.Combine(GeneratorHarness.RepoRoot, "specs", name));

    private static readonly Lazy<GeneratorOutput> FlexOnly = new(() => GeneratorHarness.Run(GeneratorHarness.FlexWithOverlay()));

    private static readonly Lazy<GeneratorOutput> ThreeSpecs = new(() => GeneratorHarness.Run(
        GeneratorHarness.FlexWithOverlay().Append(RepoSpec("twilio_taskrouter_v1.json")).Append(RepoSpec("twilio_conversations_v1.json")).ToArray()));

    // Every id type the compilation can use: generated ones and the runtime's shared Twilio ids.
    private static INamedTypeSymbol[] IdTypes(Compilation compilation)
    {
        var found = new System.Collections.Generic.List<INamedTypeSymbol>();
        void Walk(INamespaceSymbol ns)
        {
            foreach (var type in ns.GetTypeMembers())
                if (type.GetAttributes().Any(a => a.AttributeClass?.Name == "SidFormAttribute")) found.Add(type);
            foreach (var inner in ns.GetNamespaceMembers()) Walk(inner);
        }
        foreach (var top in compilation.GlobalNamespace.GetNamespaceMembers().Where(n => n.Name is "Twilio" or "Contoso")) Walk(top);
        return found.ToArray();
    }

    private static string? Prefix(INamedTypeSymbol id) =>
        id.GetMembers("Prefix").OfType<IFieldSymbol>().SingleOrDefault()?.ConstantValue as string;

    [Fact]
    public void Three_specs_compile_with_one_id_type_per_prefix()
    {
        var output = ThreeSpecs.Value;
        Assert.Empty(output.CompileProblems());
        Assert.DoesNotContain(output.GeneratorDiagnostics, d => d.Severity >= DiagnosticSeverity.Warning);

        var ids = IdTypes(output.Compilation);
        Assert.True(ids.Length > 40, $"only {ids.Length} id types");
        var shared = ids.Where(i => Prefix(i) is not null).GroupBy(i => Prefix(i)!).Where(g => g.Count() > 1)
            .Select(g => g.Key + ": " + string.Join(", ", g.Select(t => t.ToDisplayString()))).ToList();
        Assert.True(shared.Count == 0, "prefixes with more than one type: " + string.Join("; ", shared));

        // The names a user guesses, for the kinds that used to have two.
        foreach (var (prefix, name) in new[] { ("WS", "WorkspaceSid"), ("WT", "TaskSid"), ("WK", "WorkerSid"), ("WQ", "TaskQueueSid"), ("CH", "ConversationSid"), ("AC", "AccountSid") })
            Assert.Equal("Twilio." + name, ids.Single(i => Prefix(i) == prefix).ToDisplayString());
    }

    [Fact]
    public void The_workspace_id_flex_reads_is_the_one_the_TaskRouter_client_takes()
    {
        var compilation = ThreeSpecs.Value.Compilation;
        var routing = compilation.GetTypeByMetadataName("Twilio.Flex.V1.InteractionRoutingProperties")!;
        var fromFlex = (INamedTypeSymbol)((INamedTypeSymbol)routing.GetMembers("WorkspaceSid").OfType<IPropertySymbol>().Single().Type).TypeArguments[0];

        var workspaces = compilation.GetSymbolsWithName("Workspaces", SymbolFilter.Member).OfType<IPropertySymbol>()
            .Single(p => p.ContainingType.ContainingNamespace.ToDisplayString() == "Twilio.Taskrouter.V1" && p.ContainingType.Name.EndsWith("Client", StringComparison.Ordinal));
        var indexer = workspaces.Type.GetMembers().OfType<IPropertySymbol>().Single(p => p.IsIndexer);

        Assert.Equal(fromFlex, indexer.Parameters.Single().Type, SymbolEqualityComparer.Default);
        Assert.Equal("Twilio.WorkspaceSid", fromFlex.ToDisplayString());
    }

    [Fact]
    public void Shared_ids_are_the_runtimes_types_and_are_not_generated_again()
    {
        var output = ThreeSpecs.Value;
        var workspace = output.Compilation.GetTypeByMetadataName("Twilio.WorkspaceSid")!;
        Assert.Equal("FlexCodegen.Runtime", workspace.ContainingAssembly.Name);
        Assert.DoesNotContain(output.Files.Keys, k => k.EndsWith(".WorkspaceSid.g.cs", StringComparison.Ordinal));
        // UT is not shared: Flex still generates its own participant id.
        Assert.Contains(output.Files.Keys, k => k.EndsWith(".InteractionChannelParticipantSid.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void An_id_keeps_its_full_name_when_specs_are_added()
    {
        var alone = IdTypes(FlexOnly.Value.Compilation).Select(t => t.ToDisplayString()).ToHashSet();
        var together = IdTypes(ThreeSpecs.Value.Compilation).Select(t => t.ToDisplayString()).ToHashSet();
        Assert.Contains("Twilio.WorkspaceSid", alone);
        Assert.Contains("Twilio.InteractionSid", alone);
        Assert.Subset(together, alone);
    }

    [Fact]
    public void Twilios_prefix_in_another_form_is_its_own_type_and_FLXG013_says_so_at_the_pattern()
    {
        const string spec = """
            {"openapi":"3.0.1","info":{"title":"Twilio - Lowercase","version":"1.0.0"},"servers":[{"url":"https://lowercase.twilio.com"}],
             "paths":{"/v1/Things/{Sid}":{"get":{"operationId":"FetchThing","parameters":[{"name":"Sid","in":"path","required":true,
               "schema":{"type":"string","pattern":"^TH[0-9a-fA-F]{32}$"}}],
               "responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/thing"}}}}}}}},
             "components":{"schemas":{"thing":{"type":"object","properties":{"sid":{"type":"string","pattern":"^TH[0-9a-fA-F]{32}$"},
               "workspace_sid":{"type":"string","pattern":"^WS[0-9a-f]{32}$"},"account_sid":{"type":"string","pattern":"^AC[0-9a-fA-F]{32}$"}}}}}}
            """;
        var output = GeneratorHarness.Run(new InputFile("/specs/twilio_lowercase_v1.json", spec, "Spec", null, null));
        Assert.Empty(output.CompileProblems());

        var thing = output.Compilation.GetTypeByMetadataName("Twilio.Lowercase.V1.Thing")!;
        string TypeOf(string property) => ((INamedTypeSymbol)thing.GetMembers(property).OfType<IPropertySymbol>().Single().Type).TypeArguments[0].ToDisplayString();
        Assert.Equal("Twilio.AccountSid", TypeOf("AccountSid"));               // Twilio's form: the shared type
        Assert.Equal("Twilio.Lowercase.V1.WorkspaceWsSid", TypeOf("WorkspaceSid")); // another form: its own type, never the shared one

        var note = Assert.Single(output.GeneratorDiagnostics, d => d.Id == "FLXG013");
        Assert.Contains("'^WS[0-9a-f]{32}$'", note.GetMessage());
        Assert.Contains("Twilio.WorkspaceSid", note.GetMessage());
        // At the property that carries the pattern, in the spec file.
        Assert.Equal("/specs/twilio_lowercase_v1.json", note.Location.GetLineSpan().Path);
        Assert.Contains("workspace_sid", spec.Substring(Math.Max(0, note.Location.SourceSpan.Start - 20), 100));
    }

    private static string OneWorkspaceSpec(string server, string pattern) => """
        {"openapi":"3.0.1","info":{"title":"Contoso","version":"1.0.0"},"servers":[{"url":"SERVER"}],
         "paths":{"/v1/Workspaces/{Sid}":{"get":{"operationId":"FetchWorkspace","parameters":[{"name":"Sid","in":"path","required":true,
           "schema":{"type":"string","pattern":"PATTERN"}}],
           "responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/workspace"}}}}}}}},
         "components":{"schemas":{"workspace":{"type":"object","properties":{"sid":{"type":"string","pattern":"PATTERN"}}}}}}
        """.Replace("SERVER", server).Replace("PATTERN", pattern);

    [Fact]
    public void Another_spelling_of_the_same_hex_range_is_still_the_shared_kind()
    {
        var output = GeneratorHarness.Run(new InputFile("/specs/contoso.json", OneWorkspaceSpec("https://contoso.twilio.com", "^WS[0-9A-Fa-f]{32}$"), "Spec", null, null));
        Assert.Empty(output.CompileProblems());
        Assert.DoesNotContain(IdTypes(output.Compilation), t => t.ContainingNamespace.ToDisplayString().StartsWith("Contoso", StringComparison.Ordinal));
        Assert.Contains("global::Twilio.WorkspaceSid", output.File("WorkspaceCollection"));
    }

    [Fact]
    public void A_spec_generated_into_namespace_Twilio_never_takes_a_shared_ids_name()
    {
        // Not served by Twilio, so its WS id is its own; in namespace Twilio it must not become (and hide) Twilio.WorkspaceSid.
        var output = GeneratorHarness.Run(new InputFile("/specs/contoso.json", OneWorkspaceSpec("https://api.contoso.example", "^WS[0-9a-fA-F]{32}$"), "Spec", "Twilio", "AccountSid"));
        Assert.Empty(output.CompileProblems());
        var workspace = output.Compilation.GetTypeByMetadataName("Twilio.WorkspaceSid")!;
        Assert.Equal("FlexCodegen.Runtime", workspace.ContainingAssembly.Name);
        Assert.Contains(output.GeneratorDiagnostics, d => d.Id == "FLXG005" && d.GetMessage().Contains("ClientName 'AccountSid'"));
        Assert.Equal("FlexCodegen.Runtime", output.Compilation.GetTypeByMetadataName("Twilio.AccountSid")!.ContainingAssembly.Name);
    }

    [Fact]
    public void A_spec_not_served_by_twilio_keeps_its_ids_in_its_own_namespace()
    {
        const string spec = """
            {"openapi":"3.0.1","info":{"title":"Contoso","version":"1.0.0"},"servers":[{"url":"https://api.contoso.example"}],
             "paths":{"/v1/Workspaces/{Sid}":{"get":{"operationId":"FetchWorkspace","parameters":[{"name":"Sid","in":"path","required":true,
               "schema":{"type":"string","pattern":"^WS[0-9a-fA-F]{32}$"}}],
               "responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/workspace"}}}}}}}},
             "components":{"schemas":{"workspace":{"type":"object","properties":{"sid":{"type":"string","pattern":"^WS[0-9a-fA-F]{32}$"}}}}}}
            """;
        var output = GeneratorHarness.Run(new InputFile("/specs/contoso.json", spec, "Spec", null, null));
        Assert.Empty(output.CompileProblems());
        var id = Assert.Single(IdTypes(output.Compilation), t => t.ContainingNamespace.ToDisplayString().StartsWith("Contoso", StringComparison.Ordinal));
        Assert.Equal("Contoso.V1.WorkspaceSid", id.ToDisplayString());
        Assert.DoesNotContain(output.Files.Values, f => f.Contains("global::Twilio.WorkspaceSid", StringComparison.Ordinal));
    }
}

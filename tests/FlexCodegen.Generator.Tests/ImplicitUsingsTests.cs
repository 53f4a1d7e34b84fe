using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FlexCodegen.Generator.Names;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace FlexCodegen.Generator.Tests;

/// <summary>
/// No generated type is named like a type that <c>ImplicitUsings</c> brings into scope in an SDK, Web or Worker project
/// (<c>Task</c>, <c>TaskStatus</c>, <c>Timer</c>, <c>File</c>, …): a file with <c>using</c> of a generated namespace and
/// <c>async Task</c> compiles. The rule is <see cref="ImplicitUsings"/>; its list is checked here against the shared
/// frameworks this test runs on.
/// </summary>
public class ImplicitUsingsTests
{
    /// <summary>The shared frameworks' assemblies: .NET and ASP.NET Core of the runtime running the tests.</summary>
    private static readonly Lazy<IReadOnlyList<MetadataReference>> Frameworks = new(() =>
    {
        string netcore = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        string shared = Path.GetDirectoryName(Path.GetDirectoryName(netcore))!;
        string aspnet = Directory.GetDirectories(Path.Combine(shared, "Microsoft.AspNetCore.App"))
            .OrderBy(d => Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : new Version(0, 0)).Last();
        return Directory.GetFiles(netcore, "*.dll").Concat(Directory.GetFiles(aspnet, "*.dll"))
            .Where(IsManaged)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
    });

    private static bool IsManaged(string path)
    {
        try { System.Reflection.AssemblyName.GetAssemblyName(path); return true; }
        catch (BadImageFormatException) { return false; }
    }

    [Fact]
    public void The_list_holds_every_type_name_of_every_namespace_ImplicitUsings_brings_in()
    {
        var compilation = CSharpCompilation.Create("probe", references: Frameworks.Value);
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string ns in ImplicitUsings.Namespaces)
        {
            var symbol = ns.Split('.').Aggregate((INamespaceSymbol?)compilation.GlobalNamespace, (n, part) => n?.GetNamespaceMembers().FirstOrDefault(m => m.Name == part));
            Assert.True(symbol is not null, $"namespace {ns} not found in the shared frameworks");
            foreach (var type in symbol!.GetTypeMembers().Where(t => t.DeclaredAccessibility == Accessibility.Public && t.Arity == 0))
                if (!ImplicitUsings.Collides(type.Name)) missing.Add(type.Name);
        }
        Assert.True(missing.Count == 0, "add to ImplicitUsings.TypeNames: " + string.Join(", ", missing.Select(m => "\"" + m + "\"")));
    }

    public static IEnumerable<object[]> SpecsAndSdks() =>
        from spec in new[] { "flex_v1", "taskrouter_v1", "conversations_v1", "taskrouter_events_v1", "conversations_events_v1", "api_v2010" }
        from sdk in new[] { "Microsoft.NET.Sdk", "Microsoft.NET.Sdk.Web", "Microsoft.NET.Sdk.Worker" }
        select new object[] { spec, sdk };

    [Theory]
    [MemberData(nameof(SpecsAndSdks))]
    public void A_bundled_spec_compiles_beside_async_Task_with_the_SDKs_implicit_usings(string spec, string sdk)
    {
        var files = spec switch
        {
            "flex_v1" => GeneratorHarness.FlexWithOverlay(),
            "api_v2010" => new[] { GeneratorHarness.Spec(Path.Combine(GeneratorHarness.TestSpecs, "twilio_api_v2010.json")) },
            _ => new[] { GeneratorHarness.Spec(Path.Combine(GeneratorHarness.RepoRoot, "specs", $"twilio_{spec}.json")) },
        };
        var output = GeneratorHarness.Run(files);
        var namespaces = output.Compilation.SyntaxTrees
            .SelectMany(t => t.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.FileScopedNamespaceDeclarationSyntax>())
            .Select(n => n.Name.ToString()).Distinct().OrderBy(n => n, StringComparer.Ordinal).ToList();
        Assert.NotEmpty(namespaces);

        string globalUsings = string.Concat(ImplicitUsings.NamespacesOf(sdk).Select(ns => $"global using global::{ns};\n"));
        // Only compiled, never run: what matters is that each name binds to the framework's type, not a generated one.
        string app = string.Concat(namespaces.Select(ns => $"using {ns};\n")) + """
            namespace Consumer;
            public static class App
            {
                public static async Task<int> RunAsync(CancellationToken cancellationToken, Timer? timer)
                {
                    await Task.Yield();
                    TaskStatus status = Task.CompletedTask.Status;
                    if (timer is not null) await timer.DisposeAsync();
                    return (int)status + File.Exists(Path.Combine("a", "b")).GetHashCode() + new List<int>().Count + Environment.ProcessorCount;
                }
            }
            """;
        var compilation = output.Compilation
            .WithReferences(output.Compilation.References.Concat(Frameworks.Value).GroupBy(r => Path.GetFileName(r.Display)).Select(g => g.First()))
            .AddSyntaxTrees(CSharpSyntaxTree.ParseText(globalUsings, path: "GlobalUsings.g.cs"), CSharpSyntaxTree.ParseText(app, path: "App.cs"));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && (d.Location.SourceTree?.FilePath is "App.cs" or "GlobalUsings.g.cs")).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(10)));
    }
}

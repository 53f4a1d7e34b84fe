using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace FlexCodegen.Generator.Tests;

/// <summary>
/// Twilio's core API (twilio_api_v2010.json, 1.9 MB): dated version segment, <c>.json</c> path suffixes and its own
/// paging shape. The tree must read as Twilio's users expect, and compile.
/// </summary>
public class ApiV2010Tests
{
    private static readonly System.Lazy<GeneratorOutput> Output = new(() =>
        GeneratorHarness.Run(GeneratorHarness.Spec(Path.Combine(GeneratorHarness.TestSpecs, "twilio_api_v2010.json"))));

    [Fact]
    public void The_tree_reads_as_twilio_users_expect_and_a_consumer_compiles_against_it()
    {
        const string consumer = """
            using System.Threading.Tasks;
            using Twilio;
            using Twilio.Api.V2010;

            internal static class V2010Consumer
            {
                public static async Task Run(ApiClient client, System.Threading.CancellationToken cancellationToken)
                {
                    var account = AccountSid.Parse("AC" + new string('a', 32));
                    await foreach (Call call in client.Accounts[account].Calls.ListAsync(null, cancellationToken))
                        _ = call.Sid;
                    Call one = await client.Accounts[account].Calls[CallSid.Parse("CA" + new string('b', 32))].FetchAsync(cancellationToken);
                    await foreach (Message message in client.Accounts[account].Messages.ListAsync(ListMessageRequest.CreateBuilder().WithTo("+13115552368").Build()))
                        _ = message.Body;
                    System.Uri server = ApiClient.DefaultBaseAddress;
                }
            }
            """;
        var output = Output.Value;
        var compilation = output.Compilation.AddSyntaxTrees(Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(consumer,
            new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest)));

        var problems = compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
        Assert.Contains("\"https://api.twilio.com\"", output.File("ApiClient"));
        Assert.Contains("_path + \".json\"", output.File("CallCollection"));
        Assert.DoesNotContain(output.GeneratorDiagnostics, d => d.Severity >= DiagnosticSeverity.Warning);
    }

    [Fact]
    public void Snapshot_of_the_resource_tree()
    {
        // The tree from the client down to calls and messages: enough to see every naming rule, small enough to review.
        string[] tree = { "ApiClient", "AccountCollection", "AccountResource", "CallCollection", "CallResource", "MessageCollection", "MessageResource" };
        var files = Output.Value.Files.Where(f => tree.Any(t => f.Key == "twilio_api_v2010." + t + ".g.cs")).ToDictionary(f => f.Key, f => f.Value);
        Assert.Equal(tree.Length, files.Count);
        Snapshot.Verify("twilio_api_v2010_tree", files);
    }
}

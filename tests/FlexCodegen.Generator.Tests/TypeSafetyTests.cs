using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace FlexCodegen.Generator.Tests;

/// <summary>Passing one resource's id where another's belongs does not compile.</summary>
public class TypeSafetyTests
{
    [Fact]
    public void A_channel_id_cannot_index_interactions()
    {
        const string user = """
            using Twilio;
            using Twilio.Flex.V1;
            static class Use
            {
                static object M(FlexClient client) =>
                    client.Interactions[InteractionChannelSid.Parse("UOaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")];
            }
            """;
        var errors = ErrorsCompiling(user);
        Assert.Contains(errors, e => e.Id == "CS1503" && e.GetMessage().Contains("InteractionChannelSid") && e.GetMessage().Contains("InteractionSid"));
    }

    [Fact]
    public void The_right_ids_compile()
    {
        const string user = """
            using Twilio;
            using Twilio.Flex.V1;
            static class Use
            {
                static object M(FlexClient client) =>
                    client.Interactions[InteractionSid.Parse("KDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")].Channels[InteractionChannelSid.Parse("UOaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")].Participants;
            }
            """;
        Assert.Empty(ErrorsCompiling(user));
    }

    /// <summary>The errors of the user's code compiled together with the client generated from the flex spec.</summary>
    private static System.Collections.Generic.List<Diagnostic> ErrorsCompiling(string user)
    {
        var output = GeneratorHarness.Run(GeneratorHarness.Spec(GeneratorHarness.FlexSpecPath));
        var compilation = output.Compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(user, new CSharpParseOptions(LanguageVersion.Latest)));
        return compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
    }
}

using System.IO;
using System.Linq;
using System.Threading;
using FlexCodegen.Generator.Model;
using FlexCodegen.Generator.Names;
using FlexCodegen.Generator.Parsing;
using Xunit;

namespace FlexCodegen.Generator.Tests;

/// <summary>Spec JSON to model, no compiler involved.</summary>
public class ModelTests
{
    private static ApiModel Flex()
    {
        var spec = new SpecFile(GeneratorHarness.FlexSpecPath, "Spec", File.ReadAllText(GeneratorHarness.FlexSpecPath), null, null, null);
        var result = SpecParser.Parse(spec, null, "twilio_flex_v1", System.Array.Empty<DiagnosticInfo>(), CancellationToken.None);
        return result.Model!;
    }

    [Theory]
    [InlineData("interaction_channel", "channel_status", "InteractionChannelStatus")]
    [InlineData("interaction_channel", "type", "InteractionChannelType")]
    [InlineData("interaction_transfer", "transfer_type", "InteractionTransferType")]
    [InlineData("flex_flow", "integration_type", "FlexFlowIntegrationType")]
    public void Enum_names_say_the_junction_word_once(string resource, string field, string expected) =>
        Assert.Equal(expected, Naming.EnumName(resource, field));

    [Theory]
    [InlineData("in-progress", "InProgress")]
    [InlineData("Notifications.NewMessage.Enabled", "NotificationsNewMessageEnabled")]
    [InlineData("interaction_context_sid", "InteractionContextSid")]
    [InlineData("SMS", "Sms")]
    [InlineData("PageSize", "PageSize")]
    public void Pascal_case_from_wire_names(string wire, string expected) => Assert.Equal(expected, Naming.Pascal(wire));

    [Fact]
    public void Defaults_come_from_the_spec()
    {
        var model = Flex();
        Assert.Equal("Twilio.Flex.V1", model.Context.Namespace);
        Assert.Equal("FlexClient", model.Context.ClientName);
        Assert.Equal("https://flex-api.twilio.com", model.DefaultBaseAddress);
    }

    [Theory]
    [InlineData("KD", "InteractionSid")]
    [InlineData("UO", "InteractionChannelSid")]
    [InlineData("UT", "InteractionChannelParticipantSid")]
    [InlineData("KG", "InteractionChannelInviteSid")]
    [InlineData("UX", "InteractionTransferSid")]
    [InlineData("AC", "AccountSid")]
    public void Sid_types_are_named_after_the_resource_owning_the_prefix(string prefix, string expected)
    {
        var sid = Flex().Sids.Single(s => s.Prefixes.Count == 1 && s.Prefixes[0] == prefix);
        Assert.Equal(expected, sid.TypeName);
        Assert.Equal(32, sid.BodyLength);
    }

    [Fact]
    public void Every_prefix_has_exactly_one_type()
    {
        var sids = Flex().Sids;
        Assert.Equal(sids.Count, sids.Select(s => string.Join("|", s.Prefixes)).Distinct().Count());
        Assert.Equal(sids.Count, sids.Select(s => s.TypeName).Distinct().Count());
    }

    [Theory]
    [InlineData("^(SM|MM)[0-9a-fA-F]{32}$", "'SM' or 'MM' + 32 hex digits, 34 characters")]
    [InlineData("^OQ[a-zA-Z0-9]{32}$", "'OQ' + 32 letters or digits, 34 characters")]
    public void Other_id_shapes_are_recognised(string pattern, string described) =>
        Assert.Equal(described, SidPattern.TryParse(pattern)!.Describe());

    [Theory]
    [InlineData("^KD[0-9a-fA-F]{32}$", "Hex", "0123456789abcdefABCDEF")]
    [InlineData("^(SM|MM)[A-Fa-f0-9]{32}$", "Hex", "ABCDEFabcdef0123456789")]
    [InlineData("^EF[0-9A-F]{32}$", "Text", "0123456789ABCDEF")] // upper-case only: HexSid would accept 'a'
    [InlineData("^OQ[a-zA-Z0-9]{32}$", "Text", "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")]
    [InlineData("^KD[0-9a-fA-F]{31}$", "Text", "0123456789abcdefABCDEF")]
    [InlineData("^ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFG[0-9a-fA-F]{32}$", "Text", "0123456789abcdefABCDEF")] // a 33-letter prefix
    public void The_parser_decides_how_an_id_is_held_and_which_characters_its_body_takes(string pattern, string storage, string bodyChars)
    {
        var sid = SidPattern.TryParse(pattern)!;
        Assert.Equal(storage, sid.Storage().ToString());
        Assert.Equal(bodyChars, sid.BodyChars());
    }

    [Fact]
    public void More_prefixes_than_HexSid_can_number_are_held_as_text()
    {
        // HexSid keeps the prefix's index in a byte: the 255th prefix would read back as another one.
        string many(int count) => "^(" + string.Join("|", Enumerable.Range(0, count).Select(i => "P" + (char)('A' + i / 26 % 26) + (char)('A' + i % 26))) + ")[0-9a-fA-F]{32}$";
        Assert.Equal(SidStorage.Hex, SidPattern.TryParse(many(254))!.Storage());
        Assert.Equal(SidStorage.Text, SidPattern.TryParse(many(255))!.Storage());
    }

    [Theory]
    [InlineData("^[a-zA-Z]{2}[0-9a-fA-F]{32}$")]
    [InlineData("^[a-z]+$")]
    [InlineData(null)]
    public void Other_patterns_are_not_ids(string? pattern) => Assert.Null(SidPattern.TryParse(pattern));

    [Fact]
    public void All_operations_of_the_spec_are_placed_on_the_resource_tree()
    {
        var model = Flex();
        var operations = model.Resources.SelectMany(r => r.Operations).ToList();
        Assert.Equal(73, operations.Count);
        Assert.Equal(73, operations.Select(o => o.OperationId).Distinct().Count());
    }

    [Fact]
    public void Interactions_resource_tree_follows_the_paths()
    {
        var model = Flex();
        var channel = model.Resources.Single(r => r.ClassName == "InteractionChannelResource");
        Assert.Equal("/v1/Interactions/{InteractionSid}/Channels/{Sid}", channel.PathTemplate);
        Assert.Equal(new[] { "FetchAsync", "UpdateAsync" }, channel.Operations.Select(o => o.MethodName));
        Assert.Equal(new[] { "Invites", "Participants", "Transfers" }, channel.Children.Select(c => c.PropertyName));
        var channels = model.Resources.Single(r => r.ClassName == "InteractionChannelCollection");
        var indexer = channels.Children.Single();
        Assert.Equal("global::Twilio.InteractionChannelSid", indexer.IndexerType!.FullyQualifiedName);
        Assert.Equal("InteractionChannelSid", indexer.IndexerType.Name);
        Assert.Equal("channels", channels.Operations.Single().PageItemsProperty);
    }
}

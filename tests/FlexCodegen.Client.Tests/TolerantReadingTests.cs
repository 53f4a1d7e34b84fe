using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using FlexCodegen.Runtime;
using Microsoft.Extensions.Logging.Testing;
using Twilio;
using Twilio.Flex.V1;
using Xunit;

namespace FlexCodegen.Client.Tests;

/// <summary>
/// Strict in what is sent, tolerant in what is read: a field that is not the form the spec (or our overlay) promises is
/// kept as it came and logged, and the rest of the answer is read.
/// </summary>
public class TolerantReadingTests
{
    private static readonly InteractionSid Kd = InteractionSid.Parse(Samples.InteractionSid);

    // The spec's own example for Fetch Interaction: the raw spec leaves routing free-form, our overlay types its
    // workflow_sid as a WorkflowSid, and the example holds a placeholder.
    private const string FetchInteractionExample = """
        {"sid":"KDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","channel":{"type":"sms","sid":"UOaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
         "routing":{"properties":{"workflow_sid":"WWxx","attributes":"WWxx","task_channel_unique_name":"sms","routing_target":"WKXX","queue_name":"WQXX"}},
         "interaction_context_sid":null,"webhook_ttid":null,
         "url":"https://flex-api.twilio.com/v1/Interactions/KDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
         "links":{"channels":"https://flex-api.twilio.com/v1/Interactions/KDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Channels"}}
        """;

    private static void AssertSameTree(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"written back differently:\n{expected}\n{actual}");

    [Fact]
    public async Task An_interaction_whose_overlay_typed_workflow_sid_is_a_placeholder_is_read_kept_and_the_log_names_the_field()
    {
        await using var server = await LoopbackServer.StartAsync((ctx, _) => LoopbackServer.Json(ctx, 200, FetchInteractionExample));
        var logger = new FakeLogger();
        var options = server.Options();
        options.Logger = logger;
        using var client = new FlexClient(options);

        var interaction = await client.Interactions[Kd].FetchAsync();

        Assert.Equal(Kd, interaction.Sid);
        Assert.Equal("sms", interaction.Routing!.Properties!.TaskChannelUniqueName);
        Assert.Null(interaction.Routing.Properties.WorkflowSid);
        Assert.Equal("WWxx", interaction.Routing.Properties.AdditionalProperties!["workflow_sid"].GetString());
        AssertSameTree(FetchInteractionExample.Replace("\"interaction_context_sid\":null,\"webhook_ttid\":null,", ""), interaction.ToString());
        var kept = Assert.Single(logger.Collector.GetSnapshot(), r => r.Id.Id == 1004);
        Assert.Contains("FetchInteraction", kept.Message);
        Assert.Contains("InteractionRoutingTask.workflow_sid", kept.Message);
    }

    [Fact]
    public void A_configured_plugin_whose_id_has_another_prefix_is_read_and_written_back_as_it_came()
    {
        const string example = """
            {"account_sid":"ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","configuration_sid":"FJaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
             "plugin_sid":"FPaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","plugin_version_sid":"PVaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","phase":3,
             "plugin_url":"https://sample.twil.io/plugin.js","unique_name":"sample-plugin","plugin_archived":false,
             "friendly_name":"sample plugin","description":"the sample plugin","version":"1.0.0","plugin_version_archived":false,
             "changelog":"this is a changelog","private":true,"date_created":"2020-01-10T20:00:00Z",
             "url":"https://flex-api.twilio.com/v1/PluginService/Configurations/FJaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Plugins/FPaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}
            """;

        var plugin = ConfiguredPlugin.Parse(example);

        Assert.Null(plugin.PluginVersionSid);
        Assert.Equal(3, plugin.Phase);
        Assert.Equal("sample-plugin", plugin.UniqueName);
        AssertSameTree(example, plugin.ToString());
        AssertSameTree(example, JsonSerializer.Serialize(plugin));
    }

    [Theory]
    [InlineData("\"date_created\":\"the tenth of January\"")]
    [InlineData("\"date_created\":20200110")]
    [InlineData("\"phase\":1e40")]
    [InlineData("\"phase\":\"three\"")]
    [InlineData("\"plugin_archived\":{\"not\":\"a bool\"}")]
    [InlineData("\"account_sid\":[\"AC\",1]")]
    [InlineData("\"account_sid\":\"AC\\ud800\"")]
    public void Any_value_of_the_wrong_form_is_kept_as_it_came_and_the_rest_is_read(string field)
    {
        string json = "{\"unique_name\":\"kept\"," + field + ",\"friendly_name\":\"after\"}";

        var plugin = ConfiguredPlugin.Parse(json);

        Assert.Equal("kept", plugin.UniqueName);
        Assert.Equal("after", plugin.FriendlyName);
        Assert.Single(plugin.AdditionalProperties!);
        Assert.Contains(field, plugin.ToString()); // the value's own text, byte for byte
        if (!field.Contains("\\ud800")) AssertSameTree(json, plugin.ToString());
    }

    [Theory]
    [InlineData("{\"unique_name\":\"x\",\"phase\":}")]
    [InlineData("{\"unique_name\":\"x\",\"phase\":[1,}")]
    [InlineData("[1,2]")]
    public void A_broken_document_is_still_refused_naming_where(string json) =>
        Assert.ThrowsAny<JsonException>(() => ConfiguredPlugin.Parse(json));

    [Fact]
    public void Links_that_are_not_strings_are_written_back_as_they_came()
    {
        const string json = """{"sid":"KDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","links":{"channels":"https://flex-api.twilio.com/v1/x","count":3,"flag":true,"none":null,"nested":{"a":1}}}""";

        var interaction = Interaction.Parse(json);

        Assert.Equal("https://flex-api.twilio.com/v1/x", Assert.Single(interaction.Links!).Value.AbsoluteUri);
        AssertSameTree(json, interaction.ToString());
    }

    [Fact]
    public async Task A_page_with_an_unparseable_first_page_url_and_a_valid_next_page_url_lists_all_items_across_two_pages()
    {
        await using var server = await LoopbackServer.StartAsync((ctx, _) =>
        {
            bool second = ctx.Request.Query.ContainsKey("Page");
            string next = second ? "null" : $"\"{ctx.Request.Scheme}://{ctx.Request.Host}/v1/Interactions/{Samples.InteractionSid}/Channels?PageSize=1&Page=1\"";
            string sid = second ? "UOaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa2" : Samples.ChannelSid;
            return LoopbackServer.Json(ctx, 200, $$$"""
                {"channels":[{{{Samples.Channel(sid: sid)}}}],"meta":{"page":{{{(second ? 1 : 0)}}},"page_size":1,
                 "first_page_url":"https://a,b+c.example/v1/x","previous_page_url":"https://a,b.example/","url":"https://x,y.example/",
                 "next_page_url":{{{next}}},"key":"channels"}}
                """);
        });
        var logger = new FakeLogger();
        var options = server.Options();
        options.Logger = logger;
        using var client = new FlexClient(options);

        var all = new List<InteractionChannel>();
        await foreach (var channel in client.Interactions[Kd].Channels.ListAsync()) all.Add(channel);

        Assert.Equal(2, all.Count);
        Assert.Equal(2, server.Count);
        Assert.Contains(logger.Collector.GetSnapshot(), r => r.Id.Id == 1004 && r.Message.Contains("PageMeta.first_page_url"));
    }

    [Fact]
    public async Task A_next_page_url_the_client_cannot_follow_fails_only_when_that_page_is_asked_for()
    {
        await using var server = await LoopbackServer.StartAsync((ctx, _) => LoopbackServer.Json(ctx, 200,
            $$$"""{"channels":[{{{Samples.Channel()}}}],"meta":{"page":0,"page_size":1,"next_page_url":"https://a,b.example/v1/next"}}"""));
        using var client = new FlexClient(server.Options());

        var read = new List<InteractionChannel>();
        var ex = await Assert.ThrowsAsync<TwilioResponseException>(async () => { await foreach (var channel in client.Interactions[Kd].Channels.ListAsync()) read.Add(channel); });

        Assert.Single(read);
        Assert.Contains("next_page_url", ex.Message);
        Assert.Equal(1, server.Count);
    }
}

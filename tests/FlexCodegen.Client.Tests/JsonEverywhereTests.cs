using System;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Twilio;
using Twilio.Flex.V1;
using Xunit;

namespace FlexCodegen.Client.Tests;

/// <summary>
/// What an application's own <c>JsonSerializerContext</c> emits for a type with a <c>[JsonConverter]</c>: value metadata
/// around that converter, made with <c>new</c>, no reflection. (The context itself must live in a project that references
/// the one holding the generated client: source generators do not see each other's output.)
/// </summary>
internal sealed class UserJsonContext : IJsonTypeInfoResolver
{
    public JsonTypeInfo? GetTypeInfo(Type type, JsonSerializerOptions options) =>
        type == typeof(InteractionChannel) ? JsonMetadataServices.CreateValueInfo<InteractionChannel>(options, new FlexCodegen.Runtime.TwilioModelJsonConverter<InteractionChannel>())
        : type == typeof(InteractionChannelSpec) ? JsonMetadataServices.CreateValueInfo<InteractionChannelSpec>(options, new FlexCodegen.Runtime.TwilioModelJsonConverter<InteractionChannelSpec>())
        : null;
}

/// <summary>Every generated model is Twilio's wire form to plain System.Text.Json, whatever the options.</summary>
public class JsonEverywhereTests
{
    // An unknown field (kept), a phone number (the default encoder would write \u002B), nulls Twilio sent.
    private const string Received = """{"sid":"UOaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1","interaction_sid":"KDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","type":"sms","status":"active","url":"https://flex-api.twilio.com/v1/Interactions/KDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Channels/UOaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1","links":{"participants":"https://flex-api.twilio.com/v1/x"},"future_field":{"to":"+13115552368","n":[1,2]}}""";

    // Twilio's wire form as the client writes it (fields in the spec's order, unknown ones after them).
    private static readonly string Wire = InteractionChannel.Parse(Received).ToString();

    [Fact]
    public void The_wire_form_keeps_every_field_and_escapes_only_what_json_requires()
    {
        Assert.Contains("\"future_field\":{\"to\":\"+13115552368\",\"n\":[1,2]}", Wire);
        Assert.Contains("\"sid\":\"UOaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1\"", Wire);
    }

    public static TheoryData<string> OptionSets() => new() { "default", "web" };

    private static JsonSerializerOptions Options(string which) => which == "web" ? new JsonSerializerOptions(JsonSerializerDefaults.Web) : new JsonSerializerOptions();

    [Theory]
    [MemberData(nameof(OptionSets))]
    public void A_model_serializes_to_exactly_its_wire_json_and_round_trips(string which)
    {
        var channel = InteractionChannel.Parse(Received);

        string json = JsonSerializer.Serialize(channel, Options(which));
        var back = JsonSerializer.Deserialize<InteractionChannel>(json, Options(which))!;

        Assert.Equal(channel.ToString(), json);
        Assert.Equal(Wire, json);
        Assert.Equal(json, back.ToString());
        Assert.Equal(channel.Sid, back.Sid);
        Assert.True(back.AdditionalProperties!.ContainsKey("future_field"));
    }

    [Fact]
    public void Metadata_made_as_a_JsonSerializerContext_makes_it_writes_the_wire_form_without_reflection()
    {
        var channel = InteractionChannel.Parse(Received);
        var spec = new InteractionChannelSpec { Type = InteractionChannelType.Sms, InitiatedBy = InteractionInitiatedBy.Agent };

        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { TypeInfoResolver = new UserJsonContext() };

        string json = JsonSerializer.Serialize(channel, options);
        string specJson = JsonSerializer.Serialize(spec, options);

        Assert.Equal(Wire, json);
        Assert.Equal(spec.ToString(), specJson);
        Assert.Equal("""{"initiated_by":"agent","type":"sms"}""", specJson);
        Assert.Equal(Wire, JsonSerializer.Deserialize<InteractionChannel>(json, options)!.ToString());
    }

    [Fact]
    public async Task A_minimal_api_returning_a_model_answers_twilios_wire_json()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        var channel = InteractionChannel.Parse(Received);
        app.MapGet("/channel", () => Results.Ok(channel));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls is { Count: > 0 } urls ? System.Linq.Enumerable.First(urls) : throw new InvalidOperationException("no address")) };

        string body = await http.GetStringAsync("/channel");

        Assert.Equal(Wire, body);
        await app.StopAsync();
    }
}

using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Twilio.Flex.V1;
using Xunit;

namespace FlexCodegen.Client.Tests;

/// <summary>
/// A generated model an application reads from a request body (ASP.NET Core binding through System.Text.Json and the
/// model's converter) or with <c>Parse</c> is untrusted JSON, as a response is: the same budget of 100,000 kept values
/// bounds what it makes, and the serializer's options about keys written twice are honoured.
/// </summary>
public class ModelBindingTests
{
    private const string Budget = "more than 100000 values";

    /// <summary>An object of <paramref name="count"/> members after <paramref name="start"/>, each written by <paramref name="member"/>.</summary>
    private static byte[] Body(string start, int count, Action<StringBuilder, int> member, string end)
    {
        var body = new StringBuilder(start, count * 12 + 100);
        for (int i = 0; i < count; i++)
        {
            if (i > 0) body.Append(',');
            member(body, i);
        }
        return Encoding.UTF8.GetBytes(body.Append(end).ToString());
    }

    /// <summary>15 MB of distinct fields the spec does not describe: <c>{"type":"sms","k0":0,"k1":0,…}</c>.</summary>
    private static byte[] DistinctUnknownFields() => Body("""{"type":"sms",""", 1_250_000, (b, i) => b.Append("\"k").Append(i).Append("\":0"), "}");

    /// <summary>Five million empty items in an array of models (<c>participants</c>).</summary>
    private static byte[] EmptyParticipants() => Body("""{"type":"sms","participants":[""", 5_000_000, (b, _) => b.Append("{}"), "]}");

    /// <summary>Five million empty arrays in one field the spec does not describe.</summary>
    private static byte[] EmptyArraysInAnUnknownField() => Body("""{"type":"sms","x":[""", 5_000_000, (b, _) => b.Append("[]"), "]}");

    public static TheoryData<string> HostileBodies() => new() { "distinct unknown fields", "empty participants", "empty arrays in an unknown field" };

    private static byte[] Hostile(string which) => which switch
    {
        "distinct unknown fields" => DistinctUnknownFields(),
        "empty participants" => EmptyParticipants(),
        _ => EmptyArraysInAnUnknownField(),
    };

    /// <summary>Runs <paramref name="read"/> on this thread and gives what it allocated and the exception it ended with.</summary>
    private static (long Allocated, Exception? Thrown) Measure(Action read)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        Exception? thrown = null;
        try
        {
            read();
        }
        catch (Exception e)
        {
            thrown = e;
        }
        return (GC.GetAllocatedBytesForCurrentThread() - before, thrown);
    }

    [Theory]
    [MemberData(nameof(HostileBodies))]
    public void A_body_of_millions_of_values_bound_by_System_Text_Json_is_refused_naming_the_limit_without_making_them(string which)
    {
        byte[] body = Hostile(which);
        Assert.True(body.Length < 16 * 1024 * 1024, $"{body.Length} bytes: under the 16 MB a request may carry");
        // With AllowDuplicateProperties false, the keys are walked before the read: that walk is bounded the same way.
        foreach (var options in new[] { new JsonSerializerOptions(JsonSerializerDefaults.Web), NoDuplicates })
        {
            JsonSerializer.Deserialize<InteractionChannelSpec>("""{"type":"sms","participants":[{}],"x":[[]]}""", options); // metadata made outside the count

            var (allocated, thrown) = Measure(() => JsonSerializer.Deserialize<InteractionChannelSpec>(body, options));

            // It was read: 15 MB of unknown fields made and kept 27 times the body, five million items 33 times. Now the
            // read stops at the 100,001st value: what was made up to there is at most a few times the body (unknown
            // fields, the dearest values, about twice), and nothing is kept.
            var refused = Assert.IsAssignableFrom<JsonException>(thrown);
            Assert.Contains(Budget, refused.Message);
            Assert.True(allocated < 4L * body.Length, $"{which}, AllowDuplicateProperties {options.AllowDuplicateProperties}: allocated {allocated / (1024 * 1024)} MB for a {body.Length / (1024 * 1024)} MB body");
        }
    }

    [Theory]
    [MemberData(nameof(HostileBodies))]
    public void A_body_of_millions_of_values_given_to_Parse_is_refused_naming_the_limit_without_making_them(string which)
    {
        byte[] body = Hostile(which);
        InteractionChannelSpec.Parse("""{"type":"sms","participants":[{}],"x":[[]]}""");

        var (allocated, thrown) = Measure(() => InteractionChannelSpec.Parse(body));

        var refused = Assert.IsAssignableFrom<JsonException>(thrown);
        Assert.Contains(Budget, refused.Message);
        Assert.True(allocated < 4L * body.Length, $"{which}: allocated {allocated / (1024 * 1024)} MB for a {body.Length / (1024 * 1024)} MB body");
    }

    [Fact]
    public void A_free_form_field_the_spec_describes_counts_its_values_too()
    {
        // Configuration.attributes is any JSON: a million values in it are a million kept values.
        byte[] body = Body("""{"attributes":[""", 1_000_000, (b, _) => b.Append('0'), "]}");

        var refused = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Configuration>(body));

        Assert.Contains(Budget, refused.Message);
    }

    [Fact]
    public void The_budget_is_per_body_a_refused_one_leaves_none_spent_and_a_large_real_one_is_read()
    {
        Assert.Throws<JsonException>(() => InteractionChannelSpec.Parse(EmptyParticipants()));

        // 90,001 values (60,000 items, an unknown field, 30,000 values in it), read twice: each read is under the budget,
        // both together are not.
        byte[] large = Body("""{"type":"sms","participants":[""", 60_000, (b, _) => b.Append("{}"), "],\"x\":[" + string.Join(",", Enumerable.Repeat("0", 30_000)) + "]}");
        var first = JsonSerializer.Deserialize<InteractionChannelSpec>(large)!;
        var second = InteractionChannelSpec.Parse(large);

        Assert.Equal(60_000, first.Participants!.Count);
        Assert.Equal(30_000, second.AdditionalProperties!["x"].GetArrayLength());
    }

    private const string Sid = "UOaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1";
    private const string OtherSid = "UOaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa2";

    public static TheoryData<string, string> KeysWrittenTwice() => new()
    {
        { $$"""{"sid":"{{Sid}}","type":"sms","sid":"{{OtherSid}}"}""", "sid" },
        { $$"""{"sid":"{{Sid}}","s\u0069d":"{{OtherSid}}"}""", "sid" },
        { """{"future":1,"type":"sms","future":2}""", "future" },
        { """{"type":"sms","future":{"a":1,"b":{"c":[{"d":1,"d":2}]}}}""", "d" },
        { """{"type":"sms","participants":[{"address":"+1"},{"address":"+2","proxy_address":"+3","address":"+4"}]}""", "address" },
    };

    private static readonly JsonSerializerOptions NoDuplicates = new(JsonSerializerDefaults.Web) { AllowDuplicateProperties = false };

    [Theory]
    [MemberData(nameof(KeysWrittenTwice))]
    public void With_AllowDuplicateProperties_false_a_key_written_twice_in_any_object_of_the_model_is_refused(string json, string key)
    {
        // It was bound, the last one winning, as though the option were not set.
        var ex = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<InteractionChannelSpec>(json, NoDuplicates));

        Assert.Contains($"'{key}'", ex.Message);
        Assert.Contains("AllowDuplicateProperties", ex.Message);
        // The default options still read it, the last one winning, as System.Text.Json does for its own types.
        Assert.NotNull(JsonSerializer.Deserialize<InteractionChannelSpec>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
    }

    [Fact]
    public void With_AllowDuplicateProperties_false_the_same_key_in_sibling_objects_is_no_duplicate()
    {
        const string json = """{"type":"sms","participants":[{"address":"+1"},{"address":"+2"}],"future":{"address":"+3","n":{"address":4}}}""";

        var spec = JsonSerializer.Deserialize<InteractionChannelSpec>(json, NoDuplicates)!;

        Assert.Equal(new[] { "+1", "+2" }, spec.Participants!.Select(p => p.Address));
        Assert.Equal("""{"address":"+3","n":{"address":4}}""", spec.AdditionalProperties!["future"].GetRawText());
    }

    [Fact]
    public async Task A_minimal_api_binding_a_model_answers_400_to_a_hostile_body_or_a_key_twice_and_binds_a_real_one()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.AllowDuplicateProperties = false);
        await using var app = builder.Build();
        app.MapPost("/channels", (InteractionChannelSpec spec) => Results.Text(spec.Type + " " + (spec.Participants?.Count ?? 0)));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        async Task<HttpResponseMessage> Post(byte[] body)
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            return await http.PostAsync("/channels", content);
        }

        using var hostile = await Post(DistinctUnknownFields());
        using var twice = await Post(Encoding.UTF8.GetBytes("""{"type":"sms","type":"web"}"""));
        using var real = await Post(Encoding.UTF8.GetBytes("""{"type":"sms","participants":[{"address":"+13115552368"}]}"""));

        Assert.Equal(HttpStatusCode.BadRequest, hostile.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        Assert.Equal(HttpStatusCode.OK, real.StatusCode);
        Assert.Equal("sms 1", await real.Content.ReadAsStringAsync());
        await app.StopAsync();
    }
}

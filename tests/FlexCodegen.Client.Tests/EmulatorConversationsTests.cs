using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit;
using static FlexCodegen.Client.Tests.EmulatorHardeningTests;
using static FlexCodegen.Client.Tests.EmulatorTaskRouterTests;

namespace FlexCodegen.Client.Tests;

/// <summary>
/// The emulator follows an interaction into Conversations: the Conversation its channel is bound to, fetched and
/// updated over plain HTTP at <c>/v1/Conversations/{Sid}</c>; closed when the channel closes, and closed is final.
/// </summary>
public class EmulatorConversationsTests
{
    private const string Customer = "CHcccccccccccccccccccccccccccccccc";

    private static async Task<(Created Interaction, string Path)> CreateWithConversation(HttpClient http)
    {
        var c = await CreateInteraction(http);
        var task = (await Send(http, HttpMethod.Get, c.TaskPath)).Body;
        string ch = JsonNode.Parse(task["attributes"]!.GetValue<string>())!["conversationSid"]!.GetValue<string>();
        return (c, $"/v1/Conversations/{ch}");
    }


    [Fact]
    public async Task The_conversation_a_channel_is_bound_to_is_served_in_the_specs_shape()
    {
        var (emu, http, _) = await Start();
        await using var _emu = emu;
        using var _http = http;
        var (c, path) = await CreateWithConversation(http);

        var conversation = (await Send(http, HttpMethod.Get, path)).Body;

        Assert.Equal(path[("/v1/Conversations/".Length)..], conversation["sid"]!.GetValue<string>());
        Assert.Equal(emu.AccountSid, conversation["account_sid"]!.GetValue<string>());
        Assert.Matches("^IS[0-9a-f]{32}$", conversation["chat_service_sid"]!.GetValue<string>());
        Assert.Equal("active", conversation["state"]!.GetValue<string>());
        Assert.Equal("{}", conversation["attributes"]!.GetValue<string>());
        Assert.Equal("2026-01-01T00:00:00Z", conversation["date_created"]!.GetValue<string>());
        Assert.Equal(new Uri(emu.BaseAddress, path).ToString(), conversation["url"]!.GetValue<string>());
        Assert.Equal(new Uri(emu.BaseAddress, path + "/Messages").ToString(), conversation["links"]!["messages"]!.GetValue<string>());
        Assert.Equal("active", emu.ConversationState(c.Uo));
    }

    [Fact]
    public async Task A_customer_channel_is_bound_to_the_conversation_the_customer_is_in_and_closing_it_closes_that_one()
    {
        var (emu, http, clock) = await Start();
        await using var _emu = emu;
        using var _http = http;
        emu.AddConversation(Customer);
        var created = await Send(http, HttpMethod.Post, "/v1/Interactions", Form(
            ("Channel", $$$"""{"type":"chat","initiated_by":"customer","properties":{"media_channel_sid":"{{{Customer}}}"}}"""),
            ("Routing", ApiRouting)));
        string kd = created.Body["sid"]!.GetValue<string>(), uo = created.Body["channel"]!["sid"]!.GetValue<string>();
        clock.Advance(TimeSpan.FromSeconds(2));

        await Send(http, HttpMethod.Post, $"/v1/Interactions/{kd}/Channels/{uo}", Form(("Status", "closed")));

        Assert.Equal("closed", (await Send(http, HttpMethod.Get, $"/v1/Conversations/{Customer}")).Body["state"]!.GetValue<string>());
        Assert.Equal("closed", emu.ConversationState(uo));
    }

    [Fact]
    public async Task State_moves_between_active_and_inactive_and_closed_is_final()
    {
        var (emu, http, clock) = await Start();
        await using var _emu = emu;
        using var _http = http;
        var (c, path) = await CreateWithConversation(http);

        Assert.Equal("inactive", (await Update(http, path, ("State", "inactive"))).Body["state"]!.GetValue<string>());
        Assert.Equal("active", (await Update(http, path, ("State", "active"))).Body["state"]!.GetValue<string>());
        clock.Advance(TimeSpan.FromMinutes(1));
        var closed = await Update(http, path, ("State", "closed"));
        Assert.Equal("closed", closed.Body["state"]!.GetValue<string>());
        Assert.Equal("2026-01-01T00:01:00Z", closed.Body["date_updated"]!.GetValue<string>());

        string before = emu.StateSnapshot();
        foreach (var fields in new[] { new[] { ("State", "active") }, new[] { ("State", "closed") }, new[] { ("FriendlyName", "x") } })
        {
            var refused = await Update(http, path, fields);
            AssertTwilioError(400, refused);
            Assert.Contains("closed, which is final", refused.Body["message"]!.GetValue<string>());
        }
        Assert.Equal(before, emu.StateSnapshot());
        // Closing the Conversation leaves the interaction channel and its task alone; closing the channel later still works.
        Assert.Equal("pending", await Status(http, c.TaskPath));
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(HttpStatusCode.OK, (await Send(http, HttpMethod.Post, $"/v1/Interactions/{c.Kd}/Channels/{c.Uo}", Form(("Status", "closed")))).Status);
        Assert.Equal("wrapping", await Status(http, c.TaskPath));
        Assert.Equal("closed", emu.ConversationState(c.Uo));
    }

    [Fact]
    public async Task Timers_move_the_state_when_the_emulator_clock_passes_them()
    {
        var (emu, http, clock) = await Start();
        await using var _emu = emu;
        using var _http = http;
        var (c, path) = await CreateWithConversation(http);

        var timed = await Update(http, path, ("Timers.Inactive", "PT5M"), ("Timers.Closed", "PT1H"));

        Assert.Equal("2026-01-01T00:05:00Z", timed.Body["timers"]!["date_inactive"]!.GetValue<string>());
        Assert.Equal("2026-01-01T01:00:00Z", timed.Body["timers"]!["date_closed"]!.GetValue<string>());
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal("inactive", (await Send(http, HttpMethod.Get, path)).Body["state"]!.GetValue<string>());
        clock.Advance(TimeSpan.FromMinutes(55));
        var closed = (await Send(http, HttpMethod.Get, path)).Body;
        Assert.Equal("closed", closed["state"]!.GetValue<string>());
        Assert.Equal("2026-01-01T01:00:00Z", closed["date_updated"]!.GetValue<string>());
        Assert.Equal("closed", emu.ConversationState(c.Uo));
    }

    [Fact]
    public async Task Fields_are_updated_and_a_unique_name_addresses_the_conversation()
    {
        var (emu, http, _) = await Start();
        await using var _emu = emu;
        using var _http = http;
        var (_, path) = await CreateWithConversation(http);
        var (_, other) = await CreateWithConversation(http);

        var updated = await Update(http, path, ("FriendlyName", "Ann's question"), ("UniqueName", "ann-1"), ("Attributes", """{"topic":"billing"}"""),
            ("MessagingServiceSid", "MGaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), ("Bindings.Email.Address", "support@example.com"));

        Assert.Equal(HttpStatusCode.OK, updated.Status);
        var byName = (await Send(http, HttpMethod.Get, "/v1/Conversations/ann-1")).Body;
        Assert.Equal(path[("/v1/Conversations/".Length)..], byName["sid"]!.GetValue<string>());
        Assert.Equal("Ann's question", byName["friendly_name"]!.GetValue<string>());
        Assert.Equal("""{"topic":"billing"}""", byName["attributes"]!.GetValue<string>());
        Assert.Equal("MGaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", byName["messaging_service_sid"]!.GetValue<string>());
        Assert.Equal("support@example.com", byName["bindings"]!["email"]!["address"]!.GetValue<string>());
        var taken = await Update(http, other, ("UniqueName", "ann-1"));
        AssertTwilioError(409, taken);
        Assert.Null((await Send(http, HttpMethod.Get, other)).Body["unique_name"]);
    }

    /// <summary>
    /// Unique names whose URL path segment (escaped as a client escapes it) is not the name again: '/' stays %2F in
    /// the server's path, dot segments are removed, and some characters never reach a route.
    /// </summary>
    public static IEnumerable<object[]> UniqueNames() => new[]
    {
        "a/b", "/", "a/", "..", ".", "a\\b", "a b", " a ", "%", "%2F", "a%2Fb", "a?b", "a#b", "a+b", "é", "日本", "a;b", "a:b", "@", "~",
        "a\nb", "a\rb", "\t", "a\u0000b", "a\u007fb", "a\u2028b", new string('x', 300), new string('é', 3000),
    }.Select(name => new object[] { name });

    [Theory]
    [MemberData(nameof(UniqueNames))]
    public async Task A_unique_name_is_refused_unless_it_fetches_the_conversation_back(string name)
    {
        var (emu, http, _) = await Start();
        await using var _emu = emu;
        using var _http = http;
        var (_, path) = await CreateWithConversation(http);
        string before = emu.StateSnapshot();

        var answer = await Update(http, path, ("UniqueName", name));

        if (answer.Status == HttpStatusCode.OK)
        {
            using var response = await http.GetAsync("/v1/Conversations/" + Uri.EscapeDataString(name));
            string text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"'{name}' was accepted but fetching it answered {(int)response.StatusCode}: {text}");
            Assert.Equal(path[("/v1/Conversations/".Length)..], JsonNode.Parse(text)!["sid"]!.GetValue<string>());
        }
        else
        {
            Assert.True(answer.Status == HttpStatusCode.BadRequest, $"'{name}' answered {(int)answer.Status}: {answer.Body}");
            AssertTwilioError(400, answer); // a NUL is refused by the form reader, before UniqueName is looked at
            Assert.Equal(before, emu.StateSnapshot());
        }
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("/")]
    [InlineData("..")]
    [InlineData(".")]
    public async Task A_unique_name_a_url_path_cannot_carry_is_refused_with_a_reason(string name)
    {
        var (emu, http, _) = await Start();
        await using var _emu = emu;
        using var _http = http;
        var (_, path) = await CreateWithConversation(http);

        var answer = await Update(http, path, ("UniqueName", name));

        AssertTwilioError(400, answer);
        Assert.StartsWith("Invalid UniqueName: the Conversation could not be fetched", answer.Body["message"]!.GetValue<string>());
        Assert.Null((await Send(http, HttpMethod.Get, path)).Body["unique_name"]);
    }

    public static IEnumerable<object[]> HostileUpdates() => new[]
    {
        new object[] { new[] { ("State", "open") }, "must be one of" },
        new object[] { new[] { ("State", "Closed") }, "must be one of" },
        new object[] { new[] { ("State", "initializing") }, "initializing is Twilio's" },
        new object[] { new[] { ("Status", "closed") }, "Unknown parameter Status" },
        new object[] { new[] { ("State", "closed"), ("State", "closed") }, "given 2 times" },
        new object[] { new[] { ("State", "closed"), ("FriendlyName", new string('x', 257)) }, "at most 256" },
        new object[] { new[] { ("State", "closed"), ("Attributes", "{") }, "not valid JSON" },
        new object[] { new[] { ("State", "closed"), ("Attributes", """{"a":1,"a":1}""") }, "more than once" },
        new object[] { new[] { ("State", "closed"), ("MessagingServiceSid", "MG1") }, "does not match" },
        new object[] { new[] { ("State", "closed"), ("MessagingServiceSid", "MG" + new string('a', 32) + "\n") }, "Invalid MessagingServiceSid" },
        new object[] { new[] { ("State", "closed"), ("MessagingServiceSid", "MG" + new string('a', 32) + "\r\n") }, "Invalid MessagingServiceSid" },
        new object[] { new[] { ("State", "closed"), ("MessagingServiceSid", "MG" + new string('a', 33)) }, "Invalid MessagingServiceSid" },
        new object[] { new[] { ("State", "closed"), ("MessagingServiceSid", "MG" + new string('a', 31)) }, "Invalid MessagingServiceSid" },
        new object[] { new[] { ("State", "closed"), ("DateCreated", "2025-01-01T00:00:00Z\n") }, "ISO 8601" },
        new object[] { new[] { ("State", "closed"), ("DateCreated", "last week") }, "ISO 8601" },
        new object[] { new[] { ("State", "closed"), ("Timers.Inactive", "PT30S") }, "at least PT1M" },
        new object[] { new[] { ("State", "closed"), ("Timers.Closed", "PT5M") }, "at least PT10M" },
        new object[] { new[] { ("State", "closed"), ("Timers.Closed", "ten minutes") }, "ISO 8601 duration" },
        new object[] { new[] { ("State", "closed"), ("Timers.Closed", "P99999999999999999999D") }, "ISO 8601 duration" },
        new object[] { new[] { ("State", "closed"), ("Timers.Closed", "P100Y") }, "three years" },
        new object[] { new[] { ("State", "closed"), ("UniqueName", "CHaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa") }, "form of a Conversation SID" },
    };

    [Theory]
    [MemberData(nameof(HostileUpdates))]
    public async Task Hostile_update_bodies_are_400s_and_the_conversation_stays_as_it_was((string, string)[] fields, string message)
    {
        var (emu, http, _) = await Start();
        await using var _emu = emu;
        using var _http = http;
        var (c, path) = await CreateWithConversation(http);
        string before = emu.StateSnapshot();

        var answer = await Update(http, path, fields);

        AssertTwilioError(400, answer);
        Assert.Contains(message, answer.Body["message"]!.GetValue<string>());
        Assert.Equal(before, emu.StateSnapshot());
        Assert.Equal("active", emu.ConversationState(c.Uo));
    }

    [Fact]
    public async Task A_bad_webhook_header_is_a_400_and_a_good_one_is_accepted()
    {
        var (emu, http, _) = await Start();
        await using var _emu = emu;
        using var _http = http;
        var (c, path) = await CreateWithConversation(http);

        foreach (var (value, expected) in new[] { ("yes", HttpStatusCode.BadRequest), ("true", HttpStatusCode.OK) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Form(("State", "inactive")) };
            request.Headers.Add("X-Twilio-Webhook-Enabled", value);
            using var response = await http.SendAsync(request);
            Assert.Equal(expected, response.StatusCode);
        }
        Assert.Equal("inactive", emu.ConversationState(c.Uo));
    }

    [Theory]
    [InlineData("CHbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb")]
    [InlineData("no-such-unique-name")]
    [InlineData("CH123")]
    public async Task Unknown_conversations_are_404s(string sid)
    {
        var (emu, http, _) = await Start();
        await using var _emu = emu;
        using var _http = http;
        await CreateWithConversation(http);
        string before = emu.StateSnapshot();

        AssertTwilioError(404, await Send(http, HttpMethod.Get, $"/v1/Conversations/{sid}"));
        AssertTwilioError(404, await Update(http, $"/v1/Conversations/{sid}", ("State", "closed")));
        Assert.Equal(before, emu.StateSnapshot());
    }
}

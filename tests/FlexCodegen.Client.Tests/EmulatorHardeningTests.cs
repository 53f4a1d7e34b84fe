using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using FlexCodegen.Emulator;
using FlexCodegen.Runtime;
using Twilio;
using Twilio.Flex.V1;
using Xunit;

namespace FlexCodegen.Client.Tests;

/// <summary>
/// The participant address rules per channel type (in Build() and in the emulator), the emulator's answers to bad input
/// (4xx in Twilio's shape, never 5xx, state unchanged), legal channel transitions and Channel.sid bindings.
/// </summary>
public class EmulatorHardeningTests
{
    private const string Ws = "WSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", Wq = "WQaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", Wk = "WKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    internal const string ApiRouting = """{"properties":{"workspace_sid":"WSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","task_channel_unique_name":"sms"}}""";
    private const string AgentRouting = """{"properties":{"workspace_sid":"WSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","queue_sid":"WQaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","worker_sid":"WKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}}""";

    internal static async Task<(FlexEmulator Emu, HttpClient Http, EmulatorClock Clock)> Start()
    {
        var clock = new EmulatorClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var emu = await FlexEmulator.StartAsync(new FlexEmulatorOptions { Clock = clock, SetupDuration = TimeSpan.FromSeconds(1) });
        var http = new HttpClient { BaseAddress = emu.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(emu.AccountSid + ":" + emu.AuthToken)));
        return (emu, http, clock);
    }

    /// <summary>An update: the fields POSTed as a form to <paramref name="path"/>.</summary>
    internal static Task<(HttpStatusCode Status, JsonObject Body)> Update(HttpClient http, string path, params (string, string)[] fields) =>
        Send(http, HttpMethod.Post, path, Form(fields));

    internal static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) => new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    internal static async Task<(HttpStatusCode Status, JsonObject Body)> Send(HttpClient http, HttpMethod method, string path, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        // A server refusing a huge body answers before reading it; with 100-continue the client waits to hear that.
        if (content?.Headers.ContentLength > 1024 * 1024) request.Headers.ExpectContinue = true;
        using var response = await http.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(text)!.AsObject());
    }

    internal static void AssertTwilioError(int status, (HttpStatusCode Status, JsonObject Body) answer)
    {
        Assert.Equal(status, (int)answer.Status);
        Assert.Equal(status, answer.Body["status"]!.GetValue<int>());
        Assert.True(answer.Body["code"]!.GetValue<int>() > 0);
        Assert.False(string.IsNullOrEmpty(answer.Body["message"]!.GetValue<string>()));
        Assert.StartsWith("https://www.twilio.com/docs/errors/", answer.Body["more_info"]!.GetValue<string>());
    }

    internal static async Task<(string Kd, string Uo)> CreateApiSms(HttpClient http)
    {
        var created = await Send(http, HttpMethod.Post, "/v1/Interactions", Form(
            ("Channel", """{"type":"sms","initiated_by":"api","participants":[{"address":"+13115552368","proxy_address":"+14155559999"}]}"""),
            ("Routing", ApiRouting)));
        Assert.Equal(HttpStatusCode.Created, created.Status);
        return (created.Body["sid"]!.GetValue<string>(), created.Body["channel"]!["sid"]!.GetValue<string>());
    }

    // ---- participants: the address rules per channel type ----

    public static IEnumerable<object[]> BrokenParticipants() => new[]
    {
        new object[] { InteractionChannelType.Sms, InteractionInitiatedBy.Agent, new InteractionParticipantSpec { Address = "+13115552368" }, "Channel.participants[0].proxy_address" },
        new object[] { InteractionChannelType.Whatsapp, InteractionInitiatedBy.Agent, new InteractionParticipantSpec { ProxyAddress = "whatsapp:+14155559999" }, "Channel.participants[0].address" },
        new object[] { InteractionChannelType.Chat, InteractionInitiatedBy.Agent, new InteractionParticipantSpec { Address = "x" }, "Channel.participants[0].identity" },
        new object[] { InteractionChannelType.Web, InteractionInitiatedBy.Api, new InteractionParticipantSpec(), "Channel.participants[0].identity" },
        new object[] { InteractionChannelType.Email, InteractionInitiatedBy.Agent, new InteractionParticipantSpec { Address = "ann@example.com", Name = "Ann" }, "Channel.participants[0].level" },
        new object[] { InteractionChannelType.Email, InteractionInitiatedBy.Agent, new InteractionParticipantSpec { Address = "ann@example.com", Level = InteractionParticipantLevel.To }, "Channel.participants[0].name" },
    };

    [Theory]
    [MemberData(nameof(BrokenParticipants))]
    public void Build_names_the_participant_that_lacks_the_address_its_channel_type_needs(InteractionChannelType type, InteractionInitiatedBy by, InteractionParticipantSpec broken, string field)
    {
        var good = type.ToString() switch
        {
            "sms" or "whatsapp" => new InteractionParticipantSpec { Address = "+13115552368", ProxyAddress = "+14155559999" },
            "email" => new InteractionParticipantSpec { Address = "bob@example.com", Name = "Bob", Level = InteractionParticipantLevel.Cc },
            _ => new InteractionParticipantSpec { Identity = "bob" },
        };
        var builder = CreateInteractionRequest.CreateBuilder()
            .WithChannel(new InteractionChannelSpec
            {
                Type = type,
                InitiatedBy = by,
                Participants = new[] { broken, good },
                Properties = type == InteractionChannelType.Email ? new InteractionChannelProperties { From = "support@example.com", FromName = "Support" } : null,
            })
            .WithRouting(new InteractionRouting { Properties = new InteractionRoutingProperties { WorkspaceSid = WorkspaceSid.Parse(Ws), QueueSid = TaskQueueSid.Parse(Wq), WorkerSid = WorkerSid.Parse(Wk) } });

        var ex = Assert.Throws<RequestValidationException>(() => builder.Build());
        var violation = Assert.Single(ex.Violations);
        Assert.Equal(field, violation.Field);
        Assert.Contains("breaks the rule", violation.Rule);

        // The same request with the field filled in builds.
        var fixedParticipant = new InteractionParticipantSpec
        {
            Address = broken.Address ?? (field.EndsWith(".address") ? "+13115552368" : null),
            ProxyAddress = broken.ProxyAddress ?? (field.EndsWith("proxy_address") ? "+14155559999" : null),
            Identity = broken.Identity ?? (field.EndsWith("identity") ? "ann" : null),
            Level = broken.Level ?? (field.EndsWith("level") ? InteractionParticipantLevel.To : null),
            Name = broken.Name ?? (field.EndsWith("name") ? "Ann" : null),
        };
        Assert.NotNull(CreateInteractionRequest.CreateBuilder()
            .WithChannel(new InteractionChannelSpec { Type = type, InitiatedBy = by, Participants = new[] { fixedParticipant, good },
                Properties = type == InteractionChannelType.Email ? new InteractionChannelProperties { From = "support@example.com", FromName = "Support" } : null })
            .WithRouting(new InteractionRouting { Properties = new InteractionRoutingProperties { WorkspaceSid = WorkspaceSid.Parse(Ws), QueueSid = TaskQueueSid.Parse(Wq), WorkerSid = WorkerSid.Parse(Wk) } })
            .Build());
    }

    [Theory]
    [InlineData("""{"type":"sms","initiated_by":"agent","participants":[{"address":"+13115552368","proxy_address":"+14155559999"},{"address":"+13115552369"}]}""", "Channel.participants[1].proxy_address")]
    [InlineData("""{"type":"whatsapp","initiated_by":"agent","participants":[{"proxy_address":"whatsapp:+14155559999"}]}""", "Channel.participants[0].address")]
    [InlineData("""{"type":"chat","initiated_by":"agent","participants":[{"address":"x"}]}""", "Channel.participants[0].identity")]
    [InlineData("""{"type":"email","initiated_by":"agent","properties":{"from":"s@example.com","from_name":"S"},"participants":[{"level":"to","address":"a@example.com"}]}""", "Channel.participants[0].name")]
    public async Task The_emulator_refuses_the_same_participants_naming_the_index(string channel, string field)
    {
        var (emu, http, _) = await Start();
        await using var _emu = emu;
        using var _http = http;

        var answer = await Send(http, HttpMethod.Post, "/v1/Interactions", Form(("Channel", channel), ("Routing", AgentRouting)));

        AssertTwilioError(400, answer);
        Assert.Contains($"Invalid {field}: breaks the rule", answer.Body["message"]!.GetValue<string>());
        Assert.Equal(0, emu.InteractionCount);
    }

    // ---- bad input: 4xx, never 5xx, state unchanged ----

    [Theory]
    [InlineData("json")]
    [InlineData("none")]
    [InlineData("text")]
    public async Task A_body_that_is_not_a_form_is_a_400_naming_the_missing_parameter(string kind)
    {
        var (emu, http, _) = await Start();
        await using var _emu = emu;
        using var _http = http;
        HttpContent? content = kind switch
        {
            "json" => new StringContent("""{"Channel":{"type":"sms"}}""", Encoding.UTF8, "application/json"),
            "text" => new ByteArrayContent(Encoding.UTF8.GetBytes("Channel=x")),
            _ => null,
        };

        var answer = await Send(http, HttpMethod.Post, "/v1/Interactions", content);

        AssertTwilioError(400, answer);
        Assert.Contains("Missing required parameter Channel", answer.Body["message"]!.GetValue<string>());
        Assert.Equal(0, emu.InteractionCount);
    }

    /// <summary>The raw bytes of a valid create-interaction form, sent with <paramref name="contentType"/> as it is written.</summary>
    private static HttpContent RawForm(string body, string? contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null) content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    private static readonly string CreateBody =
        "Channel=" + Uri.EscapeDataString(SmsChannel) + "&Routing=" + Uri.EscapeDataString(ApiRouting) + "&WebhookTtid=" + Uri.EscapeDataString("café");

    [Theory]
    [InlineData("application/x-www-form-urlencoded; charset=utf-7", "utf-7")]
    [InlineData("application/x-www-form-urlencoded; charset=UTF-7", "UTF-7")]
    [InlineData("application/x-www-form-urlencoded; charset=\"utf-7\"", "utf-7")]
    [InlineData("application/x-www-form-urlencoded; charset=utf-16", "utf-16")]
    [InlineData("application/x-www-form-urlencoded; charset=utf-32", "utf-32")]
    [InlineData("application/x-www-form-urlencoded; charset=iso-8859-1", "iso-8859-1")]
    [InlineData("application/x-www-form-urlencoded; charset=us-ascii", "us-ascii")]
    [InlineData("application/x-www-form-urlencoded; charset=nonsense", "nonsense")]
    [InlineData("application/x-www-form-urlencoded; charset=", "")]
    [InlineData("application/x-www-form-urlencoded; charset=utf-8; charset=utf-7", "utf-7")]
    [InlineData("multipart/form-data; boundary=b; charset=utf-7", "utf-7")]
    public async Task A_form_in_a_charset_other_than_utf8_is_a_415_naming_the_charset(string contentType, string charset)
    {
        var (emu, http, _) = await Start();
        await using var _emu = emu;
        using var _http = http;

        var answer = await Send(http, HttpMethod.Post, "/v1/Interactions", RawForm(CreateBody, contentType));

        AssertTwilioError(415, answer);
        Assert.Contains($"charset '{charset}'", answer.Body["message"]!.GetValue<string>());
        Assert.Equal(0, emu.InteractionCount);
    }

    [Theory]
    [InlineData("application/json; charset=utf-16")]
    [InlineData("application/json; charset=utf-7")]
    [InlineData("text/plain; charset=utf-7")]
    public async Task A_json_body_in_a_charset_other_than_utf8_is_a_415_and_creates_no_transfer(string contentType)
    {
        var (emu, http, _) = await Start();
        await using var _emu = emu;
        using var _http = http;
        var (kd, uo) = await CreateApiSms(http);
        string before = emu.StateSnapshot();

        var answer = await Send(http, HttpMethod.Post, $"/v1/Interactions/{kd}/Channels/{uo}/Transfers", RawForm("""{"type":"cold"}""", contentType));

        AssertTwilioError(415, answer);
        Assert.Equal(before, emu.StateSnapshot());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/x-www-form-urlencoded; charset=utf-8")]
    [InlineData("application/x-www-form-urlencoded; charset=UTF-8")]
    [InlineData("application/x-www-form-urlencoded; charset=\"utf-8\"")]
    [InlineData("Application/X-WWW-Form-Urlencoded;charset=utf-8")]
    public async Task A_form_in_utf8_or_with_no_charset_is_read_as_utf8(string? contentType)
    {
        var (emu, http, _) = await Start();
        await using var _emu = emu;
        using var _http = http;

        var answer = await Send(http, HttpMethod.Post, "/v1/Interactions", RawForm(CreateBody, contentType ?? "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.Created, answer.Status);
        Assert.Equal("café", answer.Body["webhook_ttid"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("multipart/form-data")]
    [InlineData("multipart/form-data; boundary=\"\"")]
    [InlineData("application/x-www-form-urlencoded; charset=\"utf-8")]
    [InlineData("application/x-www-form-urlencoded;;")]
    [InlineData("application/x-www-form-urlencoded; charset=utf-8, text/plain")]
    [InlineData("application/x-www-form-urlencoded/x")]
    [InlineData(";charset=utf-7")]
    public async Task A_malformed_content_type_is_a_400_and_creates_nothing(string contentType)
    {
        var (emu, http, _) = await Start();
        await using var _emu = emu;
        using var _http = http;

        var answer = await Send(http, HttpMethod.Post, "/v1/Interactions", RawForm(CreateBody, contentType));

        AssertTwilioError(400, answer);
        Assert.Equal(0, emu.InteractionCount);
    }

    [Fact]
    public async Task A_multipart_field_in_a_charset_other_than_utf8_is_a_415()
    {
        var (emu, http, _) = await Start();
        await using var _emu = emu;
        using var _http = http;
        string body = string.Join("\r\n",
            "--b", "Content-Disposition: form-data; name=\"Channel\"", "Content-Type: application/json; charset=utf-7", "", SmsChannel,
            "--b", "Content-Disposition: form-data; name=\"Routing\"", "", ApiRouting,
            "--b--", "");

        var answer = await Send(http, HttpMethod.Post, "/v1/Interactions", RawForm(body, "multipart/form-data; boundary=b"));

        AssertTwilioError(415, answer);
        Assert.Contains("UTF-7", answer.Body["message"]!.GetValue<string>());
        Assert.Equal(0, emu.InteractionCount);
    }

    [Theory]
    [InlineData("fields", 400)]
    [InlineData("value", 413)]
    [InlineData("body", 413)]
    public async Task Oversized_forms_are_refused_with_4xx(string what, int status)
    {
        var (emu, http, _) = await Start();
        await using var _emu = emu;
        using var _http = http;
        HttpContent content = what switch
        {
            "fields" => new StringContent(string.Join("&", Enumerable.Range(0, 1025).Select(i => $"F{i}=1")), Encoding.ASCII, "application/x-www-form-urlencoded"),
            "value" => new StringContent("Channel=" + new string('a', 4 * 1024 * 1024 + 1), Encoding.ASCII, "application/x-www-form-urlencoded"),
            _ => new StringContent("Channel=" + new string('a', 40 * 1024 * 1024), Encoding.ASCII, "application/x-www-form-urlencoded"),
        };
        content.Headers.ContentType!.CharSet = null;

        var answer = await Send(http, HttpMethod.Post, "/v1/Interactions", content);

        AssertTwilioError(status, answer);
        Assert.Equal(0, emu.InteractionCount);
    }

    [Theory]
    [InlineData("""{"type":5}""")]
    [InlineData("[1]")]
    [InlineData("\"x\"")]
    [InlineData("""{"type":"warm","to":["a"]}""")]
    public async Task A_transfer_body_of_the_wrong_shape_is_a_400(string body)
    {
        var (emu, http, _) = await Start();
        await using var _emu = emu;
        using var _http = http;
        var (kd, uo) = await CreateApiSms(http);

        var answer = await Send(http, HttpMethod.Post, $"/v1/Interactions/{kd}/Channels/{uo}/Transfers", new StringContent(body, Encoding.UTF8, "application/json"));

        AssertTwilioError(400, answer);
    }

    [Fact]
    public async Task Participant_routing_properties_are_validated_on_create_so_later_updates_work()
    {
        var (emu, http, _) = await Start();
        await using var _emu = emu;
        using var _http = http;
        var (kd, uo) = await CreateApiSms(http);
        string participants = $"/v1/Interactions/{kd}/Channels/{uo}/Participants";

        var refused = await Send(http, HttpMethod.Post, participants, Form(("Type", "agent"), ("MediaProperties", """{"identity":"ann"}"""),
            ("RoutingProperties", """{"workspace_sid":"WSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","task_sid":5}""")));
        AssertTwilioError(400, refused);
        Assert.Contains("RoutingProperties", refused.Body["message"]!.GetValue<string>());
        var listed = await Send(http, HttpMethod.Get, participants);
        Assert.Single(listed.Body["participants"]!.AsArray()); // only the customer from the create

        var created = await Send(http, HttpMethod.Post, participants, Form(("Type", "agent"), ("MediaProperties", """{"identity":"ann"}"""),
            ("RoutingProperties", """{"workspace_sid":"WSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","task_sid":"WTaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}""")));
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var updated = await Send(http, HttpMethod.Post, $"{participants}/{created.Body["sid"]}", Form(("Status", "closed")));
        Assert.Equal(HttpStatusCode.OK, updated.Status);
    }

    [Fact]
    public async Task Listing_channels_after_the_180_day_expiry_answers_an_empty_page()
    {
        var (emu, http, clock) = await Start();
        await using var _emu = emu;
        using var _http = http;
        var (kd, uo) = await CreateApiSms(http);

        clock.Advance(TimeSpan.FromDays(181));
        var listed = await Send(http, HttpMethod.Get, $"/v1/Interactions/{kd}/Channels");

        Assert.Equal(HttpStatusCode.OK, listed.Status);
        Assert.Empty(listed.Body["channels"]!.AsArray());
        AssertTwilioError(404, await Send(http, HttpMethod.Get, $"/v1/Interactions/{kd}/Channels/{uo}"));
    }

    // ---- hostile JSON in parameters and bodies (issue 21): 400 naming the field, state unchanged ----

    private const string SmsChannel = """{"type":"sms","initiated_by":"api","participants":[{"address":"+13115552368","proxy_address":"+14155559999"}]}""";

    [Theory]
    [InlineData("Channel", """{"type":"sms","type":"sms","initiated_by":"api","participants":[{"address":"+13115552368","proxy_address":"+14155559999"}]}""", "Channel.type")]
    [InlineData("Channel", """{"type":"sms","initiated_by":"api","participants":[{"address":"+13115552368","address":"+1","proxy_address":"+14155559999"}]}""", "Channel.participants[0].address")]
    [InlineData("Routing", """{"properties":{"workspace_sid":"WSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","task_channel_unique_name":"sms","task_channel_unique_name":"chat"}}""", "Routing.properties.task_channel_unique_name")]
    [InlineData("Channel", """{"type":"sms","initiated_by":"api","participants":[{"address":"+13115552368","proxy_address":"+14155559999","n":123456789012345678901234567890}]}""", "Channel.participants[0].n")]
    [InlineData("Routing", """{"properties":{"workspace_sid":"WSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","task_channel_unique_name":"sms","timeout":9223372036854775808}}""", "Routing.properties.timeout")]
    [InlineData("Routing", """{"properties":{"workspace_sid":"WSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","task_channel_unique_name":"sms","priority":-99999999999999999999}}""", "Routing.properties.priority")]
    [InlineData("Channel", """{"type":"sms","initiated_by":"api","participants":[{"address":"\ud800","proxy_address":"+14155559999"}]}""", "Channel.participants[0].address")]
    [InlineData("Channel", """{"type":"sms","initiated_by":"api","participants":[{"address":"+13115552368","proxy_address":"+1\udc00"}]}""", "Channel.participants[0].proxy_address")]
    public async Task Hostile_json_in_a_create_parameter_is_a_400_naming_the_field(string parameter, string json, string field)
    {
        var (emu, http, _) = await Start();
        await using var _emu = emu;
        using var _http = http;
        var fields = parameter == "Channel" ? new[] { ("Channel", json), ("Routing", ApiRouting) } : new[] { ("Channel", SmsChannel), ("Routing", json) };

        var answer = await Send(http, HttpMethod.Post, "/v1/Interactions", Form(fields));

        AssertTwilioError(400, answer);
        Assert.Equal(20001, answer.Body["code"]!.GetValue<int>());
        Assert.StartsWith($"Invalid {field}: ", answer.Body["message"]!.GetValue<string>());
        Assert.Equal(0, emu.InteractionCount);
    }

    [Theory]
    [InlineData("""{"status":"closed","status":"open"}""", "Routing.status")]
    [InlineData("""{"status":"closed","n":18446744073709551616}""", "Routing.n")]
    [InlineData("""{"status":"closed","note":"\ud800"}""", "Routing.note")]
    public async Task Hostile_json_in_routing_on_a_channel_update_is_a_400_and_leaves_the_channel_as_it_was(string routing, string field)
    {
        var (emu, http, _) = await Start();
        await using var _emu = emu;
        using var _http = http;
        var (kd, uo) = await CreateApiSms(http);
        string before = emu.StateSnapshot();

        var answer = await Send(http, HttpMethod.Post, $"/v1/Interactions/{kd}/Channels/{uo}", Form(("Status", "closed"), ("Routing", routing)));

        AssertTwilioError(400, answer);
        Assert.StartsWith($"Invalid {field}: ", answer.Body["message"]!.GetValue<string>());
        Assert.Equal(before, emu.StateSnapshot());
        Assert.Equal("setup", (await Send(http, HttpMethod.Get, $"/v1/Interactions/{kd}/Channels/{uo}")).Body["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"type":"warm","type":"cold"}""", "type")]
    [InlineData("""{"type":"warm","from":"\ud800"}""", "from")]
    [InlineData("""{"type":"warm","to":"x","n":99999999999999999999999}""", "n")]
    [InlineData("""{"type":"warm","to":"x","n":1e400}""", "n")]
    [InlineData("""{"\ud800":"x"}""", "body")]
    public async Task Hostile_json_in_a_transfer_body_is_a_400_naming_the_field_and_creates_no_transfer(string body, string field)
    {
        var (emu, http, _) = await Start();
        await using var _emu = emu;
        using var _http = http;
        var (kd, uo) = await CreateApiSms(http);
        string before = emu.StateSnapshot();

        var answer = await Send(http, HttpMethod.Post, $"/v1/Interactions/{kd}/Channels/{uo}/Transfers", new StringContent(body, Encoding.UTF8, "application/json"));

        AssertTwilioError(400, answer);
        Assert.StartsWith($"Invalid {field}: ", answer.Body["message"]!.GetValue<string>());
        Assert.Equal(before, emu.StateSnapshot());
    }

    // ---- patterns match the whole value: a trailing line break is refused (.NET's '$' also matches before a final '\n') ----

    private const string Hex32 = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    public static IEnumerable<object[]> TrailingLineBreaks()
    {
        foreach (string end in new[] { "\n", "\r\n" })
        {
            string json = end.Replace("\r", "\\r").Replace("\n", "\\n"); // the same break, written in a JSON string
            yield return new object[] { "InteractionContextSid", SmsChannel, ApiRouting, "HQ" + Hex32 + end };
            yield return new object[] { "Routing.properties.workspace_sid", SmsChannel, $$$"""{"properties":{"workspace_sid":"WS{{{Hex32}}}{{{json}}}"}}""", null! };
            yield return new object[] { "Routing.properties.queue_sid", SmsChannel, $$$"""{"properties":{"workspace_sid":"WS{{{Hex32}}}","queue_sid":"WQ{{{Hex32}}}{{{json}}}"}}""", null! };
            yield return new object[] { "Channel.properties.media_channel_sid", $$$"""{"type":"chat","initiated_by":"api","properties":{"media_channel_sid":"CH{{{Hex32}}}{{{json}}}"}}""", ApiRouting, null! };
            yield return new object[] { "Channel.sid", $$$"""{"type":"sms","initiated_by":"api","sid":"UO{{{Hex32}}}{{{json}}}"}""", ApiRouting, null! };
        }
    }

    [Theory]
    [MemberData(nameof(TrailingLineBreaks))]
    public async Task A_pattern_checked_field_with_a_trailing_line_break_is_a_400_and_creates_nothing(string field, string channel, string routing, string? contextSid)
    {
        var (emu, http, _) = await Start();
        await using var _emu = emu;
        using var _http = http;
        var fields = new List<(string, string)> { ("Channel", channel), ("Routing", routing) };
        if (contextSid is not null) fields.Add(("InteractionContextSid", contextSid));
        string before = emu.StateSnapshot();

        var answer = await Send(http, HttpMethod.Post, "/v1/Interactions", Form(fields.ToArray()));

        AssertTwilioError(400, answer);
        string message = answer.Body["message"]!.GetValue<string>();
        Assert.Contains(field, message);
        // Inside JSON the pattern itself refuses the value (besides maxLength): a pattern-only field would be refused too.
        if (field.Contains('.')) Assert.Contains($"{field}: PatternMismatch", message);
        Assert.Equal(0, emu.InteractionCount);
        Assert.Equal(before, emu.StateSnapshot());
    }

    [Theory]
    [InlineData("HQ" + Hex32 + "a")]
    [InlineData("HQaaaa")]
    public async Task An_interaction_context_sid_of_the_wrong_length_is_a_400(string contextSid)
    {
        var (emu, http, _) = await Start();
        await using var _emu = emu;
        using var _http = http;

        var answer = await Send(http, HttpMethod.Post, "/v1/Interactions", Form(("Channel", SmsChannel), ("Routing", ApiRouting), ("InteractionContextSid", contextSid)));

        AssertTwilioError(400, answer);
        Assert.StartsWith("Invalid InteractionContextSid", answer.Body["message"]!.GetValue<string>());
        Assert.Equal(0, emu.InteractionCount);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public async Task A_participant_routing_property_with_a_trailing_line_break_is_a_400_and_adds_no_participant(string end)
    {
        var (emu, http, _) = await Start();
        await using var _emu = emu;
        using var _http = http;
        var (kd, uo) = await CreateApiSms(http);
        string before = emu.StateSnapshot();

        var answer = await Send(http, HttpMethod.Post, $"/v1/Interactions/{kd}/Channels/{uo}/Participants", Form(("Type", "agent"), ("MediaProperties", """{"identity":"ann"}"""),
            ("RoutingProperties", $$$"""{"workspace_sid":"WS{{{Hex32}}}","task_sid":"WT{{{Hex32}}}{{{end.Replace("\r", "\\r").Replace("\n", "\\n")}}}"}""")));

        AssertTwilioError(400, answer);
        Assert.StartsWith("Invalid RoutingProperties", answer.Body["message"]!.GetValue<string>());
        Assert.Equal(before, emu.StateSnapshot());
    }

    [Fact]
    public async Task A_participant_address_with_a_lone_surrogate_is_a_400_and_adds_no_participant()
    {
        var (emu, http, _) = await Start();
        await using var _emu = emu;
        using var _http = http;
        var (kd, uo) = await CreateApiSms(http);
        string before = emu.StateSnapshot();

        var answer = await Send(http, HttpMethod.Post, $"/v1/Interactions/{kd}/Channels/{uo}/Participants",
            Form(("Type", "customer"), ("MediaProperties", """{"address":"\ud83d","proxy_address":"+14155559999"}""")));

        AssertTwilioError(400, answer);
        Assert.StartsWith("Invalid MediaProperties.address: ", answer.Body["message"]!.GetValue<string>());
        Assert.Equal(before, emu.StateSnapshot());
    }

    // ---- paging never wraps around ----

    [Theory]
    [InlineData("PageSize=1000&PageToken=PT2147483000")]
    [InlineData("PageSize=1000&Page=3&PageToken=PT2147483646")]
    [InlineData("PageSize=1&PageToken=PT5")]
    public async Task A_page_token_past_the_end_is_an_empty_last_page(string query)
    {
        var (emu, http, _) = await Start();
        await using var _emu = emu;
        using var _http = http;
        var (kd, uo) = await CreateApiSms(http);

        var answer = await Send(http, HttpMethod.Get, $"/v1/Interactions/{kd}/Channels/{uo}/Participants?{query}");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Empty(answer.Body["participants"]!.AsArray());
        Assert.Null(answer.Body["meta"]!["next_page_url"]);
        string? previous = answer.Body["meta"]!["previous_page_url"]?.GetValue<string>();
        if (previous is not null) Assert.DoesNotContain("-", new Uri(previous).Query);
    }

    [Theory]
    [InlineData("Page=2147483647", "Page")]
    [InlineData("Page=-1", "Page")]
    [InlineData("Page=x", "Page")]
    [InlineData("Page=99999999999", "Page")]
    [InlineData("PageToken=PT2147483647", "PageToken")]
    [InlineData("PageToken=PT-1", "PageToken")]
    [InlineData("PageToken=PT99999999999", "PageToken")]
    public async Task A_page_or_page_token_out_of_range_is_a_400(string query, string field)
    {
        var (emu, http, _) = await Start();
        await using var _emu = emu;
        using var _http = http;
        var (kd, uo) = await CreateApiSms(http);
        Assert.Equal(HttpStatusCode.Created, (await Send(http, HttpMethod.Post, $"/v1/Interactions/{kd}/Channels/{uo}/Participants",
            Form(("Type", "agent"), ("MediaProperties", """{"identity":"ann"}""")))).Status);

        var answer = await Send(http, HttpMethod.Get, $"/v1/Interactions/{kd}/Channels/{uo}/Participants?PageSize=1&{query}");

        AssertTwilioError(400, answer);
        Assert.StartsWith($"Invalid {field}: ", answer.Body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_next_page_of_the_highest_page_number_is_not_linked_rather_than_wrapping()
    {
        var (emu, http, _) = await Start();
        await using var _emu = emu;
        using var _http = http;
        var (kd, uo) = await CreateApiSms(http);
        string participants = $"/v1/Interactions/{kd}/Channels/{uo}/Participants";
        Assert.Equal(HttpStatusCode.Created, (await Send(http, HttpMethod.Post, participants, Form(("Type", "agent"), ("MediaProperties", """{"identity":"ann"}""")))).Status);

        var ordinary = await Send(http, HttpMethod.Get, participants + "?PageSize=1&Page=7");
        Assert.EndsWith("PageSize=1&Page=8&PageToken=PT1", ordinary.Body["meta"]!["next_page_url"]!.GetValue<string>());

        var highest = await Send(http, HttpMethod.Get, participants + "?PageSize=1&Page=2147483646");
        Assert.Equal(HttpStatusCode.OK, highest.Status);
        Assert.Single(highest.Body["participants"]!.AsArray());
        Assert.Null(highest.Body["meta"]!["next_page_url"]);
    }

    // ---- every URL in an answer is on the origin the request came in on ----

    /// <summary>Every string in an answer that is an absolute URL.</summary>
    private static IEnumerable<string> Urls(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Urls(p.Value)),
        JsonArray a => a.SelectMany(Urls),
        JsonValue v when v.TryGetValue<string>(out var text) && text.StartsWith("http", StringComparison.Ordinal) => new[] { text },
        _ => Array.Empty<string>(),
    };

    [Theory]
    [InlineData("localhost")]
    [InlineData("LOCALHOST")]
    [InlineData("[::1]")]
    [InlineData("emulator.test")]
    public async Task Every_url_in_an_answer_is_on_the_host_the_client_called(string host)
    {
        var (emu, http, _) = await Start();
        await using var _emu = emu;
        using var _http = http;
        var created = await EmulatorTaskRouterTests.CreateInteraction(http);
        string conversation = JsonNode.Parse((await Send(http, HttpMethod.Get, created.TaskPath)).Body["attributes"]!.GetValue<string>())!["conversationSid"]!.GetValue<string>();
        await Send(http, HttpMethod.Post, $"/v1/Interactions/{created.Kd}/Channels/{created.Uo}/Participants", Form(("Type", "agent"), ("MediaProperties", """{"identity":"ann"}""")));
        string origin = $"http://{host.ToLowerInvariant()}:{emu.BaseAddress.Port}";

        foreach (string path in new[]
        {
            $"/v1/Interactions/{created.Kd}", $"/v1/Interactions/{created.Kd}/Channels", $"/v1/Interactions/{created.Kd}/Channels/{created.Uo}",
            $"/v1/Interactions/{created.Kd}/Channels/{created.Uo}/Participants?PageSize=1", $"/v1/Interactions/{created.Kd}/Channels/{created.Uo}/Invites",
            created.TaskPath, $"/v1/Workspaces/{created.Ws}/Tasks?PageSize=1&AssignmentStatus=pending", $"/v1/Conversations/{conversation}",
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Host = $"{host}:{emu.BaseAddress.Port}"; // sent to 127.0.0.1, as a client that called this host would
            using var response = await http.SendAsync(request);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var urls = Urls(body).ToList();
            Assert.NotEmpty(urls);
            foreach (string url in urls)
            {
                Assert.StartsWith(origin + "/v1/", url, StringComparison.OrdinalIgnoreCase);
                Assert.True(Uri.IsWellFormedUriString(url, UriKind.Absolute), url); // nothing left unescaped
            }
        }
    }

    [Fact]
    public async Task A_page_url_keeps_the_filters_escaped()
    {
        var (emu, http, _) = await Start();
        await using var _emu = emu;
        using var _http = http;
        var created = await EmulatorTaskRouterTests.CreateInteraction(http);
        await EmulatorTaskRouterTests.CreateInteraction(http);

        var page = await Send(http, HttpMethod.Get, $"/v1/Workspaces/{created.Ws}/Tasks?PageSize=1&Ordering=Priority%3Adesc&AssignmentStatus=pending%2Creserved");

        string next = page.Body["meta"]!["next_page_url"]!.GetValue<string>();
        Assert.Equal($"{emu.BaseAddress.GetLeftPart(UriPartial.Authority)}/v1/Workspaces/{created.Ws}/Tasks?Ordering=Priority%3Adesc&AssignmentStatus=pending%2Creserved&PageSize=1&Page=1&PageToken=PT1", next);
        Assert.Equal(HttpStatusCode.OK, (await Send(http, HttpMethod.Get, next)).Status);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("CH123")]
    [InlineData("CHaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n")]
    [InlineData("")]
    public async Task Registering_a_conversation_that_is_not_a_sid_throws(string sid)
    {
        var (emu, http, _) = await Start();
        await using var _emu = emu;
        using var _http = http;
        string before = emu.StateSnapshot();

        var ex = Assert.Throws<ArgumentException>(() => emu.AddConversation(sid));

        Assert.Equal("conversationSid", ex.ParamName);
        Assert.Equal(before, emu.StateSnapshot());
    }

    // ---- state stays consistent ----

    [Theory]
    [InlineData("active", "inactive", true)]
    [InlineData("active", "closed", true)]
    [InlineData("inactive", "closed", true)]
    [InlineData("inactive", "inactive", true)]
    [InlineData("closed", "inactive", false)]
    [InlineData("closed", "closed", false)]
    [InlineData("failed", "closed", false)]
    [InlineData("failed", "inactive", false)]
    public async Task Channel_status_changes_follow_the_documented_lifecycle(string from, string to, bool legal)
    {
        var (emu, http, clock) = await Start();
        await using var _emu = emu;
        using var _http = http;
        string kd, uo;
        if (from == "failed")
        {
            // A customer-initiated channel naming a Conversation the emulator does not know fails validation (19025).
            var created = await Send(http, HttpMethod.Post, "/v1/Interactions", Form(
                ("Channel", """{"type":"sms","initiated_by":"customer","properties":{"media_channel_sid":"CHaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}}"""), ("Routing", ApiRouting)));
            (kd, uo) = (created.Body["sid"]!.GetValue<string>(), created.Body["channel"]!["sid"]!.GetValue<string>());
        }
        else (kd, uo) = await CreateApiSms(http);
        clock.Advance(TimeSpan.FromSeconds(2)); // setup is over
        string channel = $"/v1/Interactions/{kd}/Channels/{uo}";
        if (from is "inactive" or "closed")
            Assert.Equal(HttpStatusCode.OK, (await Send(http, HttpMethod.Post, channel, Form(("Status", from), ("Routing", """{"status":"closed"}""")))).Status);
        Assert.Equal(from, (await Send(http, HttpMethod.Get, channel)).Body["status"]!.GetValue<string>());

        var answer = await Send(http, HttpMethod.Post, channel, Form(("Status", to), ("Routing", """{"status":"closed"}""")));

        if (legal)
        {
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            Assert.Equal(to, answer.Body["status"]!.GetValue<string>());
        }
        else
        {
            AssertTwilioError(400, answer);
            Assert.Contains($"the channel is {from}", answer.Body["message"]!.GetValue<string>());
            Assert.Equal(from, (await Send(http, HttpMethod.Get, channel)).Body["status"]!.GetValue<string>());
        }
    }

    /// <summary>A channel that is closed (by an update) or failed (a customer channel naming a Conversation nobody registered), once setup is over.</summary>
    private static async Task<(string Kd, string Uo)> FinalChannel(HttpClient http, EmulatorClock clock, string status)
    {
        string kd, uo;
        if (status == "failed")
        {
            var created = await Send(http, HttpMethod.Post, "/v1/Interactions", Form(
                ("Channel", """{"type":"sms","initiated_by":"customer","properties":{"media_channel_sid":"CHbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"}}"""), ("Routing", ApiRouting)));
            (kd, uo) = (created.Body["sid"]!.GetValue<string>(), created.Body["channel"]!["sid"]!.GetValue<string>());
        }
        else (kd, uo) = await CreateApiSms(http);
        clock.Advance(TimeSpan.FromSeconds(2));
        if (status == "closed")
            Assert.Equal(HttpStatusCode.OK, (await Send(http, HttpMethod.Post, $"/v1/Interactions/{kd}/Channels/{uo}", Form(("Status", "closed")))).Status);
        Assert.Equal(status, (await Send(http, HttpMethod.Get, $"/v1/Interactions/{kd}/Channels/{uo}")).Body["status"]!.GetValue<string>());
        return (kd, uo);
    }

    [Theory]
    [InlineData("closed", "Invites")]
    [InlineData("closed", "Participants")]
    [InlineData("closed", "Transfers")]
    [InlineData("failed", "Invites")]
    [InlineData("failed", "Participants")]
    [InlineData("failed", "Transfers")]
    public async Task Nothing_is_added_to_a_closed_or_failed_channel(string status, string what)
    {
        var (emu, http, clock) = await Start();
        await using var _emu = emu;
        using var _http = http;
        var (kd, uo) = await FinalChannel(http, clock, status);
        int tasks = emu.Tasks(uo).Count;
        string before = emu.StateSnapshot();
        HttpContent content = what switch
        {
            "Invites" => Form(("Routing", ApiRouting)),
            "Participants" => Form(("Type", "agent"), ("MediaProperties", """{"identity":"ann"}""")),
            _ => new StringContent("""{"type":"cold"}""", Encoding.UTF8, "application/json"),
        };

        var answer = await Send(http, HttpMethod.Post, $"/v1/Interactions/{kd}/Channels/{uo}/{what}", content);

        AssertTwilioError(400, answer);
        Assert.Contains($"channel {uo} is {status}", answer.Body["message"]!.GetValue<string>());
        Assert.Equal(before, emu.StateSnapshot());
        Assert.Equal(tasks, emu.Tasks(uo).Count);
    }

    [Fact]
    public async Task An_inactive_channel_still_takes_an_invite()
    {
        var (emu, http, clock) = await Start();
        await using var _emu = emu;
        using var _http = http;
        var (kd, uo) = await CreateApiSms(http);
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(HttpStatusCode.OK, (await Send(http, HttpMethod.Post, $"/v1/Interactions/{kd}/Channels/{uo}", Form(("Status", "inactive"), ("Routing", """{"status":"closed"}""")))).Status);

        var invited = await Send(http, HttpMethod.Post, $"/v1/Interactions/{kd}/Channels/{uo}/Invites", Form(("Routing", ApiRouting)));

        Assert.Equal(HttpStatusCode.Created, invited.Status);
        Assert.Equal(new[] { "completed", "pending" }, emu.Tasks(uo).Select(t => t.Status)); // Routing.status closed completed the first
    }

    [Theory]
    [InlineData("customer", "closed")]
    [InlineData("agent", "closed")]
    [InlineData("api", "closed")]
    [InlineData("customer", "timer")]
    public async Task A_channel_naming_a_closed_conversation_is_refused_and_creates_nothing(string initiatedBy, string how)
    {
        var (emu, http, clock) = await Start();
        await using var _emu = emu;
        using var _http = http;
        const string Closed = "CHcccccccccccccccccccccccccccccccc";
        emu.AddConversation(Closed);
        var closing = how == "closed" ? Form(("State", "closed")) : Form(("Timers.Closed", "PT10M"));
        Assert.Equal(HttpStatusCode.OK, (await Send(http, HttpMethod.Post, $"/v1/Conversations/{Closed}", closing)).Status);
        if (how == "timer") clock.Advance(TimeSpan.FromMinutes(10)); // the timer closes it; nothing has read it since
        string before = emu.StateSnapshot();
        string participants = initiatedBy == "customer" ? "" : ""","participants":[{"address":"+13115552368","proxy_address":"+14155559999"}]""";

        var answer = await Send(http, HttpMethod.Post, "/v1/Interactions", Form(
            ("Channel", $$$"""{"type":"sms","initiated_by":"{{{initiatedBy}}}","properties":{"media_channel_sid":"{{{Closed}}}"}{{{participants}}}}"""),
            ("Routing", initiatedBy == "agent" ? AgentRouting : ApiRouting)));

        AssertTwilioError(400, answer);
        Assert.Contains($"Conversation {Closed} is closed", answer.Body["message"]!.GetValue<string>());
        Assert.Equal(0, emu.InteractionCount);
        Assert.Equal(before, emu.StateSnapshot());
    }

    // ---- a snapshot sees what is due, as a lookup does, so a refused request leaves it equal ----

    [Theory]
    [InlineData("setup")]
    [InlineData("expiry")]
    [InlineData("timer")]
    public async Task A_refused_request_after_the_clock_passed_a_due_moment_leaves_the_snapshot_equal(string due)
    {
        var (emu, http, clock) = await Start();
        await using var _emu = emu;
        using var _http = http;
        var created = await EmulatorTaskRouterTests.CreateInteraction(http);
        string channel = $"/v1/Interactions/{created.Kd}/Channels/{created.Uo}";
        string conversation = "/v1/Conversations/" + JsonNode.Parse((await Send(http, HttpMethod.Get, created.TaskPath)).Body["attributes"]!.GetValue<string>())!["conversationSid"]!.GetValue<string>();
        if (due == "timer") Assert.Equal(HttpStatusCode.OK, (await Update(http, conversation, ("Timers.Inactive", "PT5M"))).Status);
        clock.Advance(due switch { "setup" => TimeSpan.FromSeconds(2), "expiry" => TimeSpan.FromDays(181), _ => TimeSpan.FromMinutes(5) });
        string before = emu.StateSnapshot();

        // Each looks the channel or Conversation up (which settles it), then is refused.
        var answer = due == "timer"
            ? await Update(http, conversation, ("State", "open"))
            : await Update(http, channel, ("Status", "open"));

        Assert.True((int)answer.Status is 400 or 404, answer.Body.ToJsonString());
        Assert.Equal(before, emu.StateSnapshot());
        var state = JsonNode.Parse(before)!;
        var channels = state["interactions"]![0]!["channels"]!.AsArray();
        if (due == "setup") Assert.Equal("active", channels.Single()!["status"]!.GetValue<string>());
        if (due == "expiry") Assert.Empty(channels);
        if (due == "timer") Assert.Equal("inactive", state["conversations"]![0]!["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Channel_sid_binds_to_the_existing_channel_and_keeps_each_interactions_tasks_its_own()
    {
        var (emu, http, _) = await Start();
        await using var _emu = emu;
        using var _http = http;
        var (kdA, uoA) = await CreateApiSms(http);
        var (kdB, uoB) = await CreateApiSms(http);

        var bound = await Send(http, HttpMethod.Post, "/v1/Interactions", Form(("Channel", $$"""{"type":"sms","initiated_by":"api","sid":"{{uoA}}"}"""), ("Routing", ApiRouting)));

        Assert.Equal(HttpStatusCode.Created, bound.Status);
        Assert.Equal(kdA, bound.Body["sid"]!.GetValue<string>());
        Assert.Equal(uoA, bound.Body["channel"]!["sid"]!.GetValue<string>());
        Assert.Equal(2, emu.Tasks(uoA).Count);
        Assert.Single(emu.Tasks(uoB));
        Assert.Equal(2, emu.InteractionCount);

        AssertTwilioError(400, await Send(http, HttpMethod.Post, "/v1/Interactions", Form(("Channel", """{"type":"sms","initiated_by":"api","sid":"UObbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"}"""), ("Routing", ApiRouting))));
        AssertTwilioError(400, await Send(http, HttpMethod.Post, "/v1/Interactions", Form(("Channel", $$"""{"type":"chat","initiated_by":"api","sid":"{{uoB}}"}"""), ("Routing", ApiRouting))));
        Assert.Equal(2, emu.InteractionCount);
    }

    [Fact]
    public async Task Public_members_are_safe_to_call_while_requests_run()
    {
        var (emu, http, _) = await Start();
        await using var _emu = emu;
        using var _http = http;

        var requests = Enumerable.Range(0, 40).Select(_ => CreateApiSms(http)).ToList();
        var calls = Enumerable.Range(0, 400).Select(i => Task.Run(() =>
        {
            emu.AddConversation("CH" + i.ToString("x32"));
            _ = emu.InteractionCount;
            _ = emu.Tasks("UO" + i.ToString("x32"));
        })).ToList();
        await Task.WhenAll(requests.Concat(calls));

        Assert.Equal(40, emu.InteractionCount);
        foreach (var (_, uo) in requests.Select(r => r.Result)) Assert.Single(emu.Tasks(uo));
    }

    [Fact]
    public async Task Started_on_a_wildcard_address_the_banner_shows_the_address_bound()
    {
        await using var emu = await FlexEmulator.StartAsync(new FlexEmulatorOptions { Urls = "http://0.0.0.0:0" });

        var bound = Assert.Single(emu.ListenAddresses);
        Assert.Equal("0.0.0.0", bound.Host);
        Assert.Contains($"listening on http://0.0.0.0:{bound.Port}", emu.Banner());
        Assert.Equal(new Uri($"http://127.0.0.1:{bound.Port}/"), emu.BaseAddress);
    }

    [Fact]
    public async Task The_banner_shows_the_default_test_token_but_never_one_the_user_gave()
    {
        const string Chosen = "6b1f0c9e2d8a4f7b3c5e9a1d0f2b4c6e";
        await using (var given = await FlexEmulator.StartAsync(new FlexEmulatorOptions { AuthToken = Chosen }))
        {
            Assert.DoesNotContain(Chosen.Substring(0, 8), given.Banner());
            Assert.Contains("not shown", given.Banner());
        }
        await using var defaults = await FlexEmulator.StartAsync();
        Assert.Contains("auth token emulator-auth-token", defaults.Banner());
    }
}

using System;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using CsCheck;
using Xunit;

namespace FlexCodegen.Client.Tests;

/// <summary>
/// Property: whatever arrives at the emulator's create-interaction, update-channel, participants and transfer endpoints
/// (and, in a second property, at TaskRouter's Update Task and Conversations' Update Conversation)
/// (random JSON shapes, wrong types, duplicate keys, lone surrogates, huge numbers and strings, truncated JSON, random
/// field names and content types), the answer is never a 5xx, and a 4xx (in Twilio's shape) changes nothing.
/// A fixed seed and a small count by default; set FLEXCODEGEN_PROPERTY_ITERATIONS for a longer run.
/// </summary>
public class EmulatorPropertyTests
{
    private static readonly long Iterations =
        long.TryParse(Environment.GetEnvironmentVariable("FLEXCODEGEN_PROPERTY_ITERATIONS"), out long n) && n > 0 ? n : 150;

    /// <summary>A fixed seed, so CI runs the same requests every time (CsCheck's seed text: stream, then 16 hex digits of state).</summary>
    private const string Seed = "1000000000000002A";

    internal sealed record HostileRequest(string Endpoint, string? ContentType, string Body)
    {
        public override string ToString() =>
            $"POST {Endpoint} [{ContentType ?? "no content type"}] {(Body.Length > 400 ? Body[..400] + $"… ({Body.Length} chars)" : Body)}";
    }

    // ---- generators ----

    private static Gen<T> Pick<T>(params (int Weight, Gen<T> Gen)[] choices)
    {
        int total = choices.Sum(c => c.Weight);
        return Gen.Int[0, total - 1].SelectMany(roll =>
        {
            foreach (var (weight, gen) in choices)
            {
                if (roll < weight) return gen;
                roll -= weight;
            }
            return choices[^1].Gen;
        });
    }

    private static Gen<string> Constant(params string[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    private static readonly string[] Keys =
    {
        "type", "initiated_by", "participants", "properties", "sid", "address", "proxy_address", "identity", "name", "level",
        "workspace_sid", "task_channel_unique_name", "queue_sid", "worker_sid", "task_sid", "status", "media_channel_sid",
        "from", "to", "attributes", "timeout", "priority",
    };

    /// <summary>Pieces of a JSON string's inside: plain text, valid escapes, and lone surrogates (<c>\ud800</c>, <c>\udc00</c>).</summary>
    private static readonly Gen<string> StringInside = Constant(
            "a", "sms", "api", "agent", "customer", "closed", "warm", "+13115552368", "whatsapp:+1", "ann@example.com", "é", "\\\"", "\\\\",
            "\\u0000", "\\ud800", "\\udc00", "\\ud83d\\ude00", "\\ud83d", "WS" + new string('a', 32), "WT" + new string('b', 32), "%", "&", "=")
        .Array[0, 4].Select(parts => string.Concat(parts));

    private static readonly Gen<string> JsonString = Pick(
        (12, StringInside.Select(s => "\"" + s + "\"")),
        (1, Gen.Int[1, 200_000].Select(length => "\"" + new string('x', length) + "\"")));

    private static readonly Gen<string> JsonNumber = Pick(
        (3, Gen.Long.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        (2, Gen.Int[19, 400].Select(digits => new string('9', digits))),
        (1, Gen.Int[19, 60].Select(digits => "-" + new string('9', digits))),
        (2, Constant("9223372036854775807", "9223372036854775808", "-9223372036854775809", "18446744073709551616",
            "1e400", "-1e400", "1e-400", "0.5", "1E308", "79228162514264337593543950336", "1.0", "-0", "100000000000000000000.0")));

    private static Gen<string> JsonValue(int depth)
    {
        var scalar = Pick((6, JsonString), (4, JsonNumber), (1, Constant("true", "false", "null")));
        if (depth == 0) return scalar;
        var value = JsonValue(depth - 1);
        var key = Pick((5, Constant(Keys)), (1, StringInside));
        var member = Gen.Select(key, value, (k, v) => "\"" + k + "\":" + v);
        var obj = member.Array[0, 5].Select(members => "{" + string.Join(",", members) + "}");
        var array = value.Array[0, 3].Select(items => "[" + string.Join(",", items) + "]");
        return Pick((4, scalar), (3, obj), (2, array));
    }

    private static readonly Gen<string> AnyJson = JsonValue(3);

    /// <summary>A valid value with one member put in front (a duplicate key or a wrong type when the key is taken), into the top object or the first nested one.</summary>
    private static Gen<string> Tampered(string valid) =>
        Gen.Select(Constant(Keys), JsonValue(1), Gen.Bool, (key, value, nested) =>
        {
            int at = nested && valid.IndexOf('{', 1) is int inner and > 0 ? inner : 0;
            return valid[..(at + 1)] + "\"" + key + "\":" + value + "," + valid[(at + 1)..];
        });

    /// <summary>What goes into one JSON-valued parameter: valid, tampered, random, truncated, or not JSON at all.</summary>
    private static Gen<string> JsonParameter(params string[] valid) => Pick(
        (2, Constant(valid)),
        (4, Constant(valid).SelectMany(Tampered)),
        (3, AnyJson),
        (2, Gen.Select(Pick((1, Constant(valid)), (1, Constant(valid).SelectMany(Tampered)), (1, AnyJson)), Gen.Double.Unit,
            (json, cut) => json[..(int)(json.Length * cut)])),
        (1, Constant("", "x", "{", "}", "[", "\"", "{\"a\":}", "[1,]", "{\"a\"::1}", "{'a':1}", "nul", "\ufeff{}")));

    private static Gen<string> PlainParameter(params string[] values) => Pick((4, Constant(values)), (1, StringInside), (1, AnyJson));

    private static readonly string SmsChannel = """{"type":"sms","initiated_by":"api","participants":[{"address":"+13115552368","proxy_address":"+14155559999"}]}""";
    private static readonly string CustomerChannel = """{"type":"chat","initiated_by":"customer","properties":{"media_channel_sid":"CHaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}}""";
    private static readonly string AgentRouting = """{"properties":{"workspace_sid":"WSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","queue_sid":"WQaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","worker_sid":"WKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}}""";

    private static Gen<(string Name, string Value)> Field(string name, Gen<string> value) => value.Select(v => (name, v));

    private static Gen<string> FormBody(params Gen<(string Name, string Value)>[] known)
    {
        var randomName = Pick((3, Constant(Keys)), (1, Constant("Channel", "Routing", "Status", "Type", "channel", "CHANNEL", "Channel[]", "Routing.status")), (1, StringInside));
        var random = Gen.Select(randomName, PlainParameter("x", "1", "closed"), (name, value) => (name, value));
        var all = known.Select(field => Pick((5, field.Select(f => new[] { f })), (1, Gen.Const(Array.Empty<(string, string)>())), (1, field.Array[2, 3])))
            .Append(random.Array[0, 3]);
        return all.Aggregate(Gen.Const(Enumerable.Empty<(string Name, string Value)>()), (acc, next) => Gen.Select(acc, next, (a, b) => a.Concat(b)))
            .Select(fields => string.Join("&", fields.Select(f => Uri.EscapeDataString(f.Name) + "=" + Uri.EscapeDataString(f.Value))));
    }

    private static readonly Gen<string> FormContentType = Pick(
        (8, Gen.Const("application/x-www-form-urlencoded")),
        (1, Constant("application/x-www-form-urlencoded; charset=utf-8", "application/x-www-form-urlencoded; charset=utf-16",
            "application/x-www-form-urlencoded; charset=nonsense", "Application/X-WWW-Form-Urlencoded")),
        (2, Constant("application/json", "text/plain", "multipart/form-data; boundary=xyz", "multipart/form-data", "application/octet-stream", "*/*", "")));

    private static readonly Gen<string?> JsonContentType = Pick(
        (6, Gen.Const<string?>("application/json")),
        (2, Gen.Const((string?)null)),
        (2, Constant("application/json; charset=utf-16", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz").Select(s => (string?)s)));

    private static readonly Gen<HostileRequest> Requests = Pick(
        (3, Gen.Select(FormContentType, FormBody(
                Field("Channel", JsonParameter(SmsChannel, CustomerChannel)),
                Field("Routing", JsonParameter(EmulatorHardeningTests.ApiRouting, AgentRouting)),
                Field("InteractionContextSid", PlainParameter("HRaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "HR1")),
                Field("WebhookTtid", PlainParameter("flex_interactionwebhook_00000000000000000000000000"))),
            (type, body) => new HostileRequest("create-interaction", type, body))),
        (2, Gen.Select(FormContentType, FormBody(
                Field("Status", PlainParameter("closed", "inactive", "active", "setup")),
                Field("Routing", JsonParameter("""{"status":"closed"}""", """{"status":"open"}"""))),
            (type, body) => new HostileRequest("update-channel", type, body))),
        (2, Gen.Select(FormContentType, FormBody(
                Field("Type", PlainParameter("agent", "customer", "supervisor", "external", "unknown")),
                Field("MediaProperties", JsonParameter("""{"identity":"ann"}""", """{"address":"+13115552368","proxy_address":"+14155559999"}""")),
                Field("RoutingProperties", JsonParameter("""{"workspace_sid":"WSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","task_sid":"WTaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}"""))),
            (type, body) => new HostileRequest("create-participant", type, body))),
        (2, Gen.Select(JsonContentType, JsonParameter("""{"type":"warm","from":"WKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","to":"WKbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"}""", """{"type":"cold"}""", "{}"),
            (type, body) => new HostileRequest("create-transfer", type, body))));

    private static readonly Gen<string> StatusWord = PlainParameter("pending", "reserved", "assigned", "canceled", "wrapping", "completed", "closed", "active", "inactive", "initializing");

    /// <summary>Update Task and Update Conversation, with hostile fields and headers.</summary>
    private static readonly Gen<(HostileRequest Request, string Header, string HeaderValue)> FollowRequests = Gen.Select(
        Pick(
            (3, Gen.Select(FormContentType, FormBody(
                    Field("AssignmentStatus", StatusWord),
                    Field("Reason", PlainParameter("done", "")),
                    Field("Attributes", JsonParameter("""{"vip":true}""", "{}")),
                    Field("Priority", PlainParameter("0", "5", "-1", "2147483648", "99999999999999999999", "1.5")),
                    Field("VirtualStartTime", PlainParameter("2025-12-31T23:00:00Z", "2999-01-01T00:00:00Z", "1800-01-01T00:00:00Z", "now")),
                    Field("TaskChannel", PlainParameter("sms", "voice"))),
                (type, body) => new HostileRequest("update-task", type, body))),
            (2, Gen.Select(FormContentType, FormBody(
                    Field("State", StatusWord),
                    Field("FriendlyName", PlainParameter("Ann")),
                    Field("UniqueName", PlainParameter("ann", "CHaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")),
                    Field("Attributes", JsonParameter("""{"topic":"x"}""")),
                    Field("MessagingServiceSid", PlainParameter("MGaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "MG1")),
                    Field("DateCreated", PlainParameter("2025-01-01T00:00:00Z", "yesterday")),
                    Field("Timers.Inactive", PlainParameter("PT1M", "PT1S", "P99999999999999999999D", "-PT5M", "P1Y")),
                    Field("Timers.Closed", PlainParameter("PT10M", "P100Y", "x"))),
                (type, body) => new HostileRequest("update-conversation", type, body)))),
        Constant("If-Match", "X-Twilio-Webhook-Enabled", "X-Other"),
        // Header values the client can send: printable ASCII (HttpClient refuses the rest before the server sees it).
        Pick((2, Constant("true", "false", "\"0\"", "*")), (1, StringInside.Select(v => new string(v.Where(ch => ch is >= ' ' and < '\x7f').ToArray())))),
        (request, header, value) => (request, header, value));

    [Fact]
    public async Task Hostile_task_and_conversation_updates_never_get_a_5xx_and_a_4xx_changes_nothing()
    {
        var (emu, http, _) = await EmulatorHardeningTests.Start();
        int accepted = 0, refused = 0;
        try
        {
            await FollowRequests.SampleAsync(Check, seed: Seed, iter: Iterations, threads: 1);
            Assert.True(accepted > 0 && refused > 0, $"accepted {accepted}, refused {refused}");
        }
        finally
        {
            http.Dispose();
            await emu.DisposeAsync();
        }

        async Task Check((HostileRequest Request, string Header, string HeaderValue) sample)
        {
            var (request, header, headerValue) = sample;
            if (emu.InteractionCount > 200)
            {
                http.Dispose();
                await emu.DisposeAsync();
                (emu, http, _) = await EmulatorHardeningTests.Start();
            }
            // A fresh task and Conversation each time, some of them already assigned, so every transition is tried.
            var created = await EmulatorTaskRouterTests.CreateInteraction(http);
            if (request.Body.Length % 3 == 0) emu.AcceptReservation(created.Wt);
            string path = created.TaskPath;
            if (request.Endpoint == "update-conversation")
            {
                var task = await EmulatorHardeningTests.Send(http, HttpMethod.Get, created.TaskPath);
                path = "/v1/Conversations/" + JsonNode.Parse(task.Body["attributes"]!.GetValue<string>())!["conversationSid"]!.GetValue<string>();
            }
            string before = emu.StateSnapshot();

            using var message = new HttpRequestMessage(HttpMethod.Post, path);
            if (request.ContentType is not null || request.Body.Length > 0)
            {
                message.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(request.Body));
                message.Content.Headers.ContentType = null;
                if (request.ContentType is not null) message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
            }
            message.Headers.TryAddWithoutValidation(header, headerValue);
            using var response = await http.SendAsync(message);
            string text = await response.Content.ReadAsStringAsync();
            int status = (int)response.StatusCode;

            Assert.True(status < 500, $"{request} [{header}: {headerValue}] answered {status}: {text}");
            if (status < 300) accepted++;
            if (status >= 400)
            {
                refused++;
                Assert.Equal(before, emu.StateSnapshot());
                var error = JsonNode.Parse(text)!.AsObject();
                Assert.Equal(status, error["status"]!.GetValue<int>());
                Assert.True(error["code"]!.GetValue<int>() > 0, text);
                Assert.True(error["message"]!.GetValue<string>().Length < 2000, text[..Math.Min(text.Length, 300)]);
            }
        }
    }

    // ---- the property ----

    [Fact]
    public async Task Hostile_requests_never_get_a_5xx_and_a_4xx_changes_nothing()
    {
        var (emu, http, _) = await EmulatorHardeningTests.Start();
        int accepted = 0, refused = 0;
        try
        {
            emu.AddConversation("CHaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
            await Requests.SampleAsync(Check, seed: Seed, iter: Iterations, threads: 1);
            // The requests reach both sides: some are accepted (the handlers run), most are refused.
            Assert.True(accepted > 0 && refused > 0, $"accepted {accepted}, refused {refused}");
        }
        finally
        {
            http.Dispose();
            await emu.DisposeAsync();
        }

        async Task Check(HostileRequest request)
        {
            if (emu.InteractionCount > 200)
            {
                // A fresh emulator now and then keeps each snapshot small, so a long run stays linear.
                http.Dispose();
                await emu.DisposeAsync();
                (emu, http, _) = await EmulatorHardeningTests.Start();
                emu.AddConversation("CHaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
            }
            string path = "/v1/Interactions";
            if (request.Endpoint != "create-interaction")
            {
                // A fresh channel each time, so an earlier closing does not hide what a later request would do.
                var (kd, uo) = await EmulatorHardeningTests.CreateApiSms(http);
                path = $"/v1/Interactions/{kd}/Channels/{uo}" + request.Endpoint switch
                {
                    "create-participant" => "/Participants",
                    "create-transfer" => "/Transfers",
                    _ => "",
                };
            }
            string before = emu.StateSnapshot();

            using var message = new HttpRequestMessage(HttpMethod.Post, path);
            if (request.ContentType is not null || request.Body.Length > 0)
            {
                message.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(request.Body));
                message.Content.Headers.ContentType = null;
                if (request.ContentType is not null) message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
            }
            using var response = await http.SendAsync(message);
            string text = await response.Content.ReadAsStringAsync();
            int status = (int)response.StatusCode;

            Assert.True(status < 500, $"{request} answered {status}: {text}");
            if (status < 300) accepted++;
            if (status >= 400)
            {
                refused++;
                Assert.Equal(before, emu.StateSnapshot());
                var error = JsonNode.Parse(text)!.AsObject();
                Assert.Equal(status, error["status"]!.GetValue<int>());
                Assert.True(error["code"]!.GetValue<int>() > 0, text);
            }
        }
    }
}

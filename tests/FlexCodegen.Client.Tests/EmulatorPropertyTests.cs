using System;
using System.Collections.Generic;
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
/// field names and content types, charsets in the Content-Type, SIDs with a trailing line break or one digit short or
/// over, values at and over a length limit, and the emulator's clock moved past due transitions first), the answer is
/// never a 5xx, a 4xx (in Twilio's shape) changes nothing, and an accepted one stores only whole SIDs where the spec
/// has a pattern. A fixed seed and a small count by default; set FLEXCODEGEN_PROPERTY_ITERATIONS for a longer run.
/// </summary>
public class EmulatorPropertyTests
{
    private static readonly long Iterations =
        long.TryParse(Environment.GetEnvironmentVariable("FLEXCODEGEN_PROPERTY_ITERATIONS"), out long n) && n > 0 ? n : 150;

    /// <summary>A fixed seed, so CI runs the same requests every time (CsCheck's seed text: stream, then 16 hex digits of state).</summary>
    private const string Seed = "1000000000000002A";

    /// <summary>A request, and how far the emulator's clock moves between making its target and sending it.</summary>
    internal sealed record HostileRequest(string Endpoint, string? ContentType, string Body, TimeSpan Advance = default)
    {
        public override string ToString() =>
            $"POST {Endpoint} [{ContentType ?? "no content type"}] after {Advance} {(Body.Length > 400 ? Body[..400] + $"… ({Body.Length} chars)" : Body)}";
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

    /// <summary>
    /// A value for a field the spec checks with <c>^XX[0-9a-fA-F]{32}$</c> and a length of 34: mostly the right form,
    /// else with a line break or space before or after it (.NET's <c>$</c> matches before a final <c>\n</c>), or with
    /// 30 to 34 digits (at and over the length limits).
    /// </summary>
    private static Gen<string> PatternChecked(string prefix)
    {
        var hex = Gen.Char["0123456789abcdefABCDEF"];
        var valid = hex.Array[32].Select(digits => prefix + new string(digits));
        var broken = Gen.Select(valid, Constant("\n", "\r\n", "\r", " ", "\n\n", "\t"), Gen.Bool,
            (sid, extra, before) => before ? extra + sid : sid + extra);
        var resized = Gen.Int[30, 34].SelectMany(n => hex.Array[n].Select(digits => prefix + new string(digits)));
        return Pick((4, valid), (3, broken), (2, resized));
    }

    /// <summary>A string as a JSON string literal (line breaks escaped), so a broken SID can be put inside JSON.</summary>
    private static string Quoted(string value) => System.Text.Json.JsonSerializer.Serialize(value);

    /// <summary>A <see cref="PatternChecked"/> value, and whether the spec's pattern and lengths let it through.</summary>
    private static Gen<(string Text, bool Passes)> Sid(string prefix) =>
        PatternChecked(prefix).Select(v => (v, System.Text.RegularExpressions.Regex.IsMatch(v, "^" + prefix + "[0-9a-fA-F]{32}\\z")));

    /// <summary>A Routing whose SIDs are <see cref="PatternChecked"/>: the schema's patterns and lengths run inside JSON.</summary>
    private static readonly Gen<(string Json, bool Passes)> RoutingWithSids = Gen.Select(Sid("WS"), Sid("WQ"), Sid("WK"), Gen.Int[0, 3],
        (ws, wq, wk, shape) => shape switch
        {
            0 => ($$$"""{"properties":{"workspace_sid":{{{Quoted(ws.Text)}}},"task_channel_unique_name":"sms"}}""", ws.Passes),
            1 => ($$$"""{"properties":{"workspace_sid":{{{Quoted(ws.Text)}}},"queue_sid":{{{Quoted(wq.Text)}}},"worker_sid":{{{Quoted(wk.Text)}}}}}""", ws.Passes && wq.Passes && wk.Passes),
            2 => ($$$"""{"properties":{"workspace_sid":"WSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","queue_sid":{{{Quoted(wq.Text)}}}}}""", wq.Passes),
            _ => ($$$"""{"properties":{"workspace_sid":"WSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","worker_sid":{{{Quoted(wk.Text)}}}}}""", wk.Passes),
        });

    /// <summary>An API-initiated SMS channel naming its Conversation (<c>media_channel_sid</c>) by a <see cref="PatternChecked"/> SID.</summary>
    private static readonly Gen<(string Json, bool Passes)> ChannelNamingAConversation = Sid("CH").Select(ch =>
        ($$$"""{"type":"sms","initiated_by":"api","properties":{"media_channel_sid":{{{Quoted(ch.Text)}}}},"participants":[{"address":"+13115552368","proxy_address":"+14155559999"}]}""", ch.Passes));

    /// <summary>A Channel naming a Conversation or a channel (<c>sid</c>, which binds only to a channel that exists) by a <see cref="PatternChecked"/> SID.</summary>
    private static readonly Gen<string> ChannelWithSids = Pick(
        (1, ChannelNamingAConversation.Select(c => c.Json)),
        (1, PatternChecked("UO").Select(uo => $$$"""{"type":"sms","initiated_by":"api","sid":{{{Quoted(uo)}}}}""")));

    private static readonly Gen<(string Json, bool Passes)> RoutingPropertiesWithSids = Gen.Select(Sid("WS"), Sid("WT"), Sid("WR"),
        (ws, wt, wr) => ($$$"""{"workspace_sid":{{{Quoted(ws.Text)}}},"task_sid":{{{Quoted(wt.Text)}}},"reservation_sid":{{{Quoted(wr.Text)}}}}""", ws.Passes && wt.Passes && wr.Passes));

    /// <summary>Text at, under and over a length limit.</summary>
    private static Gen<string> AroundLength(int limit) => Gen.Int[limit - 1, limit + 2].Select(n => new string('x', n));

    /// <summary>How far the clock moves before the request: not at all, past a channel's setup, past the shortest Conversation timer, or past the 180-day expiry.</summary>
    private static readonly Gen<TimeSpan> Advance = Pick(
        (5, Gen.Const(TimeSpan.Zero)),
        (2, Gen.Const(TimeSpan.FromSeconds(2))),
        (1, Gen.Const(TimeSpan.FromMinutes(11))),
        (1, Gen.Const(TimeSpan.FromDays(181))));

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

    /// <summary>A Content-Type's charset parameter: UTF-8 as it may be written, charsets .NET refuses (utf-7) or reads otherwise, and malformed ones.</summary>
    private static readonly Gen<string> Charset = Constant(
        "; charset=utf-8", "; charset=UTF-8", ";charset=\"utf-8\"", "; charset=utf-7", "; charset=UTF-7", "; charset=\"utf-7\"",
        "; charset=utf-16", "; charset=utf-16le", "; charset=utf-32", "; charset=iso-8859-1", "; charset=us-ascii", "; charset=x-user-defined",
        "; charset=nonsense", "; charset=", "; charset=utf-8; charset=utf-7", "; charset=utf-8, text/plain", "; charset=\"utf-8", "; charset=utf-8;;");

    private static readonly Gen<string> FormContentType = Pick(
        (8, Gen.Const("application/x-www-form-urlencoded")),
        (1, Constant("application/x-www-form-urlencoded; charset=utf-8", "application/x-www-form-urlencoded; charset=utf-16",
            "application/x-www-form-urlencoded; charset=nonsense", "Application/X-WWW-Form-Urlencoded")),
        (3, Gen.Select(Constant("application/x-www-form-urlencoded", "Application/X-WWW-Form-Urlencoded", "multipart/form-data; boundary=xyz", "text/plain"), Charset,
            (type, charset) => type + charset)),
        (2, Constant("application/json", "text/plain", "multipart/form-data; boundary=xyz", "multipart/form-data", "application/octet-stream", "*/*", "")));

    private static readonly Gen<string?> JsonContentType = Pick(
        (6, Gen.Const<string?>("application/json")),
        (2, Gen.Const((string?)null)),
        (2, Gen.Select(Constant("application/json", "text/plain"), Charset, (type, charset) => (string?)(type + charset))),
        (2, Constant("application/json; charset=utf-16", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz").Select(s => (string?)s)));

    private static readonly Gen<HostileRequest> Requests = Pick(
        (3, Gen.Select(FormContentType, FormBody(
                Field("Channel", Pick((3, JsonParameter(SmsChannel, CustomerChannel)), (2, ChannelWithSids))),
                Field("Routing", Pick((3, JsonParameter(EmulatorHardeningTests.ApiRouting, AgentRouting)), (2, RoutingWithSids.Select(r => r.Json)))),
                Field("InteractionContextSid", Pick((1, PlainParameter("HQaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "HR1")), (2, PatternChecked("HQ")))),
                Field("WebhookTtid", PlainParameter("flex_interactionwebhook_00000000000000000000000000"))),
            Advance, (type, body, advance) => new HostileRequest("create-interaction", type, body, advance))),
        (2, Gen.Select(FormContentType, FormBody(
                Field("Status", PlainParameter("closed", "inactive", "active", "setup")),
                Field("Routing", JsonParameter("""{"status":"closed"}""", """{"status":"open"}"""))),
            Advance, (type, body, advance) => new HostileRequest("update-channel", type, body, advance))),
        (2, Gen.Select(FormContentType, FormBody(
                Field("Type", PlainParameter("agent", "customer", "supervisor", "external", "unknown")),
                Field("MediaProperties", JsonParameter("""{"identity":"ann"}""", """{"address":"+13115552368","proxy_address":"+14155559999"}""")),
                Field("RoutingProperties", Pick((3, JsonParameter("""{"workspace_sid":"WSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","task_sid":"WTaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}""")), (2, RoutingPropertiesWithSids.Select(r => r.Json))))),
            Advance, (type, body, advance) => new HostileRequest("create-participant", type, body, advance))),
        (1, Gen.Select(FormContentType, FormBody(Field("Routing", Pick((1, JsonParameter(EmulatorHardeningTests.ApiRouting)), (2, RoutingWithSids.Select(r => r.Json))))),
            Advance, (type, body, advance) => new HostileRequest("create-invite", type, body, advance))),
        (2, Gen.Select(JsonContentType, JsonParameter("""{"type":"warm","from":"WKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","to":"WKbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"}""", """{"type":"cold"}""", "{}"),
            Advance, (type, body, advance) => new HostileRequest("create-transfer", type, body, advance))));

    private static readonly Gen<string> StatusWord = PlainParameter("pending", "reserved", "assigned", "canceled", "wrapping", "completed", "closed", "active", "inactive", "initializing");

    /// <summary>Update Task and Update Conversation, with hostile fields and headers.</summary>
    private static readonly Gen<(HostileRequest Request, string Header, string HeaderValue)> FollowRequests = Gen.Select(
        Pick(
            (3, Gen.Select(FormContentType, FormBody(
                    Field("AssignmentStatus", StatusWord),
                    Field("Reason", PlainParameter("done", "")),
                    Field("Attributes", JsonParameter("""{"vip":true}""", "{}")),
                    Field("Priority", PlainParameter("0", "5", "-1", "2147483648", "99999999999999999999", "1.5")),
                    Field("VirtualStartTime", PlainParameter("2025-12-31T23:00:00Z", "2999-01-01T00:00:00Z", "1800-01-01T00:00:00Z", "now", "2025-12-31T23:00:00Z\n")),
                    Field("TaskChannel", PlainParameter("sms", "voice"))),
                Advance, (type, body, advance) => new HostileRequest("update-task", type, body, advance))),
            (2, Gen.Select(FormContentType, FormBody(
                    Field("State", StatusWord),
                    Field("FriendlyName", Pick((2, PlainParameter("Ann")), (1, AroundLength(256)))),
                    Field("UniqueName", Pick((3, PlainParameter("ann", "CHaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "a/b", ".", "..", "ann\n")), (1, AroundLength(8000)))),
                    Field("Attributes", JsonParameter("""{"topic":"x"}""")),
                    Field("MessagingServiceSid", Pick((1, PlainParameter("MGaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "MG1")), (2, PatternChecked("MG")))),
                    Field("DateCreated", PlainParameter("2025-01-01T00:00:00Z", "yesterday", "2025-01-01T00:00:00Z\n")),
                    Field("Timers.Inactive", PlainParameter("PT1M", "PT1S", "P99999999999999999999D", "-PT5M", "P1Y", "PT1M\n")),
                    Field("Timers.Closed", PlainParameter("PT10M", "P100Y", "x"))),
                Advance, (type, body, advance) => new HostileRequest("update-conversation", type, body, advance)))),
        Constant("If-Match", "X-Twilio-Webhook-Enabled", "X-Other"),
        // Header values the client can send: printable ASCII (HttpClient refuses the rest before the server sees it).
        Pick((2, Constant("true", "false", "\"0\"", "*")), (1, StringInside.Select(v => new string(v.Where(ch => ch is >= ' ' and < '\x7f').ToArray())))),
        (request, header, value) => (request, header, value));

    [Fact]
    public async Task Hostile_task_and_conversation_updates_never_get_a_5xx_and_a_4xx_changes_nothing()
    {
        var (emu, http, clock) = await EmulatorHardeningTests.Start();
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
                (emu, http, clock) = await EmulatorHardeningTests.Start();
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
            // Past due transitions (setup, timers, expiry) that nothing has looked at yet: the request's lookups settle them.
            clock.Advance(request.Advance);
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
            if (status < 300)
            {
                accepted++;
                StoresOnlyWholeSids(before, emu.StateSnapshot(), request);
            }
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

    // ---- requests whose only doubtful parts are their SIDs, a length and the charset: the answer is known ----

    /// <summary>A form Content-Type, and whether the emulator reads it (UTF-8 as it may be written, or no charset).</summary>
    private static readonly Gen<(string Type, bool Passes)> CheckedContentType = Pick(
        (3, Gen.Const(("application/x-www-form-urlencoded", true))),
        (2, Constant("; charset=utf-8", "; charset=UTF-8", ";charset=\"utf-8\"").Select(c => ("application/x-www-form-urlencoded" + c, true))),
        (2, Constant("; charset=utf-7", "; charset=\"utf-7\"", "; charset=utf-16", "; charset=utf-32", "; charset=iso-8859-1", "; charset=us-ascii",
            "; charset=nonsense", "; charset=", "; charset=utf-8; charset=utf-7").Select(c => ("application/x-www-form-urlencoded" + c, false))));

    private static string Encode(params (string Name, string? Value)[] fields) =>
        string.Join("&", fields.Where(f => f.Value is not null).Select(f => Uri.EscapeDataString(f.Name) + "=" + Uri.EscapeDataString(f.Value!)));

    /// <summary>
    /// Valid requests but for their SIDs (a line break before or after, a digit short or over), a name at and over its
    /// 256-character limit, and the charset, with whether the emulator should take each. The clock moves past setup or
    /// a Conversation timer first, never past the 180-day expiry (which would make every channel a 404).
    /// </summary>
    private static readonly Gen<(HostileRequest Request, bool Passes)> CheckedRequests = Gen.Select(
        Pick(
            (3, Gen.Select(Pick((1, Gen.Const((SmsChannel, true))), (2, ChannelNamingAConversation)), RoutingWithSids,
                Pick((1, Gen.Const(((string?)null, true))), (2, Sid("HQ").Select(hq => ((string?)hq.Text, hq.Passes)))),
                (channel, routing, context) => ("create-interaction",
                    Encode(("Channel", channel.Item1), ("Routing", routing.Json), ("InteractionContextSid", context.Item1)),
                    channel.Item2 && routing.Passes && context.Item2))),
            (2, Gen.Select(Sid("MG"), Pick((1, Gen.Const(((string?)null, true))), (1, AroundLength(256).Select(n => ((string?)n, n.Length <= 256)))),
                (mg, name) => ("update-conversation", Encode(("MessagingServiceSid", mg.Text), ("FriendlyName", name.Item1)), mg.Passes && name.Item2))),
            (2, RoutingPropertiesWithSids.Select(routing => ("create-participant",
                Encode(("Type", "agent"), ("MediaProperties", """{"identity":"ann"}"""), ("RoutingProperties", routing.Json)), routing.Passes))),
            (1, RoutingWithSids.Select(routing => ("create-invite", Encode(("Routing", routing.Json)), routing.Passes)))),
        CheckedContentType,
        Pick((2, Gen.Const(TimeSpan.Zero)), (1, Gen.Const(TimeSpan.FromSeconds(2))), (1, Gen.Const(TimeSpan.FromMinutes(11)))),
        (request, type, advance) => (new HostileRequest(request.Item1, type.Type, request.Item2, advance), request.Item3 && type.Passes));

    [Fact]
    public async Task Sids_lengths_and_charsets_are_refused_exactly_when_the_spec_says_and_only_whole_sids_are_stored()
    {
        var (emu, http, clock) = await EmulatorHardeningTests.Start();
        int accepted = 0, refused = 0;
        try
        {
            await CheckedRequests.SampleAsync(Check, seed: Seed, iter: Iterations, threads: 1);
            Assert.True(accepted > 0 && refused > 0, $"accepted {accepted}, refused {refused}");
        }
        finally
        {
            http.Dispose();
            await emu.DisposeAsync();
        }

        async Task Check((HostileRequest Request, bool Passes) sample)
        {
            var (request, passes) = sample;
            if (emu.InteractionCount > 200)
            {
                http.Dispose();
                await emu.DisposeAsync();
                (emu, http, clock) = await EmulatorHardeningTests.Start();
            }
            string path = "/v1/Interactions";
            if (request.Endpoint != "create-interaction")
            {
                var created = await EmulatorTaskRouterTests.CreateInteraction(http);
                path = request.Endpoint switch
                {
                    "create-participant" => $"/v1/Interactions/{created.Kd}/Channels/{created.Uo}/Participants",
                    "create-invite" => $"/v1/Interactions/{created.Kd}/Channels/{created.Uo}/Invites",
                    _ => "/v1/Conversations/" + JsonNode.Parse((await EmulatorHardeningTests.Send(http, HttpMethod.Get, created.TaskPath)).Body["attributes"]!.GetValue<string>())!["conversationSid"]!.GetValue<string>(),
                };
            }
            clock.Advance(request.Advance);
            string before = emu.StateSnapshot();

            using var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(request.Body)) };
            message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
            using var response = await http.SendAsync(message);
            string text = await response.Content.ReadAsStringAsync();
            int status = (int)response.StatusCode;

            Assert.True(passes ? status < 300 : status is >= 400 and < 500, $"{request} ({(passes ? "valid" : "invalid")}) answered {status}: {text}");
            if (status < 300)
            {
                accepted++;
                StoresOnlyWholeSids(before, emu.StateSnapshot(), request);
            }
            else
            {
                refused++;
                Assert.Equal(before, emu.StateSnapshot());
            }
        }
    }

    /// <summary>The SID fields a snapshot holds where the spec has a pattern, by the prefix the pattern names.</summary>
    private static readonly (string Field, string Prefix)[] RoutingSids =
    {
        ("workspace_sid", "WS"), ("workflow_sid", "WW"), ("queue_sid", "WQ"), ("worker_sid", "WK"), ("task_channel_sid", "TC"),
    };

    /// <summary>
    /// The fields of the state the spec checks with a SID pattern that do not hold a whole SID (a line break before or
    /// after it, other than 32 digits), each as "where = value": the interaction's context, channel and routing, the
    /// invites', the tasks' and the participants' routing, and the Conversations' messaging service.
    /// </summary>
    private static HashSet<string> BrokenSids(string snapshot)
    {
        var broken = new HashSet<string>(StringComparer.Ordinal);
        var state = JsonNode.Parse(snapshot)!;
        void Whole(JsonNode? value, string prefix, string where)
        {
            if (value is null) return;
            string text = value.GetValueKind() == System.Text.Json.JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
            if (!System.Text.RegularExpressions.Regex.IsMatch(text, "^" + prefix + "[0-9a-fA-F]{32}\\z")) broken.Add($"{where} = {Quoted(text)}");
        }
        void Routing(JsonNode? properties, string where)
        {
            foreach (var (field, prefix) in RoutingSids) Whole(properties?[field], prefix, $"{where}.{field}");
        }
        foreach (var conversation in state["conversations"]!.AsArray())
            Whole(conversation!["messaging_service_sid"], "MG", "conversation.messaging_service_sid");
        foreach (var task in state["tasks"]!.AsArray())
        {
            Whole(task!["workspace_sid"], "WS", "task.workspace_sid");
            Routing(task["routing"]?["properties"], "task.routing.properties");
        }
        foreach (var interaction in state["interactions"]!.AsArray())
        {
            Whole(interaction!["interaction_context_sid"], "HQ", "interaction_context_sid");
            Whole(interaction["channel"]!["sid"], "UO", "channel.sid");
            Whole(interaction["channel"]!["properties"]?["media_channel_sid"], "CH", "channel.properties.media_channel_sid");
            Routing(interaction["routing"]?["properties"], "routing.properties");
            foreach (var channel in interaction["channels"]!.AsArray())
            {
                Whole(channel!["conversation_sid"], "CH", "channel.conversation_sid");
                foreach (var invite in channel["invites"]!.AsArray()) Routing(invite!["routing"]?["properties"], "invite.routing.properties");
                foreach (var participant in channel["participants"]!.AsArray())
                {
                    var routing = participant!["routing_properties"];
                    Routing(routing, "participant.routing_properties");
                    Whole(routing?["task_sid"], "WT", "participant.routing_properties.task_sid");
                    Whole(routing?["reservation_sid"], "WR", "participant.routing_properties.reservation_sid");
                }
            }
        }
        return broken;
    }

    /// <summary>An accepted request stored no SID that is not whole (those already stored are an earlier request's).</summary>
    private static void StoresOnlyWholeSids(string before, string after, HostileRequest request)
    {
        var added = BrokenSids(after);
        added.ExceptWith(BrokenSids(before));
        Assert.True(added.Count == 0, $"{request} was accepted and stored {string.Join(", ", added)}");
    }

    // ---- the property ----

    [Fact]
    public async Task Hostile_requests_never_get_a_5xx_and_a_4xx_changes_nothing()
    {
        var (emu, http, clock) = await EmulatorHardeningTests.Start();
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
                (emu, http, clock) = await EmulatorHardeningTests.Start();
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
                    "create-invite" => "/Invites",
                    "create-transfer" => "/Transfers",
                    _ => "",
                };
            }
            clock.Advance(request.Advance);
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
            if (status < 300)
            {
                accepted++;
                StoresOnlyWholeSids(before, emu.StateSnapshot(), request);
            }
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

using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using FlexCodegen.AspNetCore.Tests.Events;
using FlexCodegen.Runtime;
using Xunit;

namespace FlexCodegen.AspNetCore.Tests;

/// <summary>
/// Bodies Twilio never sends, signed where a signature can be made over them: each is a 400, a 413 or a 2xx, never a
/// 5xx, with a log record for each refusal; the form reader's work is bounded by the body and stops at the first problem.
/// </summary>
public class HostileBodyTests
{
    private static Task<WebhookHost> Host(List<TaskrouterEvent> received, int maxBodyBytes = TwilioWebhookOptions.DefaultMaxBodyBytes) =>
        WebhookHost.StartAsync(app => app.MapTwilioEvents<TaskrouterEvent>("/twilio/events")
            .On("task.completed", (e, ctx) => { lock (received) received.Add(e); return Task.CompletedTask; }),
            new Dictionary<string, string?> { ["Twilio:AuthToken"] = WebhookHost.Token, ["Twilio:Webhooks:MaxBodyBytes"] = maxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    private static string Sign(WebhookHost host, IEnumerable<KeyValuePair<string, string?>> fields) =>
        TwilioSignature.Compute(WebhookHost.Token, host.Url("/twilio/events"), fields);

    /// <summary>A raw form body, and the fields Twilio would have signed for it (null when no field list decodes from it).</summary>
    public static TheoryData<string, string, int> Refused => new()
    {
        // name, raw body, expected status
        { "a name sent twice", "EventType=task.completed&TaskAge=1&TaskAge=2", 400 },
        { "an encoded lone surrogate", "EventType=task.completed&TaskAttributes=%ED%A0%80", 400 },
        { "broken percent-encoding", "EventType=task.completed&TaskAttributes=%G1", 400 },
        { "a cut escape", "EventType=task.completed&TaskAttributes=%E", 400 },
        { "a byte that is not UTF-8", "EventType=task.completed&TaskAttributes=%FF", 400 },
        { "1001 fields", string.Join("&", Enumerable.Range(0, 1001).Select(i => "f" + i + "=")), 400 },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_malformed_form_is_400_with_a_log_record_never_a_5xx(string what, string body, int status)
    {
        var received = new List<TaskrouterEvent>();
        await using var host = await Host(received);

        // Signed over what a lenient reader would decode, so only the form's own problem can refuse it.
        var lenient = body.Split('&').Select(p => p.Split('=', 2)).Select(p => KeyValuePair.Create(Lenient(p[0]), (string?)Lenient(p.Length > 1 ? p[1] : ""))).ToList();
        using var response = await host.PostRawAsync("/twilio/events", body, "application/x-www-form-urlencoded", Sign(host, lenient));

        Assert.True((int)response.StatusCode == status, $"{what}: {(int)response.StatusCode}");
        Assert.Empty(received);
        var record = Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 2003);
        Assert.Equal("WebhookBodyRefused", record.Id.Name);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), record.Message, StringComparison.Ordinal);
    }

    private static string Lenient(string text)
    {
        try
        {
            return Uri.UnescapeDataString(text.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            return text;
        }
    }

    [Theory]
    [InlineData(TwilioWebhookOptions.DefaultMaxBodyBytes, 413)] // ~1.1 MB of keys: past the size limit first
    [InlineData(2 * 1024 * 1024, 400)]                          // within a larger size limit: past the field limit
    public async Task A_form_of_100k_keys_is_413_or_400_never_read_whole(int maxBodyBytes, int status)
    {
        var received = new List<TaskrouterEvent>();
        await using var host = await Host(received, maxBodyBytes);
        string body = string.Join("&", Enumerable.Range(0, 100_000).Select(i => "key" + i + "=v"));

        using var response = await host.PostRawAsync("/twilio/events", body, "application/x-www-form-urlencoded", "AAAAAAAAAAAAAAAAAAAAAAAAAAA=");

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Empty(received);
        Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 2003);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("application/x-www-form-urlencoded; charset=iso-8859-1")]
    [InlineData("not a media type")]
    public async Task A_body_that_is_not_a_UTF8_form_or_JSON_is_400(string contentType)
    {
        var received = new List<TaskrouterEvent>();
        await using var host = await Host(received);
        var fields = WebhookEndpointTests.TaskEvent();

        using var response = await host.PostRawAsync("/twilio/events", WebhookHost.Encode(fields), contentType, Sign(host, fields));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(received);
        Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 2003);
    }

    [Fact]
    public async Task A_signed_JSON_body_that_is_not_one_object_is_400()
    {
        var received = new List<TaskrouterEvent>();
        await using var host = await Host(received);
        foreach (string json in new[] { "[1,2]", "{\"EventType\":", "{} {}", new string('[', 100) + new string(']', 100) })
        {
            string path = "/twilio/events?bodySHA256=" + TwilioSignature.ComputeBodyHash(Encoding.UTF8.GetBytes(json));
            using var response = await host.PostRawAsync(path, json, "application/json", TwilioSignature.Compute(WebhookHost.Token, host.Url(path), null));
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, json + ": " + response.StatusCode);
        }
        Assert.Empty(received);
    }

    [Fact]
    public async Task Malformed_TaskAttributes_and_a_field_of_the_wrong_form_are_read_and_kept_not_refused()
    {
        var received = new List<TaskrouterEvent>();
        await using var host = await Host(received);
        var fields = WebhookEndpointTests.TaskEvent()
            .Select(f => f.Key switch
            {
                "TaskAttributes" => KeyValuePair.Create(f.Key, (string?)"{\"broken\": [1, 2"),
                "TaskSid" => KeyValuePair.Create(f.Key, (string?)"WTnot-a-sid"),
                "TaskAge" => KeyValuePair.Create(f.Key, (string?)"forty-two"),
                _ => f,
            })
            .Append(KeyValuePair.Create("NewTwilioField", (string?)"x"))
            .ToList();

        using var response = await host.PostFormAsync("/twilio/events", fields);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var e = Assert.Single(received);
        Assert.Equal("{\"broken\": [1, 2", e.TaskAttributes); // a JSON string field is text: yours to parse
        Assert.Null(e.TaskSid);
        Assert.Null(e.TaskAge);
        Assert.Equal("WTnot-a-sid", e.AdditionalProperties!["TaskSid"].GetString());
        Assert.Equal("forty-two", e.AdditionalProperties["TaskAge"].GetString());
        Assert.Equal("x", e.AdditionalProperties["NewTwilioField"].GetString());
    }

    [Fact]
    public async Task A_body_declared_larger_than_the_limit_is_413_before_it_is_read()
    {
        var received = new List<TaskrouterEvent>();
        await using var host = await Host(received, maxBodyBytes: 64 * 1024);

        // 100 MB declared, 1 MB sent: the answer comes with the rest never sent, so nothing past the limit was waited for.
        string status = await RawPost(host, "Content-Length: 104857600", chunks: 16, chunkBytes: 64 * 1024, chunked: false);

        Assert.StartsWith("HTTP/1.1 413", status, StringComparison.Ordinal);
        Assert.Empty(received);
        Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 2003);
    }

    [Fact]
    public async Task A_chunked_body_past_the_limit_is_413_once_the_limit_is_passed()
    {
        var received = new List<TaskrouterEvent>();
        await using var host = await Host(received, maxBodyBytes: 64 * 1024);

        string status = await RawPost(host, "Transfer-Encoding: chunked", chunks: 64, chunkBytes: 16 * 1024, chunked: true);

        Assert.StartsWith("HTTP/1.1 413", status, StringComparison.Ordinal);
        Assert.Empty(received);
    }

    /// <summary>
    /// Sends headers and up to <paramref name="chunks"/> chunks of 'a' on a raw socket, in the background, and reads the
    /// status line: the server may answer (and stop reading) before the client has finished sending.
    /// </summary>
    private static async Task<string> RawPost(WebhookHost host, string lengthHeader, int chunks, int chunkBytes, bool chunked)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, host.Address.Port);
        using var stream = new NetworkStream(socket, ownsSocket: false);
        string head = $"POST /twilio/events HTTP/1.1\r\nHost: {host.Address.Authority}\r\nContent-Type: application/x-www-form-urlencoded\r\n{TwilioSignature.HeaderName}: AAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n{lengthHeader}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        var send = Task.Run(async () =>
        {
            byte[] chunk = Encoding.ASCII.GetBytes(new string('a', chunkBytes));
            byte[] size = Encoding.ASCII.GetBytes(chunkBytes.ToString("x", System.Globalization.CultureInfo.InvariantCulture) + "\r\n");
            try
            {
                for (int i = 0; i < chunks; i++)
                {
                    if (chunked) await stream.WriteAsync(size);
                    await stream.WriteAsync(chunk);
                    if (chunked) await stream.WriteAsync("\r\n"u8.ToArray());
                }
            }
            catch (Exception ex) when (ex is System.IO.IOException or SocketException or ObjectDisposedException)
            {
                // The server answered and closed: what was left is not sent.
            }
        });
        var buffer = new byte[256];
        int read = 0;
        while (read < 12)
        {
            int n = await stream.ReadAsync(buffer.AsMemory(read));
            if (n == 0) break;
            read += n;
        }
        socket.Shutdown(SocketShutdown.Both);
        await send;
        return Encoding.ASCII.GetString(buffer, 0, read);
    }

    [Fact]
    public void The_form_reader_stops_at_the_field_limit_so_100k_keys_cost_what_the_limit_allows()
    {
        byte[] body = Encoding.ASCII.GetBytes(string.Join("&", Enumerable.Range(0, 100_000).Select(i => "k" + i + "=v")));
        FormBody.TryParse(body, 1000, out _, out _); // warm up: the pooled scratch buffer is made once per thread

        long before = GC.GetAllocatedBytesForCurrentThread();
        bool parsed = FormBody.TryParse(body, 1000, out var fields, out string? problem);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.False(parsed);
        Assert.Equal("the form has more than 1000 fields", problem);
        Assert.Equal(1000, fields.Count);
        // 1,000 short fields: their strings, the list and the set of names, far below what 100,000 would take (~10 MB).
        Assert.True(allocated < 512 * 1024, $"{allocated} bytes allocated for a 100,000-key body");
    }

    [Fact]
    public void The_form_reader_stops_at_the_first_duplicate_or_broken_field()
    {
        byte[] body = Encoding.ASCII.GetBytes("a=1&a=2&" + string.Join("&", Enumerable.Range(0, 50_000).Select(i => "k" + i + "=v")));
        FormBody.TryParse(body, 100_000, out _, out _); // warm up
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.False(FormBody.TryParse(body, 100_000, out var fields, out string? problem));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal("the field 'a' is sent more than once", problem);
        Assert.Single(fields);
        Assert.True(allocated < 16 * 1024, $"{allocated} bytes allocated before the first problem");
    }

    [Fact]
    public void The_form_reader_reads_what_Twilio_sends()
    {
        Assert.True(FormBody.TryParse("EventType=task.completed&TaskAttributes=%7B%22a%22%3A%22Zo%C3%AB+%F0%9F%98%80%22%7D&Empty=&NoValue&&"u8, 10, out var fields, out _));
        Assert.Equal(new[] { "EventType", "TaskAttributes", "Empty", "NoValue" }, fields.Select(f => f.Key));
        Assert.Equal("{\"a\":\"Zoë \U0001F600\"}", fields[1].Value);
        Assert.Equal("", fields[2].Value);
        Assert.Equal("", fields[3].Value);
        Assert.True(FormBody.TryParse(ReadOnlySpan<byte>.Empty, 10, out var none, out _));
        Assert.Empty(none);
    }
}

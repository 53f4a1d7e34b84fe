using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using FlexCodegen.AspNetCore.Tests.Events;
using FlexCodegen.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Xunit;

namespace FlexCodegen.AspNetCore.Tests;

/// <summary>The endpoints over real HTTP (Kestrel on loopback): what a signed, unsigned or tampered TaskRouter event gets.</summary>
public class WebhookEndpointTests
{
    internal const string EventSid = "EV0123456789abcdef0123456789abcdef";
    internal const string TaskSid = "WT0123456789abcdef0123456789abcdef";

    /// <summary>A <c>task.completed</c> event with the fields TaskRouter's Events reference lists.</summary>
    internal static List<KeyValuePair<string, string?>> TaskEvent(string eventType = "task.completed", string? sid = EventSid)
    {
        var fields = new List<KeyValuePair<string, string?>>
        {
        new("EventType", eventType),
        new("EventDescription", "Task WT… completed"),
        new("AccountSid", "AC0123456789abcdef0123456789abcdef"),
        new("WorkspaceSid", "WS0123456789abcdef0123456789abcdef"),
        new("WorkspaceName", "Flex Task Assignment"),
        new("ResourceType", "Task"),
        new("ResourceSid", TaskSid),
        new("Timestamp", "1700000000"),
        new("TaskSid", TaskSid),
        new("TaskAttributes", """{"channelType":"web","name":"Zoë 日本"}"""),
        new("TaskAge", "42"),
        new("TaskPriority", "0"),
        new("TaskAssignmentStatus", "completed"),
        new("TaskCompletedReason", "resolved"),
        new("TaskQueueSid", "WQ0123456789abcdef0123456789abcdef"),
        new("WorkerSid", "WK0123456789abcdef0123456789abcdef"),
        new("ActivityAvailable", "true"),
        };
        if (sid is not null) fields.Add(new("Sid", sid));
        return fields;
    }

    private sealed class Received
    {
        public readonly ConcurrentQueue<(string Type, TaskrouterEvent Event, TwilioWebhookContext Context)> Events = new();
    }

    private static Task<WebhookHost> EventsHost(Received received, IDictionary<string, string?>? settings = null, Action<WebApplication>? before = null) =>
        WebhookHost.StartAsync(app => app.MapTwilioEvents<TaskrouterEvent>("/twilio/events")
            .On("task.completed", (e, ctx) => { received.Events.Enqueue(("task.completed", e, ctx)); return Task.CompletedTask; })
            .On("task.canceled", (e, ctx) => { received.Events.Enqueue(("task.canceled", e, ctx)); return Task.CompletedTask; }), settings, before);

    [Fact]
    public async Task A_signed_form_event_reaches_its_typed_handler_with_typed_fields_and_is_answered_204()
    {
        var received = new Received();
        await using var host = await EventsHost(received);

        using var response = await host.PostFormAsync("/twilio/events", TaskEvent(),
            headers: new[] { KeyValuePair.Create(TwilioWebhookContext.IdempotencyTokenHeader, "idem-1") });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType); // as TaskRouter's docs ask
        var (type, e, ctx) = Assert.Single(received.Events);
        Assert.Equal("task.completed", type);
        Assert.Equal(Twilio.TaskSid.Parse(TaskSid), e.TaskSid);
        Assert.Equal(Twilio.EventSid.Parse(EventSid), e.Sid);
        Assert.Equal(42, e.TaskAge);
        Assert.Equal(0, e.TaskPriority);
        Assert.True(e.ActivityAvailable);
        Assert.Equal("""{"channelType":"web","name":"Zoë 日本"}""", e.TaskAttributes);
        Assert.Null(e.AdditionalProperties);
        Assert.Equal("task.completed", ctx.EventType);
        Assert.Equal(EventSid, ctx.EventId);
        Assert.Equal("idem-1", ctx.IdempotencyToken);
        Assert.Equal(EventSid, ctx.DeduplicationKey);
        Assert.Equal("Task", ctx.Field("ResourceType"));
        Assert.Contains(host.Logs.GetSnapshot(), r => r.Id.Id == 2005);
    }

    [Fact]
    public async Task Without_an_event_sid_the_idempotency_token_is_what_identifies_a_retry()
    {
        var received = new Received();
        await using var host = await EventsHost(received);
        var headers = new[] { KeyValuePair.Create(TwilioWebhookContext.IdempotencyTokenHeader, "idem-2") };

        // Twilio retries with the same token: a handler that keeps the keys it saw handles the event once.
        using (await host.PostFormAsync("/twilio/events", TaskEvent(sid: null), headers: headers)) { }
        using (await host.PostFormAsync("/twilio/events", TaskEvent(sid: null), headers: headers)) { }

        Assert.Equal(2, received.Events.Count);
        Assert.All(received.Events, r => Assert.Equal("idem-2", r.Context.DeduplicationKey));
        Assert.Single(received.Events.Select(r => r.Context.DeduplicationKey).Distinct());
    }

    [Fact]
    public async Task An_unsigned_request_is_403_with_a_log_record_and_reaches_no_handler()
    {
        var received = new Received();
        await using var host = await EventsHost(received);

        using var response = await host.PostRawAsync("/twilio/events", WebhookHost.Encode(TaskEvent()), "application/x-www-form-urlencoded", signature: null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(received.Events);
        var record = Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 2001);
        Assert.Equal("WebhookSignatureMissing", record.Id.Name);
        Assert.DoesNotContain(WebhookHost.Token, record.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> Forgeries => new() { "tampered", "other url", "other token", "malformed", "lowercase" };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task A_tampered_parameter_another_URL_or_token_or_a_malformed_signature_is_403_with_a_log_record(string forgery)
    {
        var received = new Received();
        await using var host = await EventsHost(received);
        var fields = TaskEvent();
        string good = TwilioSignature.Compute(WebhookHost.Token, host.Url("/twilio/events"), fields);

        HttpResponseMessage response = forgery switch
        {
            "tampered" => await host.PostFormAsync("/twilio/events", fields.Select(f => f.Key == "TaskAge" ? KeyValuePair.Create(f.Key, (string?)"43") : f).ToList(), signature: good),
            "other url" => await host.PostFormAsync("/twilio/events", fields, signedUrl: host.Url("/twilio/other")),
            "other token" => await host.PostFormAsync("/twilio/events", fields, token: "fedcba9876543210fedcba9876543210"),
            "malformed" => await host.PostFormAsync("/twilio/events", fields, signature: "not a signature"),
            _ => await host.PostFormAsync("/twilio/events", fields, signature: good.ToLowerInvariant()),
        };
        using (response)
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Empty(received.Events);
            var record = Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 2002);
            Assert.Contains(host.Url("/twilio/events"), record.Message, StringComparison.Ordinal); // the URL it checked, to debug a proxy
            Assert.DoesNotContain(WebhookHost.Token, record.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(good, record.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_event_type_with_no_handler_is_acknowledged_204_and_logged()
    {
        var received = new Received();
        await using var host = await EventsHost(received);

        using var response = await host.PostFormAsync("/twilio/events", TaskEvent("worker.activity.update"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(received.Events);
        var record = Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 2004);
        Assert.Contains("worker.activity.update", record.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_JSON_body_signed_through_bodySHA256_reaches_the_handler_and_a_changed_one_is_403()
    {
        var received = new Received();
        await using var host = await EventsHost(received);
        string json = $$$"""{"EventType":"task.canceled","Sid":"{{{EventSid}}}","TaskSid":"{{{TaskSid}}}","TaskAge":"7","Extra":{"kept":true}}""";
        string path = "/twilio/events?bodySHA256=" + TwilioSignature.ComputeBodyHash(Encoding.UTF8.GetBytes(json));
        string signature = TwilioSignature.Compute(WebhookHost.Token, host.Url(path), null);

        using (var ok = await host.PostRawAsync(path, json, "application/json; charset=utf-8", signature))
            Assert.Equal(HttpStatusCode.NoContent, ok.StatusCode);
        using (var changed = await host.PostRawAsync(path, json.Replace("\"7\"", "\"8\"", StringComparison.Ordinal), "application/json", signature))
            Assert.Equal(HttpStatusCode.Forbidden, changed.StatusCode);

        var (type, e, ctx) = Assert.Single(received.Events);
        Assert.Equal("task.canceled", type);
        Assert.Equal(7, e.TaskAge);
        Assert.Equal(Twilio.TaskSid.Parse(TaskSid), e.TaskSid);
        Assert.True(e.AdditionalProperties!["Extra"].GetProperty("kept").GetBoolean());
        Assert.Equal(EventSid, ctx.EventId);
    }

    [Fact]
    public async Task Behind_a_proxy_the_configured_public_URL_is_the_one_checked()
    {
        var received = new Received();
        await using var host = await EventsHost(received, new Dictionary<string, string?>
        {
            ["Twilio:AuthToken"] = WebhookHost.Token,
            ["Twilio:Webhooks:PublicBaseUrl"] = "https://events.example.com/hooks/",
        });

        using (var response = await host.PostFormAsync("/twilio/events", TaskEvent(), signedUrl: "https://events.example.com/hooks/twilio/events"))
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        using (var response = await host.PostFormAsync("/twilio/events", TaskEvent(), signedUrl: "https://events.example.com:443/hooks/twilio/events"))
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        using (var local = await host.PostFormAsync("/twilio/events", TaskEvent()))
            Assert.Equal(HttpStatusCode.Forbidden, local.StatusCode); // signed for the address the app listens on, not the one Twilio calls
        Assert.Equal(2, received.Events.Count);
    }

    [Fact]
    public async Task Behind_a_proxy_forwarded_headers_give_the_scheme_and_host_Twilio_called()
    {
        var received = new Received();
        await using var host = await EventsHost(received, before: app => app.UseForwardedHeaders(new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost,
            AllowedHosts = { "events.example.com" },
        }));
        var forwarded = new[] { KeyValuePair.Create("X-Forwarded-Proto", "https"), KeyValuePair.Create("X-Forwarded-Host", "events.example.com") };

        using var response = await host.PostFormAsync("/twilio/events?workspace=main", TaskEvent(), signedUrl: "https://events.example.com/twilio/events?workspace=main", headers: forwarded);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Single(received.Events);
    }

    [Fact]
    public async Task A_webhook_handler_answers_with_its_result_or_204()
    {
        await using var host = await WebhookHost.StartAsync(app =>
        {
            app.MapTwilioWebhook<TaskrouterEvent>("/twilio/twiml", (e, ctx) => Task.FromResult<IResult?>(Results.Text("<Response/>", "text/xml")));
            app.MapTwilioWebhook<TaskrouterEvent>("/twilio/status", (e, ctx) => Task.CompletedTask);
        });

        using (var twiml = await host.PostFormAsync("/twilio/twiml", TaskEvent()))
        {
            Assert.Equal(HttpStatusCode.OK, twiml.StatusCode);
            Assert.Equal("<Response/>", await twiml.Content.ReadAsStringAsync());
        }
        using (var status = await host.PostFormAsync("/twilio/status", TaskEvent()))
            Assert.Equal(HttpStatusCode.NoContent, status.StatusCode);
    }
}

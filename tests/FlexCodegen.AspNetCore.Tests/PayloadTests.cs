using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using FlexCodegen.AspNetCore.Tests.Events;
using FlexCodegen.Runtime;
using Xunit;

namespace FlexCodegen.AspNetCore.Tests;

/// <summary>The runtime's <see cref="TwilioPayload"/>: form fields and JSON bodies into a generated model, tolerant and bounded.</summary>
public class PayloadTests
{
    [Fact]
    public void Form_fields_are_read_into_typed_properties_numbers_and_booleans_from_their_text()
    {
        var e = TwilioPayload.FromForm<TaskrouterEvent>(WebhookEndpointTests.TaskEvent());

        Assert.Equal("task.completed", e.EventType);
        Assert.Equal(Twilio.TaskSid.Parse(WebhookEndpointTests.TaskSid), e.TaskSid);
        Assert.Equal(42, e.TaskAge);
        Assert.True(e.ActivityAvailable);
        Assert.Null(e.AdditionalProperties);
    }

    [Fact]
    public void A_name_sent_twice_becomes_an_array_kept_as_it_came_and_a_null_value_is_null()
    {
        var e = TwilioPayload.FromForm<TaskrouterEvent>(new KeyValuePair<string, string?>[]
        {
            new("EventType", "a"), new("EventType", "b"), new("TaskQueueName", null), new("Unknown", "u"),
        });

        Assert.Null(e.EventType); // a string field cannot hold two values: kept, not guessed
        Assert.Equal(new[] { "a", "b" }, e.AdditionalProperties!["EventType"].EnumerateArray().Select(v => v.GetString()));
        Assert.Null(e.TaskQueueName);
        Assert.Equal("u", e.AdditionalProperties["Unknown"].GetString());
    }

    [Fact]
    public void A_lone_surrogate_reads_as_the_replacement_character_and_more_values_than_an_answer_may_hold_is_a_JsonException()
    {
        // JSON text is UTF-8, where a lone surrogate does not exist: it becomes U+FFFD and the rest is read.
        // (The endpoints refuse such a form with 400 before it gets here: its bytes are not UTF-8.)
        var e = TwilioPayload.FromForm<TaskrouterEvent>(new KeyValuePair<string, string?>[] { new("EventType", "a\ud800"), new("TaskAge", "1") });
        Assert.Equal("a\uFFFD", e.EventType);
        Assert.Equal(1, e.TaskAge);

        var many = Enumerable.Range(0, 100_001).Select(i => KeyValuePair.Create("k" + i, (string?)"v"));
        var ex = Assert.ThrowsAny<JsonException>(() => TwilioPayload.FromForm<TaskrouterEvent>(many));
        Assert.Contains("100000", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => TwilioPayload.FromForm<TaskrouterEvent>(null!));
    }

    [Fact]
    public void A_JSON_body_is_read_as_an_answer_is_and_what_is_not_one_object_is_a_JsonException()
    {
        var e = TwilioPayload.FromJson<TaskrouterEvent>(Encoding.UTF8.GetBytes("""{"TaskAge": 5, /* comment */ "ActivityAvailable": "false"}"""));
        Assert.Equal(5, e.TaskAge);
        Assert.False(e.ActivityAvailable);

        foreach (string bad in new[] { "", "[]", "1", "{", "{} 1", new string('[', 70) })
            Assert.ThrowsAny<JsonException>(() => TwilioPayload.FromJson<TaskrouterEvent>(Encoding.UTF8.GetBytes(bad)));
    }
}

using System;
using System.Collections.Generic;

namespace FlexCodegen.Benchmarks;

// Plain classes, the way a hand-written or Twilio-library-style client maps the same JSON.
public sealed class PlainChannel
{
    [System.Text.Json.Serialization.JsonPropertyName("sid")] [Newtonsoft.Json.JsonProperty("sid")] public string? Sid { get; set; }
    [System.Text.Json.Serialization.JsonPropertyName("interaction_sid")] [Newtonsoft.Json.JsonProperty("interaction_sid")] public string? InteractionSid { get; set; }
    [System.Text.Json.Serialization.JsonPropertyName("type")] [Newtonsoft.Json.JsonProperty("type")] public string? Type { get; set; }
    [System.Text.Json.Serialization.JsonPropertyName("status")] [Newtonsoft.Json.JsonProperty("status")] public string? Status { get; set; }
    [System.Text.Json.Serialization.JsonPropertyName("error_code")] [Newtonsoft.Json.JsonProperty("error_code")] public int? ErrorCode { get; set; }
    [System.Text.Json.Serialization.JsonPropertyName("error_message")] [Newtonsoft.Json.JsonProperty("error_message")] public string? ErrorMessage { get; set; }
    [System.Text.Json.Serialization.JsonPropertyName("url")] [Newtonsoft.Json.JsonProperty("url")] public Uri? Url { get; set; }
    [System.Text.Json.Serialization.JsonPropertyName("links")] [Newtonsoft.Json.JsonProperty("links")] public Dictionary<string, Uri>? Links { get; set; }
}

public sealed class PlainParticipant
{
    [System.Text.Json.Serialization.JsonPropertyName("sid")] [Newtonsoft.Json.JsonProperty("sid")] public string? Sid { get; set; }
    [System.Text.Json.Serialization.JsonPropertyName("type")] [Newtonsoft.Json.JsonProperty("type")] public string? Type { get; set; }
    [System.Text.Json.Serialization.JsonPropertyName("interaction_sid")] [Newtonsoft.Json.JsonProperty("interaction_sid")] public string? InteractionSid { get; set; }
    [System.Text.Json.Serialization.JsonPropertyName("channel_sid")] [Newtonsoft.Json.JsonProperty("channel_sid")] public string? ChannelSid { get; set; }
    [System.Text.Json.Serialization.JsonPropertyName("url")] [Newtonsoft.Json.JsonProperty("url")] public Uri? Url { get; set; }
    [System.Text.Json.Serialization.JsonPropertyName("routing_properties")] [Newtonsoft.Json.JsonProperty("routing_properties")] public Dictionary<string, string>? RoutingProperties { get; set; }
}

public sealed class PlainMeta
{
    [System.Text.Json.Serialization.JsonPropertyName("page")] [Newtonsoft.Json.JsonProperty("page")] public int Page { get; set; }
    [System.Text.Json.Serialization.JsonPropertyName("page_size")] [Newtonsoft.Json.JsonProperty("page_size")] public int PageSize { get; set; }
    [System.Text.Json.Serialization.JsonPropertyName("next_page_url")] [Newtonsoft.Json.JsonProperty("next_page_url")] public Uri? NextPageUrl { get; set; }
    [System.Text.Json.Serialization.JsonPropertyName("key")] [Newtonsoft.Json.JsonProperty("key")] public string? Key { get; set; }
}

public sealed class PlainParticipantPage
{
    [System.Text.Json.Serialization.JsonPropertyName("participants")] [Newtonsoft.Json.JsonProperty("participants")] public List<PlainParticipant>? Participants { get; set; }
    [System.Text.Json.Serialization.JsonPropertyName("meta")] [Newtonsoft.Json.JsonProperty("meta")] public PlainMeta? Meta { get; set; }
}

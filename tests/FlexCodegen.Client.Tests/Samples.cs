namespace FlexCodegen.Client.Tests;

/// <summary>Response bodies in Twilio's shapes (from the spec's examples).</summary>
public static class Samples
{
    public const string InteractionSid = "KDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    public const string ChannelSid = "UOaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1";

    public static string Channel(string status = "active", string sid = ChannelSid) => $$$"""
        {"sid":"{{{sid}}}","interaction_sid":"{{{InteractionSid}}}","type":"sms","status":"{{{status}}}","error_code":null,"error_message":null,
         "url":"https://flex-api.twilio.com/v1/Interactions/{{{InteractionSid}}}/Channels/{{{sid}}}",
         "links":{"participants":"https://flex-api.twilio.com/v1/Interactions/{{{InteractionSid}}}/Channels/{{{sid}}}/Participants"}}
        """;

    public static string NotFound => """{"code":20404,"message":"The requested resource /v1/Interactions/KDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa was not found","more_info":"https://www.twilio.com/docs/errors/20404","status":404}""";
}

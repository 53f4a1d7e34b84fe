using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Xml;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FlexCodegen.Emulator;

/// <summary>
/// Conversations' Fetch and Update Conversation for the Conversations interaction channels are bound to (and those a
/// test registered with <see cref="AddConversation"/>), validated from <c>twilio_conversations_v1.json</c>.
/// </summary>
public sealed partial class FlexEmulator
{
    private const string ConversationInstance = "/v1/Conversations/{Sid}";

    /// <summary>The Conversation Service every Conversation of this emulator belongs to (the account's default one).</summary>
    private readonly string _chatServiceSid = Store.NewSid("IS");

    private void MapConversations(WebApplication app)
    {
        app.MapGet("/v1/Conversations/{ch}", (HttpRequest r, string ch) => Handle(r, () => Json(ConversationJson(r, Conversation(r, ch)))));
        app.MapPost("/v1/Conversations/{ch}", (HttpRequest r, string ch) => Handle(r, () => UpdateConversation(r, ch)));
    }

    /// <summary>By SID, or by unique_name ("Can also be the unique_name of the Conversation"); timers due now fire first.</summary>
    private EmulatedConversation Conversation(HttpRequest r, string sidOrUniqueName)
    {
        var conversation = IsSid(sidOrUniqueName, "CH")
            ? Store.Conversation(sidOrUniqueName)
            : Store.ConversationByUniqueName(sidOrUniqueName);
        if (conversation is null) throw ApiError.NotFound(r.Path);
        conversation.Settle(Now);
        return conversation;
    }

    /// <summary>
    /// State moves between active and inactive and on to closed, which is final: a closed Conversation is read-only
    /// (Twilio: "you can't reactivate it"). Everything is checked before anything changes.
    /// </summary>
    private IResult UpdateConversation(HttpRequest r, string ch)
    {
        var conversation = Conversation(r, ch);
        var form = SpecRules.Conversations.ReadForm(ConversationInstance, r.Form, strict: true);
        if (r.Headers.TryGetValue("X-Twilio-Webhook-Enabled", out var webhook)
            && !SpecRules.Conversations.Enum("conversation_enum_webhook_enabled_type").Contains(webhook.ToString()))
            throw ApiError.Invalid($"Invalid X-Twilio-Webhook-Enabled: must be true or false, got '{SpecRules.Shorten(webhook.ToString())}'");
        if (form.Count == 0) return Json(ConversationJson(r, conversation));
        if (conversation.State == "closed")
            throw ApiError.Invalid($"Conversation {conversation.Sid} is closed, which is final; it is read-only");

        string? state = form["State"]?.GetValue<string>();
        if (state == "initializing")
            throw ApiError.Invalid("Invalid State: initializing is Twilio's to set while it creates a Conversation; set active, inactive or closed");
        string? friendlyName = form["FriendlyName"]?.GetValue<string>();
        if (friendlyName is { Length: > 256 })
            throw ApiError.Invalid($"Invalid FriendlyName: at most 256 characters, got {friendlyName.Length}");
        string? attributes = null;
        if (form["Attributes"]?.GetValue<string>() is string attributesText)
        {
            StrictJson.Parse("Attributes", attributesText); // "must contain structurally valid JSON"; kept as given
            attributes = attributesText;
        }
        string? uniqueName = form["UniqueName"]?.GetValue<string>();
        if (uniqueName is not null)
        {
            if (IsSid(uniqueName, "CH"))
                throw ApiError.Invalid("Invalid UniqueName: it cannot have the form of a Conversation SID, or the URL could not tell them apart");
            RefuseUnfetchable(uniqueName);
            if (Store.ConversationByUniqueName(uniqueName) is { } other && other != conversation)
                throw new ApiError(409, 50353, $"Conversation with provided unique name {SpecRules.Shorten(uniqueName)} already exists");
        }
        var created = form["DateCreated"]?.GetValue<string>() is string createdText ? SpecRules.ParseDateTime(createdText) : null;
        var updated = form["DateUpdated"]?.GetValue<string>() is string updatedText ? SpecRules.ParseDateTime(updatedText) : null;
        var inactiveAfter = Duration(form, "Timers.Inactive", TimeSpan.FromMinutes(1));
        var closedAfter = Duration(form, "Timers.Closed", TimeSpan.FromMinutes(10));

        var now = Now;
        if (friendlyName is not null) conversation.FriendlyName = friendlyName;
        if (attributes is not null) conversation.Attributes = attributes;
        if (uniqueName is not null) conversation.UniqueName = uniqueName;
        if (form["MessagingServiceSid"]?.GetValue<string>() is string messagingService) conversation.MessagingServiceSid = messagingService;
        if (form["Bindings.Email.Address"]?.GetValue<string>() is string address) conversation.EmailAddress = address;
        if (form["Bindings.Email.Name"]?.GetValue<string>() is string name) conversation.EmailName = name;
        if (created is { } c) conversation.DateCreated = c;
        conversation.DateUpdated = updated ?? now;
        if (state == "closed") conversation.Close(conversation.DateUpdated);
        else if (state is not null) conversation.State = state;
        if (conversation.State != "closed")
        {
            if (inactiveAfter is { } toInactive) conversation.DateInactive = now + toInactive;
            if (closedAfter is { } toClosed) conversation.DateClosed = now + toClosed;
        }
        return Json(ConversationJson(r, conversation));
    }

    /// <summary>The longest unique name, escaped for a URL path, that still fits in a request line (Kestrel's is 8 KB, with the method, path and version around it).</summary>
    private const int MaxEscapedUniqueName = 8000;

    /// <summary>
    /// A unique name "can be used to address the resource in place of the resource's sid in the URL", so one that a URL
    /// path cannot carry back is refused rather than stored where no fetch can reach it: a '/' (escaped as %2F, the
    /// server keeps it escaped, so the name never matches), '.' and '..' (dot segments, removed from every path), and a
    /// name whose escaped form is too long for a request line. Twilio does not document its rule; this one is the
    /// emulator's, so a test never stores a name it cannot read back.
    /// </summary>
    private static void RefuseUnfetchable(string uniqueName)
    {
        string? why = uniqueName switch
        {
            _ when uniqueName.Contains('/') => "it holds a '/', which a URL path segment cannot carry",
            "." or ".." => "'.' and '..' are removed from URL paths",
            _ when Uri.EscapeDataString(uniqueName).Length > MaxEscapedUniqueName =>
                $"escaped for a URL it is {Uri.EscapeDataString(uniqueName).Length} characters, over the {MaxEscapedUniqueName} a request line can carry",
            _ => null,
        };
        if (why is not null)
            throw ApiError.Invalid($"Invalid UniqueName: the Conversation could not be fetched at /v1/Conversations/{{UniqueName}} with it: {why}");
    }

    /// <summary>An ISO 8601 duration (<c>PT10M</c>) of at least <paramref name="minimum"/>, the timer's documented minimum.</summary>
    private static TimeSpan? Duration(JsonObject form, string name, TimeSpan minimum)
    {
        if (form[name]?.GetValue<string>() is not string text) return null;
        TimeSpan value;
        try
        {
            // xsd:duration is ISO 8601's; years and months count as 365 and 30 days.
            value = XmlConvert.ToTimeSpan(text);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            throw ApiError.Invalid($"Invalid {name}: must be an ISO 8601 duration such as PT10M, got '{SpecRules.Shorten(text)}'");
        }
        if (value < minimum)
            throw ApiError.Invalid($"Invalid {name}: must be at least {XmlConvert.ToString(minimum)}, got {SpecRules.Shorten(text)}");
        if (value > TimeSpan.FromDays(3 * 365))
            throw ApiError.Invalid($"Invalid {name}: at most three years (a Conversation's lifespan), got {SpecRules.Shorten(text)}");
        return value;
    }

    // ---- the response shape: conversations.v1.conversation ----

    private JsonObject ConversationJson(HttpRequest r, EmulatedConversation c)
    {
        JsonObject? timers = c.DateInactive is null && c.DateClosed is null ? new JsonObject() : new JsonObject
        {
            ["date_inactive"] = c.DateInactive is { } inactive ? Date(inactive) : null,
            ["date_closed"] = c.DateClosed is { } closed ? Date(closed) : null,
        };
        return new JsonObject
        {
            ["account_sid"] = AccountSid,
            ["chat_service_sid"] = _chatServiceSid,
            ["messaging_service_sid"] = c.MessagingServiceSid,
            ["sid"] = c.Sid,
            ["friendly_name"] = c.FriendlyName,
            ["unique_name"] = c.UniqueName,
            ["attributes"] = c.Attributes,
            ["state"] = c.State,
            ["date_created"] = Date(c.DateCreated),
            ["date_updated"] = Date(c.DateUpdated),
            ["timers"] = timers,
            ["url"] = Url(r, "v1", "Conversations", c.Sid),
            ["links"] = new JsonObject
            {
                ["participants"] = Url(r, "v1", "Conversations", c.Sid, "Participants"),
                ["messages"] = Url(r, "v1", "Conversations", c.Sid, "Messages"),
                ["webhooks"] = Url(r, "v1", "Conversations", c.Sid, "Webhooks"),
            },
            ["bindings"] = c.EmailAddress is null && c.EmailName is null ? null : new JsonObject
            {
                ["email"] = new JsonObject { ["address"] = c.EmailAddress, ["name"] = c.EmailName },
            },
        };
    }
}

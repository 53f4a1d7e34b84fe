using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace FlexCodegen.Emulator;

/// <summary>Responses in the spec's shapes: <c>url</c>, <c>links</c>, and list <c>meta</c> with working paging.</summary>
public sealed partial class FlexEmulator
{
    /// <summary>
    /// An absolute URL for an answer: the origin the request came in on, then the path's segments, each escaped (ids
    /// come from the store, which holds only checked ones, and are escaped all the same).
    /// </summary>
    private string Url(HttpRequest r, params ReadOnlySpan<string> segments)
    {
        var url = new StringBuilder(Origin(r));
        foreach (string segment in segments) url.Append('/').Append(Uri.EscapeDataString(segment));
        return url.ToString();
    }

    /// <summary>
    /// The scheme, host and port as the request came in, so every URL in an answer is same-origin for whoever called: a
    /// client at <c>http://localhost:PORT</c> follows its next page there, not to the <c>127.0.0.1</c> the emulator
    /// listens on (a client rightly refuses to follow a page to another origin). A request with no Host (HTTP/1.0) gets
    /// <see cref="BaseAddress"/>'s.
    /// </summary>
    private string Origin(HttpRequest r) => r.Host.HasValue
        ? r.Scheme + "://" + r.Host.ToUriComponent() + r.PathBase.ToUriComponent()
        : BaseAddress.GetLeftPart(UriPartial.Authority);

    private JsonObject InteractionJson(HttpRequest r, EmulatedInteraction i)
    {
        var channel = i.Channels.FirstOrDefault();
        var task = channel?.Tasks.FirstOrDefault();
        JsonObject? routing = null;
        if (i.Routing is not null)
        {
            var properties = i.Routing["properties"]?.DeepClone() as JsonObject ?? new JsonObject();
            if (task is not null)
            {
                properties["sid"] = task.Sid;
                properties["assignment_status"] = task.Status;
            }
            properties["account_sid"] = AccountSid;
            routing = new JsonObject { ["reservation"] = null, ["properties"] = properties };
        }
        return new JsonObject
        {
            ["sid"] = i.Sid,
            ["channel"] = channel is null ? null : new JsonObject { ["type"] = channel.Type, ["sid"] = channel.Sid },
            ["routing"] = routing,
            ["interaction_context_sid"] = i.InteractionContextSid,
            ["webhook_ttid"] = i.WebhookTtid,
            ["url"] = Url(r, "v1", "Interactions", i.Sid),
            ["links"] = new JsonObject { ["channels"] = Url(r, "v1", "Interactions", i.Sid, "Channels") },
        };
    }

    private JsonObject ChannelJson(HttpRequest r, EmulatedChannel c)
    {
        return new JsonObject
        {
            ["sid"] = c.Sid,
            ["interaction_sid"] = c.InteractionSid,
            ["type"] = c.Type,
            ["status"] = c.Status,
            ["error_code"] = c.ErrorCode,
            ["error_message"] = c.ErrorMessage,
            ["url"] = Url(r, "v1", "Interactions", c.InteractionSid, "Channels", c.Sid),
            ["links"] = new JsonObject
            {
                ["participants"] = Url(r, "v1", "Interactions", c.InteractionSid, "Channels", c.Sid, "Participants"),
                ["invites"] = Url(r, "v1", "Interactions", c.InteractionSid, "Channels", c.Sid, "Invites"),
                ["transfers"] = Url(r, "v1", "Interactions", c.InteractionSid, "Channels", c.Sid, "Transfers"),
            },
        };
    }

    private JsonObject InviteJson(HttpRequest r, EmulatedChannel c, EmulatedInvite invite) => new()
    {
        ["sid"] = invite.Sid,
        ["interaction_sid"] = c.InteractionSid,
        ["channel_sid"] = c.Sid,
        ["routing"] = invite.Routing.DeepClone(),
        ["url"] = Url(r, "v1", "Interactions", c.InteractionSid, "Channels", c.Sid, "Invites", invite.Sid),
    };

    private JsonObject ParticipantJson(HttpRequest r, EmulatedChannel c, EmulatedParticipant p) => new()
    {
        ["sid"] = p.Sid,
        ["type"] = p.Type,
        ["interaction_sid"] = c.InteractionSid,
        ["channel_sid"] = c.Sid,
        ["url"] = Url(r, "v1", "Interactions", c.InteractionSid, "Channels", c.Sid, "Participants", p.Sid),
        ["routing_properties"] = p.RoutingProperties?.DeepClone(),
    };

    private JsonObject TransferJson(HttpRequest r, EmulatedChannel c, EmulatedTransfer t) => new()
    {
        ["sid"] = t.Sid,
        ["account_sid"] = AccountSid,
        ["interaction_sid"] = c.InteractionSid,
        ["channel_sid"] = c.Sid,
        ["type"] = t.Type,
        ["status"] = t.Status,
        ["from"] = t.From,
        ["to"] = t.To,
        ["date_created"] = t.Created.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ["date_updated"] = t.Updated.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ["url"] = Url(r, "v1", "Interactions", c.InteractionSid, "Channels", c.Sid, "Transfers", t.Sid),
    };

    /// <summary>
    /// Twilio's list shape. PageToken (<c>PT</c> + the index of the page's first item) says where the page starts; Page
    /// is the client's own count, echoed. Both are whole numbers the next page can still carry (0 to 2,147,483,646),
    /// else 400; a PageToken past the end is an empty last page (no next URL). Offsets are added in 64 bits, so a next
    /// or previous URL never wraps around.
    /// </summary>
    private IResult Page(HttpRequest r, string key, IEnumerable<JsonObject> all)
    {
        const int MaxIndex = int.MaxValue - 1;
        int size = 50;
        if (r.Query.TryGetValue("PageSize", out var sizeText) && (!int.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size < 1 || size > 1000))
            throw ApiError.Invalid($"Invalid PageSize: must be between 1 and 1000, got '{sizeText}'");
        int page = 0;
        if (r.Query.TryGetValue("Page", out var pageText) && (!int.TryParse(pageText, NumberStyles.None, CultureInfo.InvariantCulture, out page) || page > MaxIndex))
            throw ApiError.Invalid($"Invalid Page: must be a whole number from 0 to {MaxIndex}, got '{pageText}'");
        int start = 0;
        if (r.Query.TryGetValue("PageToken", out var token) && (!token.ToString().StartsWith("PT", StringComparison.Ordinal)
            || !int.TryParse(token.ToString()[2..], NumberStyles.None, CultureInfo.InvariantCulture, out start) || start > MaxIndex))
            throw ApiError.Invalid($"Invalid PageToken: '{token}'");
        var items = all.ToList();
        var slice = items.Skip(start).Take(size).ToList();
        // The path as the request came in (escaped again), on the request's origin: the next page is where this one was.
        string path = Origin(r) + r.Path.ToUriComponent();
        // The list's filters stay in every page URL (as Twilio's do), so the next page lists the same items.
        string filters = string.Concat(r.Query.Where(q => q.Key is not ("PageSize" or "Page" or "PageToken"))
            .SelectMany(q => q.Value.Select(v => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(v ?? "") + "&")));
        string PageUrl(long pageNumber, long first) => $"{path}?{filters}PageSize={size}&Page={pageNumber}" + (first > 0 ? $"&PageToken=PT{first}" : "");
        long next = (long)start + size;
        var meta = new JsonObject
        {
            ["page"] = page,
            ["page_size"] = size,
            ["first_page_url"] = PageUrl(0, 0),
            ["previous_page_url"] = page > 0 ? PageUrl(page - 1, Math.Max(0L, (long)start - size)) : null,
            ["url"] = PageUrl(page, start),
            // items.Count is an int, so a next offset below it is a valid PageToken, and page < MaxIndex here.
            ["next_page_url"] = next < items.Count && page < MaxIndex ? PageUrl(page + 1L, next) : null,
            ["key"] = key,
        };
        return Json(new JsonObject { [key] = new JsonArray(slice.ToArray<JsonNode>()), ["meta"] = meta });
    }
}

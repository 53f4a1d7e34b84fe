using System;
using System.Collections.Generic;
using System.Linq;
using FlexCodegen.Generator.Diagnostics;
using FlexCodegen.Generator.Model;
using FlexCodegen.Generator.Names;

namespace FlexCodegen.Generator.Parsing;

internal sealed partial class SpecParser
{
    /// <summary>A webhook's payload: the model its body is read into, and where the body is declared.</summary>
    private sealed record Payload(string TypeName, string Pointer);

    /// <summary>
    /// The payloads of the requests the API makes to an app (3.1 <c>webhooks</c>, 3.0 <c>callbacks</c>): each body is a
    /// model exactly as an answer's is (same ids, enums, tolerant reader). A body that is a component is that component's
    /// model; one written in place gets a model of its own, named after the webhook (<c>newPet</c> →
    /// <c>NewPetPayload</c>). What cannot be typed is FLXG014 at its place, and the rest still generates.
    /// </summary>
    private List<Payload> BuildWebhooks()
    {
        var payloads = new List<Payload>();
        // A body written in place inside a path item many entries name is one model, not one per entry.
        var inlineByPointer = new Dictionary<string, string>(StringComparer.Ordinal);
        var webhooks = _document.Webhooks
            .OrderBy(w => w.Source).ThenBy(w => w.Name, StringComparer.Ordinal).ThenBy(w => w.Pointer, StringComparer.Ordinal);
        foreach (var webhook in webhooks)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            string what = (webhook.Source == WebhookSource.Webhook ? "Webhook" : "Callback") + " '" + Quote(webhook.Name) + "'";
            var operations = Operations(webhook.Item).ToList();
            if (operations.Count == 0)
            {
                Once(webhook.Pointer, what, "has no operation (post, put, …) describing the request the API makes");
                continue;
            }
            foreach (var (method, op) in operations)
            {
                string operationPointer = webhook.Pointer + "/" + method.Method.ToLowerInvariant();
                string where = what + " (" + method.Method.ToLowerInvariant() + ")";
                if (PayloadOf(op, where, webhook.Name, operationPointer, inlineByPointer) is Payload payload)
                    payloads.Add(payload);
            }
        }
        return payloads;
    }

    private Payload? PayloadOf(SpecOperation op, string where, string webhookName, string operationPointer, Dictionary<string, string> inlineByPointer)
    {
        if (op.RequestBody is null)
        {
            Once(operationPointer, where, "has no requestBody: the payload is what the API sends in it");
            return null;
        }
        var (mediaType, body) = PayloadBody(op);
        if (mediaType is null)
        {
            Once(operationPointer + "/requestBody", where, "has a requestBody with no content");
            return null;
        }
        string contentPointer = operationPointer + "/requestBody/content/" + Escape(mediaType);
        if (Essence(mediaType) is not ("application/x-www-form-urlencoded" or "application/json"))
        {
            Once(contentPointer, where, $"sends '{Quote(mediaType)}', and a payload is read from application/x-www-form-urlencoded or application/json");
            return null;
        }
        string bodyPointer = contentPointer + "/schema";
        if (body is null)
        {
            Once(contentPointer, where, $"has no schema for its '{mediaType}' body");
            return null;
        }
        var target = Target(body, bodyPointer); // a reference that leads nowhere is FLXG002 there
        if (target is null) return null;

        if (RefId(body) is not null)
        {
            var type = Resolve(body, webhookName, "Payload", bodyPointer);
            if (type.Kind == ValueKind.Object && type.Name is not null) return new Payload(type.Name, bodyPointer);
            Once(bodyPointer, where, $"has a body whose schema '{Quote(body.Ref!)}' is not an object with properties (its fields are the payload)");
            return null;
        }
        if (target.Properties is not { Count: > 0 })
        {
            Once(bodyPointer, where, "has a body schema that is not an object with properties (its fields are the payload)");
            return null;
        }
        if (!inlineByPointer.TryGetValue(bodyPointer, out var name))
        {
            string wanted = Naming.Identifier(Naming.Pascal(webhookName), "Webhook") + "Payload";
            name = ClaimType(new[] { wanted }, bodyPointer, webhookName + " payload");
            inlineByPointer[bodyPointer] = name;
            _objects.Add(MakeObject(name, target, bodyPointer));
        }
        return new Payload(name, bodyPointer);
    }

    /// <summary>
    /// The body a payload is read from: form fields first (what Twilio posts), then JSON, by the media type's essence
    /// (<c>application/json; charset=utf-8</c> is JSON); else the first in ordinal order, to be reported.
    /// </summary>
    private static (string? MediaType, SpecSchema? Schema) PayloadBody(SpecOperation op)
    {
        var content = op.RequestBody;
        if (content is null || content.Count == 0) return (null, null);
        foreach (var wanted in new[] { "application/x-www-form-urlencoded", "application/json" })
            foreach (var pair in content.OrderBy(c => c.Key, StringComparer.Ordinal))
                if (Essence(pair.Key) == wanted) return (pair.Key, pair.Value);
        var first = content.OrderBy(c => c.Key, StringComparer.Ordinal).First();
        return (first.Key, first.Value);
    }

    /// <summary>A media type without its parameters, in lower case: <c>Application/JSON; charset=utf-8</c> → <c>application/json</c>.</summary>
    private static string Essence(string mediaType)
    {
        int semicolon = mediaType.IndexOf(';');
        return (semicolon < 0 ? mediaType : mediaType.Substring(0, semicolon)).Trim().ToLowerInvariant();
    }

    /// <summary>FLXG014 at <paramref name="pointer"/>, once however many entries lead to the same place.</summary>
    private void Once(string pointer, string what, string why)
    {
        if (_reportedPlaces.Add("webhook:" + pointer)) Report(DiagnosticDescriptors.WebhookWithoutPayload, pointer, what, why);
    }

    /// <summary>
    /// One catalogue of constants per enum that types a payload's event-type field (a field named <c>EventType</c>,
    /// <c>event_type</c> or <c>eventType</c>: how Twilio's callbacks name it), named after the enum in the plural
    /// (<c>TaskrouterEventType</c> → <c>TaskrouterEventTypes</c>), with a constant per value it lists.
    /// </summary>
    private EquatableArray<EventTypesModel> EventTypes(List<Payload> payloads)
    {
        var objects = _objects.GroupBy(o => o.TypeName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var enums = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var payload in payloads)
        {
            if (!objects.TryGetValue(payload.TypeName, out var model)) continue;
            foreach (var p in model.Properties)
                if (p.Type.Kind == ValueKind.Enum && p.Type.Name is not null && Naming.Pascal(p.JsonName) == "EventType") enums.Add(p.Type.Name);
        }

        var result = new List<EventTypesModel>();
        foreach (var enumName in enums)
        {
            var source = _enums.First(e => e.TypeName == enumName);
            string typeName = ClaimType(new[] { enumName + "s" }, source.Pointer ?? "#", enumName + "'s event types");
            // The enum's member names gave way to the enum's own members (Value, IsKnown); a class of constants has none.
            var used = new HashSet<string>(GeneratedMembers.EventTypes, StringComparer.Ordinal) { typeName };
            var members = new List<EnumMember>();
            foreach (var m in source.Members)
            {
                string wanted = m.WireValue.Length == 0 ? "Empty" : Naming.Identifier(Naming.Pascal(m.WireValue));
                if (wanted.Length == 0) wanted = "Value";
                string name = NameRegistry.Claim(used, wanted);
                if (name != wanted)
                    Report(DiagnosticDescriptors.NameClash, source.Pointer, $"Event type '{Quote(m.WireValue)}' in {typeName}", wanted, name);
                members.Add(m with { Name = name });
            }
            result.Add(new EventTypesModel(typeName, enumName, members.ToEquatableArray(), source.Description, source.Pointer));
        }
        return result.OrderBy(e => e.TypeName, StringComparer.Ordinal).ToEquatableArray();
    }
}

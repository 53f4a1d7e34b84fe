using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using FlexCodegen.Generator.Diagnostics;
using FlexCodegen.Generator.Model;

namespace FlexCodegen.Generator.Parsing;

internal sealed partial class SpecParser
{
    /// <summary>
    /// Reads a body schema's <c>x-rules</c>: <c>[{ "rule": text, "if": { path: predicate }, "then": { path: predicate } }]</c>,
    /// a predicate being <c>{ "present": bool }</c> or <c>{ "equals": [values] }</c>. Paths start at a request field's wire
    /// name and continue through typed objects' JSON names.
    /// </summary>
    private List<RuleModel> Rules(SpecSchema? body, List<RequestField> fields, string operationId, string pointer)
    {
        var rules = new List<RuleModel>();
        if (body?.Rules is not JsonNode extension) return rules;
        if (extension is not JsonArray array)
        {
            Report(DiagnosticDescriptors.RuleUnusable, pointer, "x-rules", operationId, "x-rules must be an array of rules");
            return rules;
        }

        foreach (var item in array)
        {
            if (item is not JsonObject node)
            {
                Report(DiagnosticDescriptors.RuleUnusable, pointer, item?.ToJsonString() ?? "null", operationId, "a rule must be an object with 'rule', 'if' and 'then'");
                continue;
            }
            string text = node["rule"] is JsonValue r && r.TryGetValue<string>(out var named) ? named : "(unnamed rule)";
            var when = Predicates(node["if"], fields, operationId, text, pointer, isThen: false);
            var then = Predicates(node["then"], fields, operationId, text, pointer, isThen: true);
            if (when is null || then is null || then.Count == 0)
            {
                if (then is { Count: 0 })
                    Report(DiagnosticDescriptors.RuleUnusable, pointer, text, operationId, "it has no 'then' predicates");
                continue;
            }
            rules.Add(new RuleModel(text, when.ToEquatableArray(), then.ToEquatableArray()));
        }
        return rules;
    }

    private List<RulePredicate>? Predicates(JsonNode? node, List<RequestField> fields, string operationId, string rule, string pointer, bool isThen)
    {
        var result = new List<RulePredicate>();
        if (node is null) return result;
        if (node is not JsonObject predicates)
        {
            Report(DiagnosticDescriptors.RuleUnusable, pointer, rule, operationId, "'if' and 'then' must be objects of path: predicate");
            return null;
        }
        foreach (var pair in predicates)
        {
            var resolved = ResolvePath(pair.Key, fields);
            if (resolved is { ItemAt: >= 0 } && !isThen)
            {
                Report(DiagnosticDescriptors.RuleUnusable, pointer, rule, operationId, $"'{pair.Key}' has [*], which only a 'then' predicate may use (each item must hold)");
                return null;
            }
            if (resolved is null)
            {
                Report(DiagnosticDescriptors.RuleUnusable, pointer, rule, operationId, $"'{pair.Key}' is not a field of the request or of its typed objects (fix the path, or type the object in the overlay)");
                return null;
            }
            var predicate = pair.Value as JsonObject;
            bool? present = predicate?["present"] is JsonValue p && p.TryGetValue<bool>(out var b) ? b : null;
            var oneOf = predicate?["equals"] is JsonArray values
                ? values.Select(v => v is JsonValue jv && jv.TryGetValue<string>(out var s) ? s : v?.ToJsonString() ?? "null").ToList()
                : new List<string>();
            if (present is null && oneOf.Count == 0)
            {
                Report(DiagnosticDescriptors.RuleUnusable, pointer, rule, operationId, $"the predicate on '{pair.Key}' needs \"present\": true/false or \"equals\": [values]");
                return null;
            }
            result.Add(new RulePredicate(pair.Key, resolved.Value.Members.ToEquatableArray(), resolved.Value.Leaf, present, oneOf.ToEquatableArray(), resolved.Value.ItemAt));
        }
        return result;
    }

    /// <summary>
    /// <c>Channel.properties.media_channel_sid</c> → the C# members <c>[Channel, Properties, MediaChannelSid]</c>. One
    /// segment may end in <c>[*]</c> (<c>Channel.participants[*].address</c>): the members after it apply to each item,
    /// and <c>ItemAt</c> is where they start (-1 without <c>[*]</c>).
    /// </summary>
    private (List<string> Members, ValueKind Leaf, int ItemAt)? ResolvePath(string path, List<RequestField> fields)
    {
        var segments = path.Split('.');
        int itemAt = -1;
        var members = new List<string>();
        TypeRef? type = null;
        for (int i = 0; i < segments.Length; i++)
        {
            string segment = segments[i];
            bool each = segment.EndsWith("[*]", StringComparison.Ordinal);
            if (each) segment = segment.Substring(0, segment.Length - 3);
            PropertyModel? property;
            if (type is null)
            {
                property = fields.FirstOrDefault(f => f.Field.JsonName == segment)?.Field;
            }
            else
            {
                if (type.Kind != ValueKind.Object) return null;
                string name = type.Name!;
                property = _objects.FirstOrDefault(o => o.TypeName == name)?.Properties.FirstOrDefault(p => p.JsonName == segment);
            }
            if (property is null) return null;
            members.Add(property.Name);
            type = property.Type;
            if (each)
            {
                if (itemAt >= 0 || type.Kind != ValueKind.Array || type.Item is null) return null; // one [*], on an array
                itemAt = members.Count;
                type = type.Item;
            }
        }
        return type is null ? null : (members, type.Kind, itemAt);
    }
}

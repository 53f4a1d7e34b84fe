using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using FlexCodegen.Generator.Diagnostics;
using FlexCodegen.Generator.Model;
using FlexCodegen.Generator.Names;

namespace FlexCodegen.Generator.Parsing;

internal sealed partial class SpecParser
{
    /// <summary>A node of the resource tree while it is being built.</summary>
    private sealed class NodeDraft
    {
        public NodeDraft(string key, string segment, bool isParameter, NodeDraft? parent)
        {
            Key = key; Segment = segment; IsParameter = isParameter; Parent = parent;
        }
        public string Key { get; }
        public string Segment { get; }
        public bool IsParameter { get; }
        public NodeDraft? Parent { get; }
        public SortedDictionary<string, NodeDraft> Children { get; } = new(StringComparer.Ordinal);
        public List<OperationModel> Operations { get; } = new();
        public TypeRef? ParameterType { get; set; }
        public string? ParameterName { get; set; }
        public string? ModelName { get; set; }
        public string ClassName { get; set; } = "";
        public string? SpecPath { get; set; }
    }

    private (EquatableArray<RequestModel>, EquatableArray<ResourceModel>) BuildOperations(EmitContext context)
    {
        string? version = VersionRoot();
        var root = new NodeDraft("", version ?? "", false, null);
        var requests = new List<RequestModel>();

        foreach (var (path, item) in Paths())
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var segments = path.Trim('/').Split('/').Where(s => s.Length > 0).ToList();
            if (version is not null && segments.Count > 0 && segments[0] == version) segments.RemoveAt(0);
            // Twilio's 2010 API ends its paths in ".json" (/Accounts/{Sid}.json): a suffix of the URL, not part of the name.
            string suffix = "";
            if (segments.Count > 0 && segments[segments.Count - 1] is { Length: > 5 } last && last.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                suffix = last.Substring(last.Length - 5);
                segments[segments.Count - 1] = last.Substring(0, last.Length - 5);
            }

            var operations = Operations(item).ToList();
            var node = root;
            foreach (var segment in segments)
            {
                bool isParameter = segment.StartsWith("{", StringComparison.Ordinal) && segment.EndsWith("}", StringComparison.Ordinal);
                string childKey = isParameter ? "{}" : segment;
                if (!node.Children.TryGetValue(childKey, out var child))
                    node.Children[childKey] = child = new NodeDraft(node.Key + "/" + childKey, segment, isParameter, node);
                if (isParameter && child.ParameterType is null or { Kind: ValueKind.String })
                {
                    string name = segment.Substring(1, segment.Length - 2);
                    var parameter = operations.SelectMany(o => Parameters(item, o.Operation)).FirstOrDefault(p => p.In == ParameterLocation.Path && p.Name == name);
                    var type = parameter?.Schema is null ? TypeRef.String : Resolve(parameter.Schema, "Path", name, parameter.Pointer + "/schema");
                    child.ParameterType = type.Kind == ValueKind.Sid ? type : TypeRef.String;
                    child.ParameterName = name;
                }
                node = child;
            }
            node.SpecPath ??= path;

            foreach (var (method, op) in operations)
            {
                string pointer = OperationPointer(path, method);
                string operationId = op.OperationId is { Length: > 0 } id ? id : Naming.Pascal(method.Method.ToLowerInvariant() + " " + path);
                var request = MakeRequest(item, op, operationId, pointer);
                if (request is not null) requests.Add(request);
                var (response, pageItems, status) = ResponseOf(op, operationId, pointer);
                var kind = KindOf(operationId, method, pageItems is not null, node.IsParameter || path.EndsWith("}", StringComparison.Ordinal));
                string methodName = kind + "Async";
                if (node.Operations.Any(o => o.MethodName == methodName))
                {
                    string fallback = Naming.Pascal(operationId) + "Async";
                    Report(DiagnosticDescriptors.NameClash, pointer, $"Operation '{operationId}' (beside another operation on its resource)", methodName, fallback);
                    methodName = fallback;
                }
                bool requestRequired = request is not null && request.Fields.Any(f => f.Field.Required);
                node.Operations.Add(new OperationModel(methodName, kind, method.Method.ToUpperInvariant(), operationId, Text(op.Summary ?? op.Description),
                    request?.TypeName, requestRequired, response, pageItems, suffix, path, status, PartsOf(request)));
                node.ModelName ??= response is { Kind: ValueKind.Object } ? response.Name : null;
            }
        }

        // A spec with no operation (only webhooks and components, or paths with none) gets no client: an empty one would
        // be a class to construct that calls nothing, and a registration of it that sends nothing.
        if (!HasOperations(root))
            return (requests.OrderBy(r => r.TypeName, StringComparer.Ordinal).ToEquatableArray(), EquatableArray<ResourceModel>.Empty);

        var resources = new List<ResourceModel>();
        NameNodes(root, context.ClientName);
        Flatten(root, resources, "client");
        return (requests.OrderBy(r => r.TypeName, StringComparer.Ordinal).ToEquatableArray(), resources.ToEquatableArray());
    }

    private static bool HasOperations(NodeDraft node)
    {
        // A stack, not recursion: a path of many segments takes no call stack.
        var pending = new Stack<NodeDraft>();
        pending.Push(node);
        while (pending.Count > 0)
        {
            var next = pending.Pop();
            if (next.Operations.Count > 0) return true;
            foreach (var child in next.Children.Values) pending.Push(child);
        }
        return false;
    }

    /// <summary>What the request's encoders write: the resource calls only those, and the request declares only those.</summary>
    internal static RequestParts PartsOf(RequestModel? request)
    {
        if (request is null) return RequestParts.None;
        var parts = RequestParts.None;
        foreach (var f in request.Fields)
            parts |= f.Location switch
            {
                FieldLocation.Query => RequestParts.Query,
                FieldLocation.Header => RequestParts.Headers,
                _ => RequestParts.Body,
            };
        // A declared JSON body is sent even when empty.
        return request.Body == BodyKind.Json ? parts | RequestParts.Body : parts;
    }

    private static OperationKind KindOf(string operationId, HttpMethod method, bool isPage, bool isInstance)
    {
        foreach (OperationKind kind in Enum.GetValues(typeof(OperationKind)))
            if (operationId.StartsWith(kind.ToString(), StringComparison.Ordinal)) return kind;
        return method.Method.ToUpperInvariant() switch
        {
            "GET" => isPage ? OperationKind.List : OperationKind.Fetch,
            "DELETE" => OperationKind.Delete,
            _ => isInstance ? OperationKind.Update : OperationKind.Create,
        };
    }

    /// <summary>The success response's type, and for a Twilio list page the property that holds the items.</summary>
    private (TypeRef? Type, string? PageItems, string Status) ResponseOf(SpecOperation op, string operationId, string pointer)
    {
        var success = op.Responses
            .Where(r => r.Key.StartsWith("2", StringComparison.Ordinal))
            .OrderBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => (Code: r.Key, Content: r.Value))
            .FirstOrDefault();
        string status = success.Code ?? "";
        if (success.Content is null || !success.Content.TryGetValue("application/json", out var schema) || schema is null)
            return (null, null, status);

        string responsePointer = pointer + "/responses/" + success.Code + "/content/application~1json/schema";
        if (RefId(schema) is null && schema.Properties is { Count: > 0 } props)
        {
            // Twilio's list shapes: { "<items>": [ ... ], "meta": { ... } } (v1 APIs), or the items beside
            // page, page_size and next_page_uri (the 2010 API).
            var arrays = props.Where(p => p.Key != "meta" && p.Value is not null && Has(p.Value, SchemaTypes.Array)).ToList();
            bool isPage = props.ContainsKey("meta") ? props.Count == 2 : props.ContainsKey("next_page_uri");
            if (isPage && arrays.Count == 1)
            {
                var item = arrays[0].Value.Items is null ? TypeRef.Json : Resolve(arrays[0].Value.Items!, operationId, arrays[0].Key, responsePointer);
                return (item, arrays[0].Key, status);
            }
            string name = ClaimType(new[] { Naming.Identifier(Naming.Pascal(operationId)) + "Response" }, responsePointer, operationId + " response");
            _objectNameBySchema["response:" + operationId] = name;
            _objects.Add(MakeObject(name, schema, responsePointer));
            return (Generated(ValueKind.Object, name), null, status);
        }
        return (Resolve(schema, operationId, "Response", responsePointer), null, status);
    }

    /// <summary>Query, header and body parameters of an operation: its request type. Path parameters live in the resource tree.</summary>
    private RequestModel? MakeRequest(SpecPathItem item, SpecOperation op, string operationId, string pointer)
    {
        string typeName = Naming.Identifier(Naming.Pascal(operationId)) + "Request";
        var fields = new List<RequestField>();
        var used = new HashSet<string>(GeneratedMembers.Request, StringComparer.Ordinal);
        var claimed = false;
        void Claim()
        {
            if (claimed) return;
            claimed = true;
            typeName = ClaimType(new[] { typeName }, pointer, operationId);
            used.Add(typeName);
        }

        foreach (var p in Parameters(item, op).Where(p => p.In is ParameterLocation.Query or ParameterLocation.Header).OrderBy(p => p.In == ParameterLocation.Header).ThenBy(p => p.Name, StringComparer.Ordinal))
        {
            Claim();
            // The parameter's own entry, and its schema's: each diagnostic lands where its cause is written.
            string fieldPointer = p.Pointer, schemaPointer = p.Pointer + "/schema";
            var type = p.Schema is null ? TypeRef.String : Resolve(p.Schema, typeName.Substring(0, typeName.Length - "Request".Length), p.Name, schemaPointer);
            string name = UniqueMember(Naming.MemberName(p.Name), used, typeName, p.Name, fieldPointer);
            fields.Add(new RequestField(
                new PropertyModel(p.Name, name, type, p.Required, Text(p.Description), p.Schema is null ? Constraints.None : ConstraintsOf(p.Schema, type, schemaPointer), fieldPointer),
                p.In == ParameterLocation.Header ? FieldLocation.Header : FieldLocation.Query));
        }

        var (mediaType, body) = Body(op);
        var bodyKind = BodyKind.None;
        if (body is not null)
        {
            Claim();
            string bodyPointer = pointer + "/requestBody/content/" + Escape(mediaType!) + "/schema";
            var target = Target(body, bodyPointer);
            bodyKind = mediaType == "application/json" ? BodyKind.Json : BodyKind.Form;
            if (mediaType is not ("application/json" or "application/x-www-form-urlencoded"))
                Report(DiagnosticDescriptors.Unsupported, bodyPointer, $"Request body type '{mediaType}' of {operationId}", "only application/x-www-form-urlencoded and application/json", "its fields are sent as a form");
            var required = target?.Required ?? new HashSet<string>();
            foreach (var prop in PropertiesOf(target))
            {
                string fieldPointer = bodyPointer + "/properties/" + Escape(prop.Key);
                var type = Resolve(prop.Value, typeName.Substring(0, typeName.Length - "Request".Length), prop.Key, fieldPointer);
                string name = UniqueMember(Naming.Pascal(prop.Key), used, typeName, prop.Key, fieldPointer);
                fields.Add(new RequestField(
                    new PropertyModel(prop.Key, name, type, required.Contains(prop.Key), Text(Target(prop.Value, fieldPointer)?.Description), ConstraintsOf(prop.Value, type, fieldPointer), fieldPointer),
                    bodyKind == BodyKind.Json ? FieldLocation.Json : FieldLocation.Form));
            }
        }

        if (!claimed) return null;
        var rules = body is null ? new List<RuleModel>() : Rules(Target(body, pointer), fields, operationId, pointer + "/requestBody");
        return new RequestModel(typeName, operationId, Text(op.Summary ?? op.Description), fields.ToEquatableArray(), bodyKind, rules.ToEquatableArray());
    }

    /// <summary>
    /// Class names: an instance is named after the model it returns (<c>InteractionChannelResource</c>), a collection
    /// after the items it lists or creates (<c>InteractionChannelCollection</c>); a node with neither after its path.
    /// </summary>
    private void NameNodes(NodeDraft node, string clientName)
    {
        if (node.Parent is null)
        {
            node.ClassName = clientName;
        }
        else
        {
            string? model = node.ModelName;
            if (!node.IsParameter && node.Children.TryGetValue("{}", out var instance) && instance.ModelName is not null && node.Operations.All(o => o.Kind is OperationKind.List or OperationKind.Create))
                model ??= instance.ModelName;
            bool isCollection = !node.IsParameter && (node.Children.ContainsKey("{}") || node.Operations.Any(o => o.Kind is OperationKind.List or OperationKind.Create));
            string baseName = model ?? PathName(node);
            node.ClassName = _names.Claim(baseName + (isCollection ? "Collection" : "Resource"));
        }
        foreach (var child in node.Children.Values) NameNodes(child, clientName);
    }

    private static string PathName(NodeDraft node)
    {
        var parts = new List<string>();
        for (var n = node; n?.Parent is not null; n = n.Parent)
            if (!n.IsParameter) parts.Insert(0, Naming.Pascal(n.Segment));
        return parts.Count == 0 ? "Root" : string.Join("", parts);
    }

    private static string? FirstPath(NodeDraft node) => node.SpecPath ?? node.Children.Values.Select(FirstPath).FirstOrDefault(p => p is not null);

    /// <summary>The tree's nodes in order; <paramref name="access"/> is the C# a user writes to reach <paramref name="node"/>.</summary>
    private void Flatten(NodeDraft node, List<ResourceModel> into, string access)
    {
        var childAccess = new Dictionary<NodeDraft, string>();
        var children = new List<ChildModel>();
        // The members every resource class has, and its operations, come first: a path segment never takes their names.
        var used = new HashSet<string>(GeneratedMembers.Resource, StringComparer.Ordinal) { node.ClassName };
        foreach (var op in node.Operations)
        {
            used.Add(op.MethodName);
            if (op.PageItemsProperty is not null) used.Add(op.PageMethodName);
        }
        foreach (var child in node.Children.Values)
        {
            if (child.IsParameter)
            {
                children.Add(new ChildModel(child.ClassName, child.Segment, null, child.ParameterType ?? TypeRef.String, child.ParameterName ?? "sid"));
                childAccess[child] = access + "[" + Naming.CamelParameter(Naming.Pascal(child.ParameterName ?? "sid")).TrimStart('@') + "]";
            }
            else
            {
                string wanted = Naming.Identifier(Naming.Pascal(child.Segment), "Segment");
                string name = NameRegistry.Claim(used, wanted);
                if (name != wanted)
                    Report(DiagnosticDescriptors.NameClash, FirstPath(child) is string path ? "#/paths/" + Escape(path) : null,
                        $"Path segment '{child.Segment}' under '{node.SpecPath ?? node.Key}' (a member of {node.ClassName})", wanted, name);
                children.Add(new ChildModel(child.ClassName, child.Segment, name, null, null));
                childAccess[child] = access + "." + name;
            }
        }
        string template = node.Parent is null ? "/" + node.Segment : node.SpecPath ?? node.Key;
        into.Add(new ResourceModel(node.ClassName, template, node.Parent is null, children.ToEquatableArray(), node.Operations.ToEquatableArray(), access));
        foreach (var child in node.Children.Values) Flatten(child, into, childAccess[child]);
    }
}

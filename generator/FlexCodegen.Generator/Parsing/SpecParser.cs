using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using FlexCodegen.Generator.Diagnostics;
using FlexCodegen.Generator.Model;
using FlexCodegen.Generator.Names;

namespace FlexCodegen.Generator.Parsing;

/// <summary>
/// Spec in (as <see cref="OpenApiReader"/> read it), model out. Everything that comes from a dictionary is sorted
/// ordinally, so the same spec always gives the same model. Problems become diagnostics, never exceptions.
/// </summary>
internal sealed partial class SpecParser
{
    private readonly SpecFile _spec;
    private readonly JsonLocator _locator;
    private readonly CancellationToken _cancellationToken;
    private readonly List<DiagnosticInfo> _diagnostics = new();
    private SpecDocument _document = null!;
    private NameRegistry _names = null!;
    private string _namespace = "";
    private bool _sharesTwilioIds;
    private readonly string _hintPrefix;

    private readonly Dictionary<string, SidDraft> _sidsByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _enumNameBySchema = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _objectNameBySchema = new(StringComparer.Ordinal);
    private readonly List<EnumModel> _enums = new();
    private readonly List<ObjectModel> _objects = new();
    private readonly HashSet<string> _reportedRefs = new(StringComparer.Ordinal);
    /// <summary>Places already reported for a schema that several types are made from (a body is read per operation).</summary>
    private readonly HashSet<string> _reportedPlaces = new(StringComparer.Ordinal);

    private SpecParser(SpecFile spec, string hintPrefix, CancellationToken cancellationToken)
    {
        _spec = spec;
        _hintPrefix = hintPrefix;
        _locator = new JsonLocator(spec.Path, spec.Text); // positions in the file as the user sees it, even when overlaid
        _cancellationToken = cancellationToken;
    }

    /// <summary>
    /// Parses one spec: its text, or the tree its overlay made of it (<paramref name="overlaid"/>). Never throws but for
    /// cancellation.
    /// </summary>
    public static SpecResult Parse(SpecFile spec, JsonNode? overlaid, string hintPrefix, IEnumerable<DiagnosticInfo> earlier, CancellationToken cancellationToken)
    {
        var parser = new SpecParser(spec, hintPrefix, cancellationToken);
        parser._diagnostics.AddRange(earlier);
        ApiModel? model;
        try
        {
            model = parser.Run(overlaid);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception ex)
        {
            parser.Report(DiagnosticDescriptors.InternalError, null, System.IO.Path.GetFileName(spec.Path), ex.GetType().Name + ": " + ex.Message + (ex.TargetSite is { } site ? " in " + site.DeclaringType?.Name + "." + site.Name : ""), "Nothing was generated from this spec");
            model = null;
        }
        return new SpecResult(model, parser._diagnostics.ToEquatableArray());
    }

    private void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, string? pointer, params string[] arguments) =>
        _diagnostics.Add(_locator.Diagnostic(descriptor, pointer, arguments));

    private ApiModel? Run(JsonNode? overlaid)
    {
        string file = System.IO.Path.GetFileName(_spec.Path);
        SpecDocument? document;
        string? unreadable;
        List<(string Pointer, string Message)> problems;
        try
        {
            var root = overlaid ?? JsonNode.Parse(_spec.Text, documentOptions: OpenApiReader.JsonOptions);
            (document, unreadable, problems) = OpenApiReader.Read(root);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
        {
            // Not JSON, or JSON that System.Text.Json will not hold (a key twice in one object, text it cannot decode,
            // nesting over 64 deep).
            string? at = _locator.Refused(ex);
            Report(DiagnosticDescriptors.SpecUnreadable, at, file, JsonLocator.Reason(ex, at)); // the message goes on with ". Nothing is generated"
            return null;
        }
        if (document is null)
        {
            Report(DiagnosticDescriptors.SpecUnreadable, null, file, unreadable!);
            return null;
        }
        // A component used in many places has its problems found in each: each is said once.
        problems = problems.Distinct().ToList();
        foreach (var (pointer, message) in problems.Take(20))
            Report(DiagnosticDescriptors.SpecParseWarning, pointer, message);
        if (problems.Count > 20)
            Report(DiagnosticDescriptors.SpecParseWarning, null, $"{problems.Count - 20} more problems like these (only the first 20 are listed)");

        _document = document;
        var context = MakeContext();
        _namespace = context.Namespace;
        string? baseAddress = DefaultBaseAddress();
        _sharesTwilioIds = TwilioIds.IsTwilioServer(baseAddress);
        var reserved = new[] { context.ClientName, context.ClientName + "ServiceCollectionExtensions", context.ClientName + "Registration" };
        // Twilio's shared names are taken in a Twilio spec, and in any spec generated into the runtime's namespace
        // Twilio, where a type of that name would hide the runtime's id from every client in the project.
        _names = new NameRegistry(_sharesTwilioIds || context.Namespace == TwilioIds.Namespace ? reserved.Concat(TwilioIds.Names) : reserved);

        CollectSids();
        var sids = NameSids();
        CollectComponentTypes();
        var (requests, resources) = BuildOperations(context);
        var payloads = BuildWebhooks();
        var eventTypes = EventTypes(payloads);
        var sent = SentObjects(requests);

        return new ApiModel(
            context,
            baseAddress,
            sids,
            _enums.OrderBy(e => e.TypeName, StringComparer.Ordinal).ToEquatableArray(),
            _objects.Select(o => sent.Contains(o.TypeName) ? o with { Sent = true } : o).OrderBy(o => o.TypeName, StringComparer.Ordinal).ToEquatableArray(),
            requests,
            resources,
            eventTypes);
    }

    /// <summary>The objects a request can carry: those a request field holds, and every object inside one of those.</summary>
    private HashSet<string> SentObjects(IEnumerable<RequestModel> requests) =>
        TypeGraph.Reachable(_objects, requests.SelectMany(r => r.Fields).Select(f => (TypeRef?)f.Field.Type)).Objects;

    // ---- naming of the whole client -------------------------------------------------------------------------

    private EmitContext MakeContext()
    {
        string title = _document.Title ?? "Api";
        var titleWords = Naming.Words(title);
        string version = VersionRoot() is string v ? VersionName(v) : "";
        string defaultNamespace = string.Join(".", titleWords.Select(w => Naming.Identifier(Naming.Pascal(w), "N")).Concat(version.Length > 0 ? new[] { version } : Array.Empty<string>()));
        if (defaultNamespace.Length == 0) defaultNamespace = "Generated";
        string ns = defaultNamespace;
        if (_spec.Namespace is { Length: > 0 } given)
        {
            if (given.Split('.').All(Naming.IsIdentifier)) ns = given;
            else Report(DiagnosticDescriptors.InvalidIdentifier, null, $"Namespace '{given}'", "a namespace is dotted identifiers, none a C# keyword", $"the code is generated in '{defaultNamespace}'");
        }
        string defaultClient = Naming.Identifier(Naming.Pascal(titleWords.Count > 0 ? titleWords[titleWords.Count - 1] : "Api")) + "Client";
        string clientName = defaultClient;
        if (_spec.ClientName is { Length: > 0 } client)
        {
            if (ns == TwilioIds.Namespace && TwilioIds.Names.Contains(client, StringComparer.OrdinalIgnoreCase))
                Report(DiagnosticDescriptors.InvalidIdentifier, null, $"ClientName '{client}'", "in namespace Twilio it is the name of one of Twilio's shared id types", $"the client is generated as '{defaultClient}'");
            else if (Naming.IsIdentifier(client)) clientName = client;
            else Report(DiagnosticDescriptors.InvalidIdentifier, null, $"ClientName '{client}'", "it is not an identifier, or is a C# keyword", $"the client is generated as '{defaultClient}'");
        }
        return new EmitContext(ns, clientName, _hintPrefix);
    }

    /// <summary>
    /// The first path segment when every path starts with the same version segment: <c>v1</c>, <c>v2.1</c>, or a
    /// dated one like <c>2010-04-01</c>.
    /// </summary>
    private string? VersionRoot()
    {
        var firsts = _document.Paths.Keys.Select(p => p.TrimStart('/').Split('/')[0]).Distinct(StringComparer.Ordinal).ToList();
        if (firsts.Count != 1) return null;
        string first = firsts[0];
        bool numbered = first.Length > 1 && (first[0] == 'v' || first[0] == 'V') && first.Skip(1).All(c => c is >= '0' and <= '9' or '.') && char.IsDigit(first[1]);
        bool dated = first.Length == 10 && first[4] == '-' && first[7] == '-' && first.Where((c, i) => i is not (4 or 7)).All(c => c is >= '0' and <= '9');
        return numbered || dated ? first : null;
    }

    /// <summary><c>v1</c> → <c>V1</c>, <c>v2.1</c> → <c>V21</c>, <c>2010-04-01</c> → <c>V2010</c> (as Twilio's own libraries name it).</summary>
    private static string VersionName(string version) =>
        char.IsDigit(version[0]) ? "V" + version.Substring(0, 4) : "V" + new string(version.Skip(1).Where(char.IsDigit).ToArray());

    /// <summary>
    /// The spec's server, when a client may send credentials to it: an absolute <c>https</c> URL (or <c>http</c> to a
    /// loopback address) with no user info, query, fragment or template. Anything else is reported (FLXG012) and gives a
    /// client with no default, which then needs <c>TwilioClientOptions.BaseAddress</c>.
    /// </summary>
    private string? DefaultBaseAddress()
    {
        string? url = _document.ServerUrl;
        string pointer = "#/servers/0/url";
        if (url is null)
        {
            foreach (var (path, item) in Paths())
            {
                if (item.ServerUrl is not string pathUrl) continue;
                url = pathUrl;
                pointer = "#/paths/" + Escape(path) + "/servers/0/url";
                break;
            }
        }
        if (url is null) return null;
        if (ServerUrlProblem(url) is string why)
        {
            Report(DiagnosticDescriptors.UnusableServer, pointer, Quote(url), why);
            return null;
        }
        return url.TrimEnd('/');
    }

    private static string? ServerUrlProblem(string url)
    {
        if (url.IndexOf('{') >= 0) return "it is a template";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.IsFile || uri.IsUnc) return "it is not an absolute http(s) URL";
        if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback) return "it is plain http, which would send the account's credentials unencrypted";
        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) return "it is not an http(s) URL";
        if (uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0) return "it has user info, a query or a fragment";
        return null;
    }

    // ---- walking the spec ----------------------------------------------------------------------------------

    /// <summary>The component schemas, in ordinal order; an alias that leads nowhere or only round to itself is reported once and left out.</summary>
    private IEnumerable<(string Name, SpecSchema Schema)> ComponentSchemas()
    {
        foreach (var pair in _document.Schemas.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (pair.Value.Ref is not null && Target(pair.Value, "#/components/schemas/" + Escape(pair.Key)) is null) continue;
            yield return (pair.Key, pair.Value);
        }
    }

    private IEnumerable<(string Path, SpecPathItem Item)> Paths() =>
        _document.Paths.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value));

    private static IEnumerable<(HttpMethod Method, SpecOperation Operation)> Operations(SpecPathItem item) =>
        item.Operations.OrderBy(p => MethodOrder(p.Method));

    private static int MethodOrder(HttpMethod method) => method.Method switch
    {
        "GET" => 0, "POST" => 1, "PUT" => 2, "PATCH" => 3, "DELETE" => 4, _ => 5,
    };

    private static IEnumerable<SpecParameter> Parameters(SpecPathItem item, SpecOperation op)
    {
        var all = new List<SpecParameter>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in op.Parameters.Concat(item.Parameters))
            if (seen.Add(p.In + ":" + p.Name)) all.Add(p);
        return all;
    }

    private static (string? MediaType, SpecSchema? Schema) Body(SpecOperation op)
    {
        var content = op.RequestBody;
        if (content is null || content.Count == 0) return (null, null);
        foreach (var media in new[] { "application/x-www-form-urlencoded", "application/json" })
            if (content.TryGetValue(media, out var schema)) return (media, schema);
        var first = content.OrderBy(c => c.Key, StringComparer.Ordinal).First();
        return (first.Key, first.Value);
    }

    private static string Escape(string segment) => JsonPointer.Escape(segment);

    private static string OperationPointer(string path, HttpMethod method) => "#/paths/" + Escape(path) + "/" + method.Method.ToLowerInvariant();

    /// <summary>
    /// The schema whose keywords to read: the schema itself, or for a reference the component it names (which reads as
    /// the schema the chain ends in); null (and a diagnostic, once per place) when the reference leads nowhere.
    /// </summary>
    private SpecSchema? Target(SpecSchema schema, string pointer)
    {
        if (schema.Ref is null) return schema;
        if (schema.Resolve() is string problem)
        {
            if (_reportedRefs.Add(pointer))
                Report(DiagnosticDescriptors.UnresolvedReference, pointer, Quote(schema.Ref), problem);
            return null;
        }
        return schema.Target;
    }

    private static string? RefId(SpecSchema schema) => schema.Ref is null ? null : schema.RefId ?? "";

    /// <summary>A schema's properties in ordinal order.</summary>
    private static IEnumerable<KeyValuePair<string, SpecSchema>> PropertiesOf(SpecSchema? schema) =>
        (schema?.Properties ?? new Dictionary<string, SpecSchema>()).OrderBy(p => p.Key, StringComparer.Ordinal);

    private static bool Has(SpecSchema schema, SchemaTypes type) => (schema.Type & type) == type;

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
}

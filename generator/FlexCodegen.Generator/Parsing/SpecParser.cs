using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading;
using FlexCodegen.Generator.Diagnostics;
using FlexCodegen.Generator.Model;
using FlexCodegen.Generator.Names;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace FlexCodegen.Generator.Parsing;

/// <summary>
/// Spec text in, model out. The only code that touches Microsoft.OpenApi. Everything that comes from a dictionary is
/// sorted ordinally, so the same spec always gives the same model. Problems become diagnostics, never exceptions.
/// </summary>
internal sealed partial class SpecParser
{
    private readonly SpecFile _spec;
    private readonly JsonLocator _locator;
    private readonly CancellationToken _cancellationToken;
    private readonly List<DiagnosticInfo> _diagnostics = new();
    private OpenApiDocument _document = null!;
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

    private SpecParser(SpecFile spec, string hintPrefix, CancellationToken cancellationToken)
    {
        _spec = spec;
        _hintPrefix = hintPrefix;
        _locator = new JsonLocator(spec.Path, spec.Text); // positions in the file as the user sees it, even when overlaid
        _cancellationToken = cancellationToken;
    }

    /// <summary>Parses one spec (already overlaid, when it has an overlay). Never throws but for cancellation.</summary>
    public static SpecResult Parse(SpecFile spec, string text, string hintPrefix, IEnumerable<DiagnosticInfo> earlier, CancellationToken cancellationToken)
    {
        var parser = new SpecParser(spec, hintPrefix, cancellationToken);
        parser._diagnostics.AddRange(earlier);
        ApiModel? model;
        try
        {
            model = parser.Run(text);
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

    private ApiModel? Run(string text)
    {
        ReadResult read;
        try
        {
            var settings = new OpenApiReaderSettings();
            read = OpenApiDocument.Parse(text, "json", settings);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Report(DiagnosticDescriptors.SpecUnreadable, null, System.IO.Path.GetFileName(_spec.Path), ex.Message);
            return null;
        }

        if (read.Document is null || read.Document.Paths is null || read.Document.Paths.Count == 0 && (read.Diagnostic?.Errors.Count ?? 0) > 0)
        {
            var errors = read.Diagnostic?.Errors ?? new List<OpenApiError>();
            if (errors.Count == 0)
                Report(DiagnosticDescriptors.SpecUnreadable, null, System.IO.Path.GetFileName(_spec.Path), "it has no paths");
            foreach (var error in errors.Take(20))
                Report(DiagnosticDescriptors.SpecUnreadable, error.Pointer, System.IO.Path.GetFileName(_spec.Path), error.Message + " (fix the JSON at this place)");
            return null;
        }

        foreach (var error in (read.Diagnostic?.Errors ?? new List<OpenApiError>()).Take(20))
            Report(DiagnosticDescriptors.SpecParseWarning, error.Pointer, error.Message);

        _document = read.Document;
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

        return new ApiModel(
            context,
            baseAddress,
            sids,
            _enums.OrderBy(e => e.TypeName, StringComparer.Ordinal).ToEquatableArray(),
            _objects.OrderBy(o => o.TypeName, StringComparer.Ordinal).ToEquatableArray(),
            requests,
            resources);
    }

    // ---- naming of the whole client -------------------------------------------------------------------------

    private EmitContext MakeContext()
    {
        string title = _document.Info?.Title ?? "Api";
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
        string? url = _document.Servers?.FirstOrDefault()?.Url;
        string pointer = "#/servers/0/url";
        if (url is null)
        {
            foreach (var (path, item) in Paths())
            {
                if (item.Servers?.FirstOrDefault()?.Url is not string pathUrl) continue;
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

    /// <summary>The component schemas, in ordinal order; one that is only a <c>$ref</c> round to itself is reported once and left out.</summary>
    private IEnumerable<(string Name, IOpenApiSchema Schema)> ComponentSchemas()
    {
        foreach (var pair in (_document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>()).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (pair.Value is null) continue; // a schema that is not an object: the reader already said so (FLXG008)
            if (pair.Value is OpenApiSchemaReference && Target(pair.Value, "#/components/schemas/" + Escape(pair.Key)) is null) continue;
            yield return (pair.Key, pair.Value);
        }
    }

    private IEnumerable<(string Path, IOpenApiPathItem Item)> Paths() =>
        _document.Paths.Where(p => p.Value is not null).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value));

    private static IEnumerable<(HttpMethod Method, OpenApiOperation Operation)> Operations(IOpenApiPathItem item) =>
        (item.Operations ?? new Dictionary<HttpMethod, OpenApiOperation>())
            .Where(p => p.Value is not null)
            .OrderBy(p => MethodOrder(p.Key))
            .Select(p => (p.Key, p.Value));

    private static int MethodOrder(HttpMethod method) => method.Method.ToUpperInvariant() switch
    {
        "GET" => 0, "POST" => 1, "PUT" => 2, "PATCH" => 3, "DELETE" => 4, _ => 5,
    };

    private static IEnumerable<IOpenApiParameter> Parameters(IOpenApiPathItem item, OpenApiOperation op)
    {
        var all = new List<IOpenApiParameter>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in (op.Parameters ?? new List<IOpenApiParameter>()).Concat(item.Parameters ?? new List<IOpenApiParameter>()))
        {
            if (p?.Name is null) continue;
            if (seen.Add(p.In + ":" + p.Name)) all.Add(p);
        }
        return all;
    }

    private static (string? MediaType, IOpenApiSchema? Schema) Body(OpenApiOperation op)
    {
        var content = op.RequestBody?.Content;
        if (content is null || content.Count == 0) return (null, null);
        foreach (var media in new[] { "application/x-www-form-urlencoded", "application/json" })
            if (content.TryGetValue(media, out var m)) return (media, m?.Schema);
        var first = content.OrderBy(c => c.Key, StringComparer.Ordinal).First();
        return (first.Key, first.Value?.Schema);
    }

    private static string Escape(string segment) => segment.Replace("~", "~0").Replace("/", "~1");

    private static string OperationPointer(string path, HttpMethod method) => "#/paths/" + Escape(path) + "/" + method.Method.ToLowerInvariant();

    /// <summary>The schema a reference points at; null (and a diagnostic) when it points nowhere.</summary>
    private IOpenApiSchema? Target(IOpenApiSchema schema, string pointer)
    {
        if (schema is OpenApiSchemaReference reference)
        {
            IOpenApiSchema? target;
            try
            {
                target = reference.Target;
                _ = target?.Type; // a reference that leads back to itself fails here, not later
            }
            catch (InvalidOperationException)
            {
                if (_reportedRefs.Add(pointer))
                    Report(DiagnosticDescriptors.UnresolvedReference, pointer, "#/components/schemas/" + reference.Reference?.Id, "leads back to itself without ever reaching a schema");
                return null;
            }
            if (target is null)
            {
                string id = reference.Reference?.Id ?? "?";
                if (_reportedRefs.Add(pointer))
                    Report(DiagnosticDescriptors.UnresolvedReference, pointer, "#/components/schemas/" + id, "points nowhere: add that schema under components/schemas or fix the reference");
                return null;
            }
            return target;
        }
        return schema;
    }

    private static string? RefId(IOpenApiSchema schema) => schema is OpenApiSchemaReference r ? r.Reference?.Id : null;

    /// <summary>A schema's properties in ordinal order, leaving out any whose schema is missing (a value that was not an object).</summary>
    private static IEnumerable<KeyValuePair<string, IOpenApiSchema>> PropertiesOf(IOpenApiSchema? schema) =>
        (schema?.Properties ?? new Dictionary<string, IOpenApiSchema>()).Where(p => p.Value is not null).OrderBy(p => p.Key, StringComparer.Ordinal);

    private static bool Has(IOpenApiSchema schema, JsonSchemaType type) => schema.Type is JsonSchemaType t && (t & type) == type;

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();

    private static string? NumberText(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

using System.Linq;
using FlexCodegen.Generator.Model;
using FlexCodegen.Generator.Names;
using Microsoft.CodeAnalysis;

namespace FlexCodegen.Generator.Emit;

/// <summary>
/// Emits one node of the resource tree: properties for fixed path segments, an indexer taking the id type for a
/// parameter segment (so a UO id cannot stand where a KD id belongs), and the operations at that path.
/// </summary>
internal static class ClientEmitter
{
    private const string Runtime = TypeNames.Runtime;
    private const string CancellationToken = TypeNames.CancellationToken;

    public static void Emit(SourceProductionContext context, EmitContext emit, string? baseAddress, ResourceModel model) =>
        context.AddSource(TypeNames.Hint(emit, model.ClassName), Render(emit, baseAddress, model));

    public static string Render(EmitContext emit, string? baseAddress, ResourceModel model)
    {
        string t = model.ClassName;
        var w = new SourceWriter();
        w.Line(SourceWriter.Header(emit.Namespace));
        if (model.IsRoot)
        {
            w.Doc(null, baseAddress is null
                ? $"The client for <c>{SourceWriter.Escape(model.PathTemplate)}</c> at the address in <see cref=\"{Runtime}.TwilioClientOptions.BaseAddress\"/>. Thread-safe: create one and reuse it."
                : $"The client for <c>{SourceWriter.Escape(baseAddress + model.PathTemplate)}</c>. Thread-safe: create one and reuse it.");
            w.Line(TypeNames.GeneratedCode);
            w.Open($"public sealed partial class {t} : global::System.IDisposable");
            w.Line($$"""
                {{DefaultBaseAddress(baseAddress)}}

                private readonly {{Runtime}}.TwilioPipeline _pipeline;
                private const string _path = {{SourceWriter.Literal(model.PathTemplate)}}; // a constant: a spec with no paths leaves it unused

                /// <summary>A client with its own HTTP connection pool (following no redirects).</summary>
                /// <param name="options">Credentials, base address, timeout and retries; copied and checked now, so later changes to the object change nothing.</param>
                /// <exception cref="global::System.ArgumentNullException"><paramref name="options"/> is null.</exception>
                /// <exception cref="global::System.ArgumentException">An option is missing or out of range; the message names it.</exception>
                public {{t}}({{Runtime}}.TwilioClientOptions options)
                    : this(new {{Runtime}}.TwilioPipeline(options, DefaultBaseAddress))
                {
                }

                /// <summary>A client over your <see cref="global::System.Net.Http.HttpClient"/> (e.g. from IHttpClientFactory), which it does not dispose.</summary>
                /// <param name="httpClient">The HTTP client to send through, with Twilio's retries in front of it (set <c>Retry.MaxRetries</c> to 0 if its handlers retry already); turn automatic redirects off on its handler.</param>
                /// <param name="options">Credentials, base address, timeout and retries; copied and checked now.</param>
                /// <exception cref="global::System.ArgumentNullException"><paramref name="httpClient"/> or <paramref name="options"/> is null.</exception>
                /// <exception cref="global::System.ArgumentException">An option is missing or out of range; the message names it.</exception>
                public {{t}}(global::System.Net.Http.HttpClient httpClient, {{Runtime}}.TwilioClientOptions options)
                    : this(new {{Runtime}}.TwilioPipeline(httpClient, options, DefaultBaseAddress))
                {
                }

                // Plumbing (AddFlexClient's typed client, tests in this assembly): internal, out of the API.
                internal {{t}}({{Runtime}}.TwilioPipeline pipeline)
                {
                    _pipeline = pipeline ?? throw new global::System.ArgumentNullException(nameof(pipeline));
                }

                internal {{Runtime}}.TwilioPipeline Pipeline => _pipeline;

                /// <summary>Releases the pipeline's connections (not those of an HttpClient you handed in).</summary>
                public void Dispose() => _pipeline.Dispose();

                """);
        }
        else
        {
            w.Doc(null, $"The resources at <c>{SourceWriter.Escape(model.PathTemplate)}</c>: its operations, and the resources below it. Reached from the client, e.g. <c>client.Interactions[sid]</c>; cheap to create, holds no state of its own.");
            w.Line(TypeNames.GeneratedCode);
            w.Open($"public sealed partial class {t}");
            w.Line($$"""
                private readonly {{Runtime}}.TwilioPipeline _pipeline;
                private readonly string _path;

                internal {{t}}({{Runtime}}.TwilioPipeline pipeline, string path)
                {
                    _pipeline = pipeline;
                    _path = path;
                }

                /// <summary>The URL path of this resource, e.g. for logging.</summary>
                internal string Path => _path;

                """);
        }

        foreach (var child in model.Children)
        {
            if (child.PropertyName is string property)
            {
                w.Line($"/// <summary><c>{SourceWriter.Escape(child.Segment)}</c> under this resource.</summary>");
                w.Line($"public {child.ClassName} {property} => new {child.ClassName}(_pipeline, _path + {SourceWriter.Literal("/" + child.Segment)});");
            }
            else
            {
                string param = Naming.CamelParameter(Naming.Pascal(child.ParameterName ?? "sid"));
                bool isSid = child.IndexerType!.Kind == ValueKind.Sid;
                string type = isSid ? child.IndexerType.FullyQualifiedName! : "string";
                string segment = isSid ? $"{param}.ToPathSegment(nameof({param}))" : $"{Runtime}.TwilioPath.Segment({param}, nameof({param}))";
                w.Line($"/// <summary>One resource by its {(isSid ? $"<see cref=\"{type}\"/>" : "name")}.</summary>");
                w.Line($"/// <param name=\"{param.TrimStart('@')}\">The {(isSid ? "id" : "name")} of the resource{(isSid ? "" : "; escaped for the URL")}.</param>");
                w.Line($"/// <exception cref=\"global::System.ArgumentException\">{(isSid ? $"<paramref name=\"{param.TrimStart('@')}\"/> is <c>default</c>, which names no resource." : "The name is empty, or <c>.</c> or <c>..</c>.")}</exception>");
                w.Line($"public {child.ClassName} this[{type} {param}] => new {child.ClassName}(_pipeline, _path + \"/\" + {segment});");
            }
            w.Line();
        }

        foreach (var op in model.Operations)
            EmitOperation(w, op);

        w.Close();
        return w.ToString();
    }

    private static void EmitOperation(SourceWriter w, OperationModel op)
    {
        string method = op.HttpMethod switch
        {
            "GET" => "global::System.Net.Http.HttpMethod.Get",
            "POST" => "global::System.Net.Http.HttpMethod.Post",
            "DELETE" => "global::System.Net.Http.HttpMethod.Delete",
            "PUT" => "global::System.Net.Http.HttpMethod.Put",
            _ => $"new global::System.Net.Http.HttpMethod({SourceWriter.Literal(op.HttpMethod)})",
        };
        string id = SourceWriter.Literal(op.OperationId);
        string requestParam = op.RequestType is null ? "" : op.RequestRequired ? $"{op.RequestType} request, " : $"{op.RequestType}? request = null, ";
        string? guard = op.RequestType is not null && op.RequestRequired ? "if (request is null) throw new global::System.ArgumentNullException(nameof(request));" : null;
        string req = op.RequestType is null ? "" : op.RequestRequired ? "request." : "request?.";
        string basePath = op.PathSuffix.Length == 0 ? "_path" : $"_path + {SourceWriter.Literal(op.PathSuffix)}";
        string path = op.RequestType is null ? basePath : $"{basePath} + ({req}ToQueryString(){(op.RequestRequired ? "" : " ?? \"\"")})";
        string content = op.RequestType is null ? "null" : $"{req}ToContent()";
        string headers = op.RequestType is null ? "null" : $"{req}ToHeaders()";
        string summary = op.Summary ?? op.OperationId;

        if (op.PageItemsProperty is not null && op.Response is not null)
        {
            string item = TypeNames.Name(op.Response);
            string reader = "s_" + Naming.Camel(op.OperationId) + "Page";
            string pageMethod = op.PageMethodName;
            string itemReader = op.Response.Kind == ValueKind.Object
                ? $"{op.Response.FullyQualifiedName}.Read"
                : $"static (ref global::System.Text.Json.Utf8JsonReader r) => {Codecs.Read(op.Response, "r")}{(TypeNames.IsValueType(op.Response) ? ".GetValueOrDefault()" : "!")}";
            w.Line($"private static readonly {Runtime}.JsonValueReader<{Runtime}.Page<{item}>> {reader} = {Runtime}.Page<{item}>.Reader({SourceWriter.Literal(op.PageItemsProperty)}, {itemReader});");
            w.Line();
            w.Doc(summary, null, "Every item, page by page: the next page is fetched only when you get that far.");
            OperationTags(w, op, "Every item; enumerate with <c>await foreach</c>. Errors surface while enumerating.", paged: true);
            w.Line($"public global::System.Collections.Generic.IAsyncEnumerable<{item}> {op.MethodName}({requestParam}{CancellationToken} cancellationToken = default)");
            Body(w, guard, $"{Runtime}.TwilioPaging.EnumerateAsync(_pipeline, ct => {pageMethod}({(op.RequestType is null ? "" : "request, ")}ct), {reader}, {id}, cancellationToken)");
            w.Line();
            w.Doc(summary, null, "The first page only.");
            OperationTags(w, op, "The first page, with its items and the paging information.", paged: false);
            w.Line($"public global::System.Threading.Tasks.Task<{Runtime}.Page<{item}>> {pageMethod}({requestParam}{CancellationToken} cancellationToken = default)");
            Body(w, guard, $"_pipeline.SendAsync({method}, {path}, {content}, {headers}, {reader}, {id}, cancellationToken)");
            w.Line();
            w.Doc(null, "The page at a URL from a previous page's <c>meta</c> (<see cref=\"" + Runtime + ".PageMeta.NextPageUrl\"/>).");
            w.Line("/// <param name=\"pageUrl\">The page's URL, absolute or relative to the API; it must be on the API's own host.</param>");
            w.Line("/// <param name=\"cancellationToken\">Cancels the call.</param>");
            w.Line("/// <returns>The page.</returns>");
            w.Line($"/// <exception cref=\"{Runtime}.TwilioResponseException\">The URL is on another host (nothing is sent), or the answer is not a page.</exception>");
            w.Line($"/// <exception cref=\"{Runtime}.TwilioApiException\">The API answered with an error.</exception>");
            w.Line($"/// <exception cref=\"{Runtime}.TwilioTransportException\">No complete answer arrived (connection failure or timeout).</exception>");
            w.Line($"public global::System.Threading.Tasks.Task<{Runtime}.Page<{item}>> {pageMethod}(global::System.Uri pageUrl, {CancellationToken} cancellationToken = default) =>");
            w.Line($"    _pipeline.GetAbsoluteAsync(pageUrl ?? throw new global::System.ArgumentNullException(nameof(pageUrl)), {reader}, {id}, cancellationToken);");
            w.Line();
            return;
        }

        w.Doc(summary);
        if (op.Response is null)
        {
            OperationTags(w, op, "A task that completes when the API has answered.", paged: false);
            w.Line($"public global::System.Threading.Tasks.Task {op.MethodName}({requestParam}{CancellationToken} cancellationToken = default)");
            Body(w, guard, $"_pipeline.SendAsync({method}, {path}, {content}, {headers}, {id}, cancellationToken)");
        }
        else
        {
            bool isObject = op.Response.Kind == ValueKind.Object;
            string type = isObject ? op.Response.FullyQualifiedName! : "global::System.Text.Json.JsonElement";
            string reader = isObject ? $"{op.Response.FullyQualifiedName}.Read" : $"{Runtime}.TwilioJson.ReadAny";
            OperationTags(w, op, isObject ? $"The {Naming.Humanize(op.Response.Name!)} the API answered with." : "The JSON the API answered with.", paged: false);
            w.Line($"public global::System.Threading.Tasks.Task<{type}> {op.MethodName}({requestParam}{CancellationToken} cancellationToken = default)");
            Body(w, guard, $"_pipeline.SendAsync({method}, {path}, {content}, {headers}, {reader}, {id}, cancellationToken)");
        }
        w.Line();
    }

    /// <summary>The <c>param</c>, <c>returns</c> and <c>exception</c> tags of an operation method.</summary>
    private static void OperationTags(SourceWriter w, OperationModel op, string returns, bool paged)
    {
        if (op.RequestType is not null)
            w.Line($"/// <param name=\"request\">The parameters, checked when built (<see cref=\"{op.RequestType}.Builder.Build\"/>){(op.RequestRequired ? "" : "; null sends none")}.</param>");
        w.Line("/// <param name=\"cancellationToken\">Cancels the call (and the wait between retries); ends in <see cref=\"global::System.OperationCanceledException\"/>.</param>");
        w.Line($"/// <returns>{returns}</returns>");
        if (op.RequestType is not null && op.RequestRequired)
            w.Line("/// <exception cref=\"global::System.ArgumentNullException\"><paramref name=\"request\"/> is null.</exception>");
        w.Line($"/// <exception cref=\"{Runtime}.TwilioApiException\">The API answered with an error{(paged ? " (for any page)" : "")}: <c>Status</c>, <c>Code</c>, <c>TwilioMessage</c>, <c>MoreInfo</c>.</exception>");
        w.Line($"/// <exception cref=\"{Runtime}.TwilioTransportException\">No complete answer arrived after the retries: a connection failure, or <see cref=\"{Runtime}.TwilioClientOptions.Timeout\"/> (<c>IsTimeout</c>).</exception>");
        w.Line($"/// <exception cref=\"{Runtime}.TwilioResponseException\">The answer is not what the spec describes or is larger than <see cref=\"{Runtime}.TwilioClientOptions.MaxResponseContentBytes\"/>{(paged ? ", or a next page is on another host or was already read" : "")}.</exception>");
    }

    /// <summary>A method body: the argument check (when the request is required), then the call it returns.</summary>
    private static void Body(SourceWriter w, string? guard, string returned)
    {
        w.Line("{");
        if (guard is not null) w.Line("    " + guard);
        w.Line("    return " + returned + ";");
        w.Line("}");
    }

    private static string DefaultBaseAddress(string? baseAddress) => baseAddress is null
        ? $$"""
            /// <summary>None: the spec names no server a client may send credentials to; set <see cref="{{Runtime}}.TwilioClientOptions.BaseAddress"/>.</summary>
            public static global::System.Uri? DefaultBaseAddress => null;
            """
        : $$"""
            /// <summary>The spec's server; override it with <see cref="{{Runtime}}.TwilioClientOptions.BaseAddress"/>.</summary>
            public static global::System.Uri DefaultBaseAddress { get; } = new global::System.Uri({{SourceWriter.Literal(baseAddress)}});
            """;
}

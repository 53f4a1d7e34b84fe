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
            w.Summary(null, $"The resources at <c>{SourceWriter.Escape(model.PathTemplate)}</c>, reached as <c>{SourceWriter.Escape(model.AccessPath)}</c>; cheap to create, holds no state.");
            w.Line(TypeNames.GeneratedCode);
            w.Open($"public sealed partial class {t}");
            w.Line($$"""
                private readonly {{Runtime}}.TwilioPipeline _pipeline;
                private readonly string _path;

                internal {{t}}({{Runtime}}.TwilioPipeline pipeline, string path) { _pipeline = pipeline; _path = path; }

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
            EmitOperation(w, t, op);

        w.Close();
        return w.ToString();
    }

    private static void EmitOperation(SourceWriter w, string className, OperationModel op)
    {
        string id = SourceWriter.Literal(op.OperationId);
        string requestParam = op.RequestType is null ? "" : op.RequestRequired ? $"{op.RequestType} request, " : $"{op.RequestType}? request = null, ";
        string? guard = op.RequestType is not null && op.RequestRequired ? "global::System.ArgumentNullException.ThrowIfNull(request);" : null;
        string req = op.RequestRequired ? "request." : "request?.";
        var parts = op.RequestType is null ? RequestParts.None : op.RequestParts;
        string basePath = op.PathSuffix.Length == 0 ? "_path" : $"_path + {SourceWriter.Literal(op.PathSuffix)}";
        // The request declares only the encoders it needs (RequestEmitter); call those, pass nothing for the others.
        string path = (parts & RequestParts.Query) == 0 ? basePath : $"{basePath} + {(op.RequestRequired ? "request.ToQueryString()" : "(request?.ToQueryString() ?? \"\")")}";
        string content = (parts & RequestParts.Body) == 0 ? "null" : $"{req}ToContent()";
        string headers = (parts & RequestParts.Headers) == 0 ? "null" : $"{req}ToHeaders()";
        string send = $"_pipeline.SendAsync({SourceWriter.Literal(op.HttpMethod)}, {path}, {content}, {headers}";
        string summary = op.Summary is { } s && !string.IsNullOrWhiteSpace(s) ? s : Sentence(className, op);

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
            w.Summary(summary, null, "Every item: each page is fetched when reached.");
            OperationTags(w, op, "Every item, for <c>await foreach</c>.", paged: true);
            w.Line($"public global::System.Collections.Generic.IAsyncEnumerable<{item}> {op.MethodName}({requestParam}{CancellationToken} cancellationToken = default)");
            Body(w, guard, $"{Runtime}.TwilioPaging.EnumerateAsync(_pipeline, ct => {pageMethod}({(op.RequestType is null ? "" : "request, ")}ct), {reader}, {id}, cancellationToken)");
            w.Line();
            w.Summary(summary, null, "The first page only.");
            OperationTags(w, op, "The first page.", paged: false);
            w.Line($"public global::System.Threading.Tasks.Task<{Runtime}.Page<{item}>> {pageMethod}({requestParam}{CancellationToken} cancellationToken = default)");
            Body(w, guard, $"{send}, {reader}, {id}, cancellationToken)");
            w.Line();
            w.Line("/// <summary>The page at a previous page's <c>next_page_url</c>.</summary>");
            w.Line("/// <param name=\"pageUrl\">The URL, on the API's host.</param>");
            w.Line("/// <param name=\"cancellationToken\">Cancels the call.</param>");
            w.Line("/// <returns>The page.</returns>");
            w.Line($"/// <exception cref=\"{Runtime}.TwilioResponseException\">The URL is on another host, or the answer is not a page.</exception>");
            Exceptions(w, response: false);
            w.Line($"public global::System.Threading.Tasks.Task<{Runtime}.Page<{item}>> {pageMethod}(global::System.Uri pageUrl, {CancellationToken} cancellationToken = default) =>");
            w.Line($"    _pipeline.GetAbsoluteAsync(pageUrl ?? throw new global::System.ArgumentNullException(nameof(pageUrl)), {reader}, {id}, cancellationToken);");
            w.Line();
            return;
        }

        w.Summary(summary);
        if (op.Response is null)
        {
            OperationTags(w, op, "A task that completes when the API has answered.", paged: false);
            w.Line($"public global::System.Threading.Tasks.Task {op.MethodName}({requestParam}{CancellationToken} cancellationToken = default)");
            Body(w, guard, $"{send}, {id}, cancellationToken)");
        }
        else
        {
            bool isObject = op.Response.Kind == ValueKind.Object;
            string type = isObject ? op.Response.FullyQualifiedName! : "global::System.Text.Json.JsonElement";
            string reader = isObject ? $"{op.Response.FullyQualifiedName}.Read" : $"{Runtime}.TwilioJson.ReadAny";
            OperationTags(w, op, isObject ? $"The {Naming.Humanize(op.Response.Name!)} the API answered with." : "The JSON the API answered with.", paged: false);
            w.Line($"public global::System.Threading.Tasks.Task<{type}> {op.MethodName}({requestParam}{CancellationToken} cancellationToken = default)");
            Body(w, guard, $"{send}, {reader}, {id}, cancellationToken)");
        }
        w.Line();
    }

    /// <summary>
    /// A summary for an operation the spec leaves undescribed, from what it does and what it acts on:
    /// "Fetches the interaction channel.", never the bare operation id.
    /// </summary>
    internal static string Sentence(string className, OperationModel op)
    {
        string subject = op.Response is { Kind: ValueKind.Object, Name: { } model }
            ? model
            : className.EndsWith("Resource", System.StringComparison.Ordinal) ? className.Substring(0, className.Length - "Resource".Length)
            : className.EndsWith("Collection", System.StringComparison.Ordinal) ? className.Substring(0, className.Length - "Collection".Length)
            : className;
        string noun = Naming.Humanize(subject);
        return op.Kind switch
        {
            Model.OperationKind.Fetch => $"Fetches the {noun}.",
            Model.OperationKind.Update => $"Updates the {noun}.",
            Model.OperationKind.Delete => $"Deletes the {noun}.",
            Model.OperationKind.Create => $"Creates {Naming.WithArticle(noun)}.",
            _ => $"Lists every {noun}.",
        };
    }

    /// <summary>The <c>param</c>, <c>returns</c> and <c>exception</c> tags of an operation method.</summary>
    private static void OperationTags(SourceWriter w, OperationModel op, string returns, bool paged)
    {
        if (op.RequestType is not null)
            w.Line($"/// <param name=\"request\">The parameters{(op.RequestRequired ? "" : "; null sends none")}.</param>");
        w.Line("/// <param name=\"cancellationToken\">Cancels the call.</param>");
        w.Line($"/// <returns>{returns}</returns>");
        if (op.RequestType is not null && op.RequestRequired)
            w.Line("/// <exception cref=\"global::System.ArgumentNullException\"><paramref name=\"request\"/> is null.</exception>");
        Exceptions(w, response: true, paged);
    }

    /// <summary>
    /// What every call can end in, one short line each: the exception types say the rest (status, Twilio's code,
    /// timeout, size limit) in their own docs.
    /// </summary>
    private static void Exceptions(SourceWriter w, bool response, bool paged = false)
    {
        w.Line($"/// <exception cref=\"{Runtime}.TwilioApiException\">The API answered with an error.</exception>");
        w.Line($"/// <exception cref=\"{Runtime}.TwilioTransportException\">No answer (connection failure, timeout).</exception>");
        if (response)
            w.Line($"/// <exception cref=\"{Runtime}.TwilioResponseException\">The answer is not as described{(paged ? ", or a next page is elsewhere" : "")}.</exception>");
    }

    /// <summary>A method body: the argument check (when the request is required), then the call it returns.</summary>
    private static void Body(SourceWriter w, string? guard, string returned)
    {
        if (guard is null)
        {
            w.Line("    => " + returned + ";");
            return;
        }
        w.Line("{");
        w.Line("    " + guard);
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

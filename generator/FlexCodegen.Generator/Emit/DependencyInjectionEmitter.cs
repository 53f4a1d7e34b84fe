using FlexCodegen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace FlexCodegen.Generator.Emit;

/// <summary>Emits <c>services.AddFlexClient(o => ...)</c>, a typed client over IHttpClientFactory; only when the consumer references Microsoft.Extensions.Http.</summary>
internal static class DependencyInjectionEmitter
{
    public static void Emit(SourceProductionContext context, EmitContext emit) =>
        context.AddSource(Types.Hint(emit, emit.ClientName + "ServiceCollectionExtensions"), Render(emit));

    public static string Render(EmitContext emit)
    {
        string client = emit.ClientName;
        var w = new SourceWriter();
        w.Line(SourceWriter.Header(emit.Namespace));
        w.Line($$"""
            /// <summary>Registers <see cref="{{client}}"/> as a typed client of IHttpClientFactory.</summary>
            public static class {{client}}ServiceCollectionExtensions
            {
                /// <summary>
                /// Adds <see cref="{{client}}"/>; configure credentials, base address and retries in <paramref name="configure"/>.
                /// Returns the HTTP client builder, to add handlers (e.g. a Polly pipeline) or set timeouts.
                /// </summary>
                public static global::Microsoft.Extensions.DependencyInjection.IHttpClientBuilder Add{{client}}(
                    this global::Microsoft.Extensions.DependencyInjection.IServiceCollection services,
                    global::System.Action<global::FlexCodegen.Runtime.TwilioClientOptions> configure)
                {
                    if (services is null) throw new global::System.ArgumentNullException(nameof(services));
                    if (configure is null) throw new global::System.ArgumentNullException(nameof(configure));
                    var options = new global::FlexCodegen.Runtime.TwilioClientOptions();
                    configure(options);
                    options.Validate();
                    var builder = global::Microsoft.Extensions.DependencyInjection.HttpClientFactoryServiceCollectionExtensions.AddHttpClient(services, "{{client}}");
                    return global::Microsoft.Extensions.DependencyInjection.HttpClientBuilderExtensions.AddTypedClient<{{client}}>(
                        builder, (global::System.Net.Http.HttpClient http, global::System.IServiceProvider _) => new {{client}}(http, options));
                }
            }
            """);
        return w.ToString();
    }
}

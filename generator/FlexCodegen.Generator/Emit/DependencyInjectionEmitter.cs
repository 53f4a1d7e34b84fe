using FlexCodegen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace FlexCodegen.Generator.Emit;

/// <summary>
/// Emits <c>services.AddFlexClient(...)</c>, a typed client over IHttpClientFactory: only when the consumer references
/// Microsoft.Extensions.Http. Options come from a delegate, from a factory run at resolve time (configuration, a secret
/// store), or, when the consumer references Microsoft.Extensions.Configuration, from a configuration section.
/// </summary>
internal static class DependencyInjectionEmitter
{
    public static void Emit(SourceProductionContext context, EmitContext emit, bool hasConfiguration) =>
        context.AddSource(TypeNames.Hint(emit, emit.ClientName + "ServiceCollectionExtensions"), Render(emit, hasConfiguration));

    public static string Render(EmitContext emit, bool hasConfiguration)
    {
        string client = emit.ClientName;
        const string Di = "global::Microsoft.Extensions.DependencyInjection";
        const string Options = "global::FlexCodegen.Runtime.TwilioClientOptions";
        var w = new SourceWriter();
        w.Line(SourceWriter.Header(emit.Namespace));
        w.Line($$"""
            /// <summary>Registers <see cref="{{client}}"/> as a typed client of IHttpClientFactory.</summary>
            {{TypeNames.GeneratedCode}}
            public static class {{client}}ServiceCollectionExtensions
            {
                /// <summary>
                /// Adds <see cref="{{client}}"/> with options set by <paramref name="configure"/>, which runs once, now (so a
                /// mistake fails at startup). For options that come from configuration or a secret store, use the overload
                /// taking a factory.
                /// </summary>
                /// <param name="services">The service collection.</param>
                /// <param name="configure">Sets credentials, base address, timeout and retries.</param>
                /// <returns>The HTTP client builder, to add handlers (e.g. a resilience pipeline).</returns>
                /// <exception cref="global::System.ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is null.</exception>
                /// <exception cref="global::System.ArgumentException">An option is missing or out of range; the message names it.</exception>
                public static {{Di}}.IHttpClientBuilder Add{{client}}(this {{Di}}.IServiceCollection services, global::System.Action<{{Options}}> configure)
                {
                    if (services is null) throw new global::System.ArgumentNullException(nameof(services));
                    if (configure is null) throw new global::System.ArgumentNullException(nameof(configure));
                    var options = new {{Options}}();
                    configure(options);
                    options.Validate();
                    return Add{{client}}(services, _ => options);
                }

                /// <summary>
                /// Adds <see cref="{{client}}"/> with options made by <paramref name="options"/> when the client is first
                /// resolved, with the application's services at hand (configuration, a secret store), then kept.
                /// </summary>
                /// <param name="services">The service collection.</param>
                /// <param name="options">Makes the options from the service provider; runs once, at the first resolve.</param>
                /// <returns>The HTTP client builder, to add handlers (e.g. a resilience pipeline).</returns>
                /// <exception cref="global::System.ArgumentNullException"><paramref name="services"/> or <paramref name="options"/> is null.</exception>
                public static {{Di}}.IHttpClientBuilder Add{{client}}(this {{Di}}.IServiceCollection services, global::System.Func<global::System.IServiceProvider, {{Options}}> options)
                {
                    if (services is null) throw new global::System.ArgumentNullException(nameof(services));
                    if (options is null) throw new global::System.ArgumentNullException(nameof(options));
                    {{Di}}.ServiceCollectionServiceExtensions.AddSingleton(services, provider => new {{client}}Registration(options(provider)));
                    var builder = {{Di}}.HttpClientFactoryServiceCollectionExtensions.AddHttpClient(services, "{{client}}");
                    return {{Di}}.HttpClientBuilderExtensions.AddTypedClient<{{client}}>(builder,
                        (global::System.Net.Http.HttpClient http, global::System.IServiceProvider provider) =>
                            new {{client}}(http, {{Di}}.ServiceProviderServiceExtensions.GetRequiredService<{{client}}Registration>(provider).Options));
                }
            """);
        if (hasConfiguration)
        {
            w.Line($$"""

                    /// <summary>
                    /// Adds <see cref="{{client}}"/> with options read from a configuration section when the client is first
                    /// resolved: <c>AccountSid</c>, <c>AuthToken</c> (or <c>ApiKeySid</c> and <c>ApiKeySecret</c>),
                    /// <c>BaseAddress</c>, <c>Timeout</c>, <c>MaxResponseContentBytes</c>, <c>Retry:MaxRetries</c>,
                    /// <c>Retry:BaseDelay</c>, <c>Retry:MaxDelay</c>. Read without reflection (trim- and AOT-safe).
                    /// </summary>
                    /// <param name="services">The service collection.</param>
                    /// <param name="section">The section, e.g. <c>configuration.GetSection("Twilio")</c>.</param>
                    /// <returns>The HTTP client builder.</returns>
                    /// <exception cref="global::System.ArgumentNullException"><paramref name="services"/> or <paramref name="section"/> is null.</exception>
                    public static {{Di}}.IHttpClientBuilder Add{{client}}(this {{Di}}.IServiceCollection services, global::Microsoft.Extensions.Configuration.IConfiguration section)
                    {
                        if (section is null) throw new global::System.ArgumentNullException(nameof(section));
                        return Add{{client}}(services, _ => ReadOptions(section));
                    }

                    private static {{Options}} ReadOptions(global::Microsoft.Extensions.Configuration.IConfiguration section)
                    {
                        var options = new {{Options}}
                        {
                            AccountSid = section["AccountSid"],
                            AuthToken = section["AuthToken"],
                            ApiKeySid = section["ApiKeySid"],
                            ApiKeySecret = section["ApiKeySecret"],
                        };
                        if (section["BaseAddress"] is { Length: > 0 } baseAddress)
                            options.BaseAddress = global::System.Uri.TryCreate(baseAddress, global::System.UriKind.Absolute, out var uri) ? uri : throw Invalid(section, "BaseAddress", "an absolute URI");
                        if (section["Timeout"] is { Length: > 0 } timeout) options.Timeout = Span(section, "Timeout", timeout);
                        if (section["MaxResponseContentBytes"] is { Length: > 0 } max)
                            options.MaxResponseContentBytes = long.TryParse(max, global::System.Globalization.NumberStyles.Integer, global::System.Globalization.CultureInfo.InvariantCulture, out long bytes) ? bytes : throw Invalid(section, "MaxResponseContentBytes", "a whole number");
                        if (section["Retry:MaxRetries"] is { Length: > 0 } retries)
                            options.Retry.MaxRetries = int.TryParse(retries, global::System.Globalization.NumberStyles.Integer, global::System.Globalization.CultureInfo.InvariantCulture, out int n) ? n : throw Invalid(section, "Retry:MaxRetries", "a whole number");
                        if (section["Retry:BaseDelay"] is { Length: > 0 } baseDelay) options.Retry.BaseDelay = Span(section, "Retry:BaseDelay", baseDelay);
                        if (section["Retry:MaxDelay"] is { Length: > 0 } maxDelay) options.Retry.MaxDelay = Span(section, "Retry:MaxDelay", maxDelay);
                        options.Validate();
                        return options;
                    }

                    private static global::System.TimeSpan Span(global::Microsoft.Extensions.Configuration.IConfiguration section, string key, string text) =>
                        global::System.TimeSpan.TryParse(text, global::System.Globalization.CultureInfo.InvariantCulture, out var span) ? span : throw Invalid(section, key, "a time span such as 00:00:30");

                    private static global::System.ArgumentException Invalid(global::Microsoft.Extensions.Configuration.IConfiguration section, string key, string expected) =>
                        new(((section as global::Microsoft.Extensions.Configuration.IConfigurationSection)?.Path is { } path ? path + ":" : "") + key + ": must be " + expected + ".", key);
                """);
        }
        w.Line($$"""
            }

            /// <summary>The options of a registered <see cref="{{client}}"/>, made once.</summary>
            {{TypeNames.GeneratedCode}}
            {{TypeNames.ExcludeFromCoverage}}
            internal sealed class {{client}}Registration
            {
                public {{client}}Registration({{Options}} options) => Options = options;

                public {{Options}} Options { get; }
            }
            """);
        return w.ToString();
    }
}

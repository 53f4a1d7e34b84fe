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
                /// mistake fails at registration). For options that come from configuration or a secret store, use the overload
                /// taking a factory.
                /// </summary>
                /// <param name="services">The service collection.</param>
                /// <param name="configure">Sets credentials, base address, timeout and retries.</param>
                /// <returns>The HTTP client builder. Twilio's retry handler is on by default; add a resilience handler to the builder
                /// (<c>AddStandardResilienceHandler()</c>) and it replaces Twilio's, so exactly one layer retries.</returns>
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
                /// Adds <see cref="{{client}}"/> with options made by <paramref name="options"/> from the application's services
                /// (configuration, a secret store). They are made and checked when the host starts (<c>ValidateOnStart</c>), or
                /// at the first resolve without a host; a missing or invalid option fails <c>StartAsync</c> with a message naming it.
                /// The client logs through the host's <c>ILoggerFactory</c> and times retries with its <c>TimeProvider</c>, unless
                /// the options name their own.
                /// </summary>
                /// <param name="services">The service collection.</param>
                /// <param name="options">Makes the options from the service provider; runs once.</param>
                /// <returns>The HTTP client builder. Twilio's retry handler is on by default; add a resilience handler to the builder
                /// (<c>AddStandardResilienceHandler()</c>) and it replaces Twilio's, so exactly one layer retries.</returns>
                /// <exception cref="global::System.ArgumentNullException"><paramref name="services"/> or <paramref name="options"/> is null.</exception>
                public static {{Di}}.IHttpClientBuilder Add{{client}}(this {{Di}}.IServiceCollection services, global::System.Func<global::System.IServiceProvider, {{Options}}> options)
                {
                    if (services is null) throw new global::System.ArgumentNullException(nameof(services));
                    if (options is null) throw new global::System.ArgumentNullException(nameof(options));
                    return Register(services, options, null, validate: true);
                }

                /// <summary>Not for direct use: <c>AddTwilioClients</c> registers this client over the options it made and checks once.</summary>
                internal static {{Di}}.IHttpClientBuilder AddShared({{Di}}.IServiceCollection services) =>
                    Register(services, provider => global::Microsoft.Extensions.DependencyInjection.TwilioClientsRegistration.Of(provider).Options, null, validate: false);

                private static {{Di}}.IHttpClientBuilder Register({{Di}}.IServiceCollection services, global::System.Func<global::System.IServiceProvider, {{Options}}> options, string? configurationPath, bool validate)
                {
                    var registration = {{Di}}.OptionsServiceCollectionExtensions.AddOptions<{{client}}Registration>(services)
                        .Configure<global::System.IServiceProvider>((registration, provider) =>
                        {
                            registration.ConfigurationPath = configurationPath;
                            registration.Options = global::FlexCodegen.Runtime.TwilioHandlerChain.WithHostServices(options(provider), provider);
                        });
                    if (validate)
                    {
                        {{Di}}.OptionsBuilderExtensions.ValidateOnStart(registration);
                        {{Di}}.Extensions.ServiceCollectionDescriptorExtensions.TryAddEnumerable(services,
                            {{Di}}.ServiceDescriptor.Singleton<global::Microsoft.Extensions.Options.IValidateOptions<{{client}}Registration>, {{client}}Registration.Validator>());
                    }
                    {{Di}}.OptionsServiceCollectionExtensions.PostConfigure<global::Microsoft.Extensions.Http.HttpClientFactoryOptions>(services, "{{client}}", factory =>
                        // After every handler the application added: redirects off, one retry layer, the attempt handler innermost.
                        factory.HttpMessageHandlerBuilderActions.Add(chain => global::FlexCodegen.Runtime.TwilioHandlerChain.Configure(
                            chain.AdditionalHandlers, chain.PrimaryHandler, Registration(chain.Services).Options, "{{client}}")));
                    var builder = {{Di}}.HttpClientFactoryServiceCollectionExtensions.AddHttpClient(services, "{{client}}");
                    // The attempt handler times each attempt; a whole-call timeout would cut retries short.
                    {{Di}}.HttpClientBuilderExtensions.ConfigureHttpClient(builder, (global::System.Net.Http.HttpClient http) => http.Timeout = global::System.Threading.Timeout.InfiniteTimeSpan);
                    return {{Di}}.HttpClientBuilderExtensions.AddTypedClient<{{client}}>(builder,
                        (global::System.Net.Http.HttpClient http, global::System.IServiceProvider provider) =>
                            new {{client}}(global::FlexCodegen.Runtime.TwilioPipeline.OverHandlerChain(http, Registration(provider).Options, {{client}}.DefaultBaseAddress)));
                }

                private static {{client}}Registration Registration(global::System.IServiceProvider provider) =>
                    {{Di}}.ServiceProviderServiceExtensions.GetRequiredService<global::Microsoft.Extensions.Options.IOptions<{{client}}Registration>>(provider).Value;
            """);
        if (hasConfiguration)
        {
            w.Line($$"""

                    /// <summary>
                    /// Adds <see cref="{{client}}"/> with options read from a configuration section when the client is first
                    /// resolved, and checked when the host starts (a missing <c>AuthToken</c> fails <c>StartAsync</c> naming
                    /// <c>Twilio:AuthToken</c>): <c>AccountSid</c>, <c>AuthToken</c> (or <c>ApiKeySid</c> and <c>ApiKeySecret</c>),
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
                        if (services is null) throw new global::System.ArgumentNullException(nameof(services));
                        return Register(services, _ => global::Microsoft.Extensions.DependencyInjection.TwilioClientsRegistration.ReadOptions(section), (section as global::Microsoft.Extensions.Configuration.IConfigurationSection)?.Path, validate: true);
                    }
                """);
        }
        w.Line($$"""
            }

            /// <summary>The options of a registered <see cref="{{client}}"/>, made once, checked when the host starts.</summary>
            {{TypeNames.GeneratedCode}}
            {{TypeNames.ExcludeFromCoverage}}
            internal sealed class {{client}}Registration
            {
                public {{Options}} Options { get; set; } = null!;

                /// <summary>The configuration section the options were read from, so a failure names the key (<c>Twilio:AuthToken</c>).</summary>
                public string? ConfigurationPath { get; set; }

                /// <summary>Runs the options' own checks; the failure names the option, as a configuration key when they came from one.</summary>
                internal sealed class Validator : global::Microsoft.Extensions.Options.IValidateOptions<{{client}}Registration>
                {
                    public global::Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, {{client}}Registration registration) =>
                        global::Microsoft.Extensions.DependencyInjection.TwilioClientsRegistration.Check(registration.Options, registration.ConfigurationPath, "{{client}}");
                }
            }
            """);
        return w.ToString();
    }
}

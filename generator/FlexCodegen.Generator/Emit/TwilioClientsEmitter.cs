using System.Collections.Generic;
using System.Linq;
using FlexCodegen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace FlexCodegen.Generator.Emit;

/// <summary>
/// Emits <c>services.AddTwilioClients(...)</c> once per project: every client the project generates, over one set of
/// options read once and checked once (one message per missing key, not one per client), one call to configure every
/// client's HTTP pipeline, and the options exposed as <c>IOptions&lt;TwilioClientOptions&gt;</c> for what else needs
/// them (a webhook's signature check needs the auth token). Only when the consumer references Microsoft.Extensions.Http.
/// </summary>
internal static class TwilioClientsEmitter
{
    public const string HintName = "TwilioClientsServiceCollectionExtensions.g.cs";

    /// <summary>Writes the file.</summary>
    /// <param name="context">Where the file goes.</param>
    /// <param name="clients">Every client the project generates.</param>
    /// <param name="hasConfiguration">Whether the project references Microsoft.Extensions.Configuration (the section overloads).</param>
    /// <param name="publicRegistration">
    /// False when a referenced assembly (a library that generated its own clients) already declares the public
    /// <c>AddTwilioClients</c> and its builder: a second pair here would clash with them (CS0436) and make every call
    /// ambiguous (CS0121), so only the internal part this project's own <c>AddXxxClient</c> methods use is written.
    /// </param>
    public static void Emit(SourceProductionContext context, IReadOnlyList<EmitContext> clients, bool hasConfiguration, bool publicRegistration = true) =>
        context.AddSource(HintName, Render(clients, hasConfiguration, publicRegistration));

    public static string Render(IReadOnlyList<EmitContext> clients, bool hasConfiguration, bool publicRegistration = true)
    {
        const string Di = "global::Microsoft.Extensions.DependencyInjection";
        const string Options = "global::FlexCodegen.Runtime.TwilioClientOptions";
        var ordered = clients.OrderBy(c => c.ClientName, System.StringComparer.Ordinal).ThenBy(c => c.Namespace, System.StringComparer.Ordinal).ToList();
        string names = string.Join(", ", ordered.Select(c => c.ClientName));
        string crefs = string.Join(", ", ordered.Select(c => $"<see cref=\"global::{c.Namespace}.{c.ClientName}\"/>"));
        var w = new SourceWriter();
        w.Line(SourceWriter.Header("Microsoft.Extensions.DependencyInjection"));
        if (publicRegistration) WritePublicRegistration(w, ordered, crefs, names, hasConfiguration);
        w.Line($$"""
            /// <summary>The options <c>AddTwilioClients</c> made, once, shared by every client; checked once when the host starts.</summary>
            {{TypeNames.GeneratedCode}}
            {{TypeNames.ExcludeFromCoverage}}
            internal sealed class TwilioClientsRegistration
            {
                public {{Options}} Options { get; set; } = null!;

                /// <summary>The configuration section the options were read from, so a failure names the key (<c>Twilio:AuthToken</c>).</summary>
                public string? ConfigurationPath { get; set; }

                public static TwilioClientsRegistration Of(global::System.IServiceProvider provider) =>
                    {{Di}}.ServiceProviderServiceExtensions.GetRequiredService<global::Microsoft.Extensions.Options.IOptions<TwilioClientsRegistration>>(provider).Value;

                /// <summary>Runs the options' own checks once for all clients; the failure names the option, as a configuration key when they came from one.</summary>
                internal sealed class Validator : global::Microsoft.Extensions.Options.IValidateOptions<TwilioClientsRegistration>
                {
                    public global::Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, TwilioClientsRegistration registration) =>
                        Check(registration.Options, registration.ConfigurationPath, "Twilio clients ({{names}})");
                }

                /// <summary>
                /// Runs the options' own checks; a failure names <paramref name="who"/> and the option, as a configuration key
                /// when they came from one (<c>Twilio:AuthToken</c>). Each client's own registration checks with it too.
                /// </summary>
                internal static global::Microsoft.Extensions.Options.ValidateOptionsResult Check({{Options}} options, string? configurationPath, string who)
                {
                    try
                    {
                        options.Validate();
                        return global::Microsoft.Extensions.Options.ValidateOptionsResult.Success;
                    }
                    catch (global::System.ArgumentException ex)
                    {
                        string key = configurationPath is { Length: > 0 } path ? path + ":" + ex.ParamName : "TwilioClientOptions." + ex.ParamName;
                        return global::Microsoft.Extensions.Options.ValidateOptionsResult.Fail(who + ": " + key + " is missing or invalid. " + ex.Message);
                    }
                }
            """);
        if (hasConfiguration)
        {
            w.Line(ReadOptionsSource);
        }
        w.Line("}");
        return w.ToString();
    }

    /// <summary>The public entry point: <c>AddTwilioClients</c> and its builder, over the internal registration written after it.</summary>
    private static void WritePublicRegistration(SourceWriter w, List<EmitContext> ordered, string crefs, string names, bool hasConfiguration)
    {
        const string Di = "global::Microsoft.Extensions.DependencyInjection";
        const string Options = "global::FlexCodegen.Runtime.TwilioClientOptions";
        w.Line($$"""
            /// <summary>Registers every Twilio client this project generates ({{crefs}}) with one set of options.</summary>
            {{TypeNames.GeneratedCode}}
            public static class TwilioClientsServiceCollectionExtensions
            {
                /// <summary>
                /// Adds every Twilio client this project generates as typed clients of IHttpClientFactory, over options made
                /// once by <paramref name="options"/> from the application's services and checked once when the host starts
                /// (<c>ValidateOnStart</c>). The options are also registered as <c>IOptions&lt;TwilioClientOptions&gt;</c>.
                /// </summary>
                /// <param name="services">The service collection.</param>
                /// <param name="options">Makes the options from the service provider; runs once.</param>
                /// <returns>The clients' builder: <see cref="TwilioClientsBuilder.ConfigureHttpClients"/> reaches every client's HTTP pipeline.</returns>
                /// <exception cref="global::System.ArgumentNullException"><paramref name="services"/> or <paramref name="options"/> is null.</exception>
                public static TwilioClientsBuilder AddTwilioClients(this {{Di}}.IServiceCollection services, global::System.Func<global::System.IServiceProvider, {{Options}}> options)
                {
                    if (services is null) throw new global::System.ArgumentNullException(nameof(services));
                    if (options is null) throw new global::System.ArgumentNullException(nameof(options));
                    return Register(services, options, null);
                }

                /// <summary>
                /// Adds every Twilio client this project generates with options set by <paramref name="configure"/>, which runs
                /// once, now, so a mistake fails at registration.
                /// </summary>
                /// <param name="services">The service collection.</param>
                /// <param name="configure">Sets credentials, base address, timeout and retries.</param>
                /// <returns>The clients' builder.</returns>
                /// <exception cref="global::System.ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is null.</exception>
                /// <exception cref="global::System.ArgumentException">An option is missing or out of range; the message names it.</exception>
                public static TwilioClientsBuilder AddTwilioClients(this {{Di}}.IServiceCollection services, global::System.Action<{{Options}}> configure)
                {
                    if (services is null) throw new global::System.ArgumentNullException(nameof(services));
                    if (configure is null) throw new global::System.ArgumentNullException(nameof(configure));
                    var options = new {{Options}}();
                    configure(options);
                    options.Validate();
                    return Register(services, _ => options, null);
                }
            """);
        if (hasConfiguration)
        {
            w.Line($$"""

                    /// <summary>
                    /// Adds every Twilio client this project generates with options read once from a configuration section (the
                    /// keys of <c>AddFlexClient</c>'s section overload: <c>AccountSid</c>, <c>AuthToken</c> or <c>ApiKeySid</c> and
                    /// <c>ApiKeySecret</c>, <c>BaseAddress</c>, <c>Timeout</c>, <c>MaxResponseContentBytes</c>, <c>Retry:*</c>),
                    /// checked once when the host starts: a missing key fails <c>StartAsync</c> with one message naming it.
                    /// </summary>
                    /// <param name="services">The service collection.</param>
                    /// <param name="section">The section, e.g. <c>configuration.GetSection("Twilio")</c>.</param>
                    /// <returns>The clients' builder.</returns>
                    /// <exception cref="global::System.ArgumentNullException"><paramref name="services"/> or <paramref name="section"/> is null.</exception>
                    public static TwilioClientsBuilder AddTwilioClients(this {{Di}}.IServiceCollection services, global::Microsoft.Extensions.Configuration.IConfiguration section)
                    {
                        if (section is null) throw new global::System.ArgumentNullException(nameof(section));
                        if (services is null) throw new global::System.ArgumentNullException(nameof(services));
                        return Register(services, _ => TwilioClientsRegistration.ReadOptions(section), (section as global::Microsoft.Extensions.Configuration.IConfigurationSection)?.Path);
                    }
                """);
        }
        w.Line($$"""

                private static TwilioClientsBuilder Register({{Di}}.IServiceCollection services, global::System.Func<global::System.IServiceProvider, {{Options}}> options, string? configurationPath)
                {
                    {{Di}}.OptionsBuilderExtensions.ValidateOnStart(
                        {{Di}}.OptionsServiceCollectionExtensions.AddOptions<TwilioClientsRegistration>(services)
                            .Configure<global::System.IServiceProvider>((registration, provider) =>
                            {
                                registration.ConfigurationPath = configurationPath;
                                registration.Options = global::FlexCodegen.Runtime.TwilioHandlerChain.WithHostServices(options(provider), provider);
                            }));
                    {{Di}}.Extensions.ServiceCollectionDescriptorExtensions.TryAddEnumerable(services,
                        {{Di}}.ServiceDescriptor.Singleton<global::Microsoft.Extensions.Options.IValidateOptions<TwilioClientsRegistration>, TwilioClientsRegistration.Validator>());
                    {{Di}}.Extensions.ServiceCollectionDescriptorExtensions.TryAddSingleton<global::Microsoft.Extensions.Options.IOptions<{{Options}}>>(services,
                        provider => global::Microsoft.Extensions.Options.Options.Create(TwilioClientsRegistration.Of(provider).Options));
                    return new TwilioClientsBuilder(services, new {{Di}}.IHttpClientBuilder[]
                    {
            """);
        foreach (var c in ordered)
            w.Line($"            global::{c.Namespace}.{c.ClientName}ServiceCollectionExtensions.AddShared(services),");
        w.Line($$"""
                    });
                }
            }

            /// <summary>The clients <c>AddTwilioClients</c> registered ({{names}}), to configure their HTTP pipelines together.</summary>
            {{TypeNames.GeneratedCode}}
            public sealed class TwilioClientsBuilder
            {
                internal TwilioClientsBuilder({{Di}}.IServiceCollection services, {{Di}}.IHttpClientBuilder[] httpClients)
                {
                    Services = services;
                    HttpClients = httpClients;
                }

                /// <summary>The service collection the clients were added to.</summary>
                public {{Di}}.IServiceCollection Services { get; }

                /// <summary>Each client's HTTP client builder, in the order of the clients' names.</summary>
                public global::System.Collections.Generic.IReadOnlyList<{{Di}}.IHttpClientBuilder> HttpClients { get; }

                /// <summary>
                /// Runs <paramref name="configure"/> on every client's HTTP client builder, e.g.
                /// <c>b =&gt; b.AddStandardResilienceHandler()</c> (which then replaces Twilio's own retry handler, so exactly one
                /// layer retries).
                /// </summary>
                /// <param name="configure">What to do to each client's builder.</param>
                /// <returns>This builder.</returns>
                /// <exception cref="global::System.ArgumentNullException"><paramref name="configure"/> is null.</exception>
                public TwilioClientsBuilder ConfigureHttpClients(global::System.Action<{{Di}}.IHttpClientBuilder> configure)
                {
                    if (configure is null) throw new global::System.ArgumentNullException(nameof(configure));
                    foreach (var client in HttpClients) configure(client);
                    return this;
                }
            }
            """);
        w.Line();
    }

    /// <summary>The reading of options from configuration, without reflection: the one copy, which each client's section overload calls too.</summary>
    private const string ReadOptionsSource = """

                /// <summary>Not for direct use: the options in <paramref name="section"/>, read without reflection.</summary>
                internal static global::FlexCodegen.Runtime.TwilioClientOptions ReadOptions(global::Microsoft.Extensions.Configuration.IConfiguration section)
                {
                    var options = new global::FlexCodegen.Runtime.TwilioClientOptions
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
                    return options;
                }

                private static global::System.TimeSpan Span(global::Microsoft.Extensions.Configuration.IConfiguration section, string key, string text) =>
                    global::System.TimeSpan.TryParse(text, global::System.Globalization.CultureInfo.InvariantCulture, out var span) ? span : throw Invalid(section, key, "a time span such as 00:00:30");

                private static global::System.ArgumentException Invalid(global::Microsoft.Extensions.Configuration.IConfiguration section, string key, string expected) =>
                    new(((section as global::Microsoft.Extensions.Configuration.IConfigurationSection)?.Path is { } path ? path + ":" : "") + key + ": must be " + expected + ".", key);
            """;
}

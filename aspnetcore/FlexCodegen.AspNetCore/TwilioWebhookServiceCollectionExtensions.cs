using System;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FlexCodegen.AspNetCore;

/// <summary>Registers what <c>MapTwilioWebhook</c> and <c>MapTwilioEvents</c> need: the checked <see cref="TwilioWebhookOptions"/>.</summary>
public static class TwilioWebhookServiceCollectionExtensions
{
    /// <summary>
    /// Adds the webhook options made by <paramref name="configure"/>. They are checked when the host starts
    /// (<c>ValidateOnStart</c>): a missing auth token fails <c>StartAsync</c> with a message naming it, never quoting it.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is null.</exception>
    public static IServiceCollection AddTwilioWebhooks(this IServiceCollection services, Action<TwilioWebhookOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        return Register(services, configure);
    }

    /// <summary>
    /// Adds the webhook options read from the configuration section the clients read (<c>configuration.GetSection("Twilio")</c>):
    /// <c>AuthToken</c> (the same key <c>AddFlexClient</c> reads, so the token is configured once), and, all optional,
    /// <c>Webhooks:PublicBaseUrl</c>, <c>Webhooks:MaxBodyBytes</c> and <c>Webhooks:MaxFormFields</c>. Read without
    /// reflection when the options are first made, and checked when the host starts: a problem fails <c>StartAsync</c>
    /// naming the key (<c>Twilio:AuthToken is missing</c>), never quoting a value.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="section">The section, e.g. <c>configuration.GetSection("Twilio")</c>.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="section"/> is null.</exception>
    public static IServiceCollection AddTwilioWebhooks(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        return Register(services, options => Read(section, options));
    }

    /// <summary>
    /// Adds the webhook options over the clients' own: the auth token of the <c>IOptions&lt;TwilioClientOptions&gt;</c> that
    /// <c>AddTwilioClients</c> registers, so the token is read from configuration once, for calling Twilio and for checking
    /// what Twilio sends. <paramref name="configure"/> may set the rest (<see cref="TwilioWebhookOptions.PublicBaseUrl"/>,
    /// the limits). Checked when the host starts: without <c>AddTwilioClients</c> (or with a client that signs in with an
    /// API key and has no auth token) it fails naming the missing token.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the other options; optional.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IServiceCollection AddTwilioWebhooksFromClientOptions(this IServiceCollection services, Action<TwilioWebhookOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<TwilioWebhookOptions>().Configure<IServiceProvider>((options, provider) =>
        {
            options.AuthToken = provider.GetService<IOptions<FlexCodegen.Runtime.TwilioClientOptions>>()?.Value.AuthToken;
        });
        return Register(services, configure ?? (_ => { }));
    }

    private static IServiceCollection Register(IServiceCollection services, Action<TwilioWebhookOptions> configure)
    {
        services.AddOptions<TwilioWebhookOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TwilioWebhookOptions>, Validator>());
        services.TryAddSingleton<Registered>();
        return services;
    }

    /// <summary>Present when <c>AddTwilioWebhooks</c> ran: options with no auth token would otherwise be resolvable too.</summary>
    internal sealed class Registered;

    private static void Read(IConfiguration section, TwilioWebhookOptions options)
    {
        string? path = (section as IConfigurationSection)?.Path;
        options.ConfigurationPath = path;
        options.AuthToken = section["AuthToken"];
        if (section["Webhooks:PublicBaseUrl"] is { Length: > 0 } url)
        {
            if (Uri.TryCreate(url, UriKind.Absolute, out var uri)) options.PublicBaseUrl = uri;
            else options.ConfigurationProblem ??= Key(path, "Webhooks:PublicBaseUrl") + " must be an absolute http or https URL (not shown).";
        }
        if (section["Webhooks:MaxBodyBytes"] is { Length: > 0 } bytes)
        {
            if (int.TryParse(bytes, NumberStyles.Integer, CultureInfo.InvariantCulture, out int max)) options.MaxBodyBytes = max;
            else options.ConfigurationProblem ??= Key(path, "Webhooks:MaxBodyBytes") + " must be a whole number of bytes.";
        }
        if (section["Webhooks:MaxFormFields"] is { Length: > 0 } fields)
        {
            if (int.TryParse(fields, NumberStyles.Integer, CultureInfo.InvariantCulture, out int max)) options.MaxFormFields = max;
            else options.ConfigurationProblem ??= Key(path, "Webhooks:MaxFormFields") + " must be a whole number.";
        }
    }

    private static string Key(string? path, string key) => path is { Length: > 0 } ? path + ":" + key : key;

    /// <summary>Runs the options' own checks when the host starts; the failure names the option or configuration key.</summary>
    private sealed class Validator : IValidateOptions<TwilioWebhookOptions>
    {
        public ValidateOptionsResult Validate(string? name, TwilioWebhookOptions options)
        {
            try
            {
                options.Validate();
                return ValidateOptionsResult.Success;
            }
            catch (ArgumentException ex)
            {
                // ArgumentException appends "(Parameter '…')" to Message; the text before it is ours and names the key.
                string message = ex.ParamName is { } param ? ex.Message.Replace($" (Parameter '{param}')", "", StringComparison.Ordinal) : ex.Message;
                return ValidateOptionsResult.Fail("TwilioWebhooks: " + message);
            }
        }
    }
}

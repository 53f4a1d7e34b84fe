using System;
using System.Globalization;

namespace FlexCodegen.AspNetCore;

/// <summary>
/// How the application checks and reads what Twilio sends it. Registered with
/// <see cref="TwilioWebhookServiceCollectionExtensions.AddTwilioWebhooks(Microsoft.Extensions.DependencyInjection.IServiceCollection, Action{TwilioWebhookOptions})"/>
/// or from the <c>Twilio</c> configuration section the clients read.
/// </summary>
public sealed class TwilioWebhookOptions
{
    /// <summary>The default of <see cref="MaxBodyBytes"/>: 256 KiB, far above a TaskRouter event (a few KiB with a task's attributes).</summary>
    public const int DefaultMaxBodyBytes = 256 * 1024;

    /// <summary>The default of <see cref="MaxFormFields"/>: 1,000 (a TaskRouter event has about 40).</summary>
    public const int DefaultMaxFormFields = 1000;

    /// <summary>The account's auth token: the key Twilio signs requests with. Required. Never shown in a message or a log.</summary>
    public string? AuthToken { get; set; }

    /// <summary>
    /// The scheme, host, port and any path prefix of the URL Twilio calls, for an app whose proxy changes them
    /// (<c>https://events.example.com</c>, or <c>https://example.com/hooks</c> when the proxy takes <c>/hooks</c> away): the
    /// request's own path and query, as received, follow it. When null (the default) the URL is the request's scheme, host,
    /// path and query as ASP.NET Core sees them, so behind a proxy run <c>UseForwardedHeaders()</c> first. Absolute http or
    /// https, with no query, fragment or user info.
    /// </summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>
    /// The largest body read, in bytes: a larger one is answered 413 without being read further. Between 1 KiB and 16 MiB;
    /// default <see cref="DefaultMaxBodyBytes"/>.
    /// </summary>
    public int MaxBodyBytes { get; set; } = DefaultMaxBodyBytes;

    /// <summary>
    /// The most fields a form body may hold: more is answered 400 as soon as the limit is passed. Between 1 and 100,000;
    /// default <see cref="DefaultMaxFormFields"/>.
    /// </summary>
    public int MaxFormFields { get; set; } = DefaultMaxFormFields;

    /// <summary>The configuration section the options were read from (<c>Twilio</c>), so a problem names its key.</summary>
    internal string? ConfigurationPath { get; set; }

    /// <summary>A value configuration held that could not be read (the key and what it must be), found when the options were read.</summary>
    internal string? ConfigurationProblem { get; set; }

    /// <summary>
    /// Checks the options, throwing <see cref="ArgumentException"/> whose message names the option (as a configuration key
    /// when they came from configuration, <c>Twilio:AuthToken</c>) and the rule. No message quotes the auth token, or a value
    /// that could be one.
    /// </summary>
    /// <exception cref="ArgumentException">An option is missing or out of range.</exception>
    public void Validate()
    {
        if (ConfigurationProblem is not null) throw new ArgumentException(ConfigurationProblem, "configuration");
        if (string.IsNullOrWhiteSpace(AuthToken))
            throw new ArgumentException($"{Key("AuthToken")} is missing: set the account's auth token, the key Twilio signs its requests with.", nameof(AuthToken));
        if (PublicBaseUrl is not null)
        {
            if (!PublicBaseUrl.IsAbsoluteUri || (PublicBaseUrl.Scheme != Uri.UriSchemeHttps && PublicBaseUrl.Scheme != Uri.UriSchemeHttp))
                throw new ArgumentException($"{Key("Webhooks:PublicBaseUrl")} must be an absolute http or https URL (not shown).", nameof(PublicBaseUrl));
            if (PublicBaseUrl.Query.Length > 0 || PublicBaseUrl.Fragment.Length > 0 || PublicBaseUrl.UserInfo.Length > 0)
                throw new ArgumentException($"{Key("Webhooks:PublicBaseUrl")} must be scheme, host, port and path only: the request's own path and query follow it (not shown: it may hold a secret).", nameof(PublicBaseUrl));
        }
        if (MaxBodyBytes < 1024 || MaxBodyBytes > 16 * 1024 * 1024)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{Key("Webhooks:MaxBodyBytes")} must be between 1024 and 16777216, got {MaxBodyBytes}."), nameof(MaxBodyBytes));
        if (MaxFormFields < 1 || MaxFormFields > 100_000)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{Key("Webhooks:MaxFormFields")} must be between 1 and 100000, got {MaxFormFields}."), nameof(MaxFormFields));
    }

    private string Key(string configurationKey) =>
        ConfigurationPath is { Length: > 0 } path ? path + ":" + configurationKey : "TwilioWebhookOptions." + configurationKey.Replace("Webhooks:", "", StringComparison.Ordinal);

    /// <summary>The options without the auth token (only whether it is set) and the public URL's scheme, host and path.</summary>
    /// <returns>A text that holds no secret.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture,
            $"TwilioWebhookOptions {{ AuthToken = {(string.IsNullOrEmpty(AuthToken) ? "(not set)" : "(set, not shown)")}, PublicBaseUrl = {Shown(PublicBaseUrl)}, MaxBodyBytes = {MaxBodyBytes}, MaxFormFields = {MaxFormFields} }}");

    private static string Shown(Uri? url) =>
        url is null ? "(the request's own)" : !url.IsAbsoluteUri ? "(relative, not shown)" : url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
}

using System;
using System.Linq;
using System.Net;
using Microsoft.Extensions.Logging;

namespace FlexCodegen.Runtime;

/// <summary>How a generated client authenticates, where it sends requests and how it retries.</summary>
public sealed class TwilioClientOptions
{
    /// <summary>The account SID (<c>AC</c> + 32 hex digits). Always required.</summary>
    public string? AccountSid { get; set; }

    /// <summary>The account's auth token. Use this or an API key, not both.</summary>
    public string? AuthToken { get; set; }

    /// <summary>An API key SID (<c>SK</c> + 32 hex digits), used with <see cref="ApiKeySecret"/>.</summary>
    public string? ApiKeySid { get; set; }

    /// <summary>The API key's secret.</summary>
    public string? ApiKeySecret { get; set; }

    /// <summary>
    /// Overrides the spec's server, e.g. a test server or a regional edge. Must be HTTPS unless it is a loopback address.
    /// </summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>How failed requests are retried. Set <see cref="RetryOptions.MaxRetries"/> to 0 to turn retries off.</summary>
    public RetryOptions Retry { get; set; } = new();

    /// <summary>
    /// Time allowed for one HTTP attempt, from sending the request to the last byte of the response body (a body that
    /// stalls counts against it too). Default 100 seconds; at most 24 days, or <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// The largest response body the client reads, in bytes. Default 16 MiB, well above Twilio's largest page
    /// (1,000 items). A larger answer ends the call with <see cref="TwilioResponseException"/> as soon as the limit is
    /// passed, without buffering the rest. Between 1 KiB and 1 GiB.
    /// </summary>
    public long MaxResponseContentBytes { get; set; } = DefaultMaxResponseContentBytes;

    /// <summary>The default of <see cref="MaxResponseContentBytes"/>: 16 MiB.</summary>
    public const long DefaultMaxResponseContentBytes = 16L * 1024 * 1024;

    /// <summary>Optional logger for every log line of the client; it never receives credentials. Wins over <see cref="LoggerFactory"/>.</summary>
    public ILogger? Logger { get; set; }

    /// <summary>
    /// Optional logger factory, used when <see cref="Logger"/> is not set, with the categories
    /// <c>FlexCodegen.Runtime.TwilioPipeline</c> (request outcomes) and <c>FlexCodegen.Runtime.TwilioRetryHandler</c>
    /// (retries). <c>AddFlexClient</c> sets it to the host's <see cref="ILoggerFactory"/> when neither is set.
    /// </summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>
    /// The clock of retry waits, <c>Retry-After</c> dates and <see cref="Timeout"/>; <see cref="System.TimeProvider.System"/>
    /// when null. <c>AddFlexClient</c> takes the <see cref="System.TimeProvider"/> registered in the services, if any.
    /// </summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>
    /// Checks the options, throwing <see cref="ArgumentException"/> that names the option and the rule. The message never
    /// quotes a text option's value: an id option can hold a secret put there by mistake (the two keys swapped in
    /// configuration), so it says only how the value is wrong.
    /// </summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(AccountSid))
            throw new ArgumentException("TwilioClientOptions.AccountSid: required, but not set.", nameof(AccountSid));
        if (!IsSid(AccountSid!, "AC"))
            throw new ArgumentException($"TwilioClientOptions.AccountSid: must be 'AC' + 32 hex digits (34 characters), {Describe(AccountSid!, "AC")}.", nameof(AccountSid));
        bool hasToken = !string.IsNullOrEmpty(AuthToken);
        bool hasKey = !string.IsNullOrEmpty(ApiKeySid) || !string.IsNullOrEmpty(ApiKeySecret);
        if (hasToken == hasKey)
            throw new ArgumentException("TwilioClientOptions: set either AuthToken, or ApiKeySid with ApiKeySecret (exactly one of the two).", nameof(AuthToken));
        if (hasKey)
        {
            if (string.IsNullOrEmpty(ApiKeySid) || !IsSid(ApiKeySid!, "SK"))
                throw new ArgumentException($"TwilioClientOptions.ApiKeySid: must be 'SK' + 32 hex digits (34 characters), {Describe(ApiKeySid, "SK")}.", nameof(ApiKeySid));
            if (string.IsNullOrEmpty(ApiKeySecret))
                throw new ArgumentException("TwilioClientOptions.ApiKeySecret: required with ApiKeySid, but not set.", nameof(ApiKeySecret));
        }
        if (BaseAddress is not null) CheckBaseAddress(BaseAddress, "TwilioClientOptions.BaseAddress");
        if (Timeout != System.Threading.Timeout.InfiniteTimeSpan && (Timeout <= TimeSpan.Zero || Timeout > MaxWait))
            throw new ArgumentException($"TwilioClientOptions.Timeout: must be positive and at most 24 days (or Timeout.InfiniteTimeSpan), got '{Timeout}'.", nameof(Timeout));
        if (MaxResponseContentBytes < 1024 || MaxResponseContentBytes > 1024L * 1024 * 1024)
            throw new ArgumentException($"TwilioClientOptions.MaxResponseContentBytes: must be between 1024 and 1073741824, got {MaxResponseContentBytes}.", nameof(MaxResponseContentBytes));
        if (Retry is null)
            throw new ArgumentException("TwilioClientOptions.Retry: required, but set to null.", "Retry");
        Retry.Validate();
    }

    /// <summary>
    /// The rule for any address a client sends credentials to: absolute, https unless loopback, and scheme, host, port and
    /// path only. <paramref name="what"/> starts the message.
    /// </summary>
    internal static void CheckBaseAddress(Uri address, string what)
    {
        if (!address.IsAbsoluteUri)
            throw new ArgumentException($"{what}: must be an absolute URI, got a relative one (not shown: it may hold a secret).", nameof(BaseAddress));
        if (address.Scheme != Uri.UriSchemeHttps && !(address.Scheme == Uri.UriSchemeHttp && IsLoopback(address)))
            throw new ArgumentException($"{what}: must use https unless it is a loopback address, got '{MessageText.Quote(address.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped))}'.", nameof(BaseAddress));
        // The API's paths are appended to the base: a query or fragment would swallow them, userinfo would send a second set of credentials.
        if (address.Query.Length > 0 || address.Fragment.Length > 0 || address.UserInfo.Length > 0)
            throw new ArgumentException($"{what}: must be scheme, host, port and path only, got {WhatElse(address)} for '{MessageText.Quote(address.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped))}' (not shown: it may hold a secret).", nameof(BaseAddress));
    }

    /// <summary>The longest wait <see cref="System.Threading.Tasks.Task.Delay(TimeSpan)"/> accepts, rounded down: 24 days.</summary>
    internal static readonly TimeSpan MaxWait = TimeSpan.FromDays(24);

    /// <summary>A copy, taken when a client is built, so later changes to this object change nothing in the client.</summary>
    internal TwilioClientOptions Snapshot() => new()
    {
        AccountSid = AccountSid,
        AuthToken = AuthToken,
        ApiKeySid = ApiKeySid,
        ApiKeySecret = ApiKeySecret,
        BaseAddress = BaseAddress,
        Retry = Retry is null ? null! : new RetryOptions { MaxRetries = Retry.MaxRetries, BaseDelay = Retry.BaseDelay, MaxDelay = Retry.MaxDelay },
        Timeout = Timeout,
        MaxResponseContentBytes = MaxResponseContentBytes,
        Logger = Logger,
        LoggerFactory = LoggerFactory,
        TimeProvider = TimeProvider,
    };

    internal string UserName => string.IsNullOrEmpty(ApiKeySid) ? AccountSid! : ApiKeySid!;
    internal string Password => string.IsNullOrEmpty(ApiKeySid) ? AuthToken! : ApiKeySecret!;

    private static bool IsLoopback(Uri uri)
    {
        if (uri.IsLoopback) return true;
        return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);
    }

    /// <summary>
    /// How an id option's value is wrong, without a character of it: the value may be a secret in the wrong option
    /// (a 32-hex-digit auth token in AccountSid is the common case, and is named as such).
    /// </summary>
    private static string Describe(string? value, string prefix)
    {
        if (string.IsNullOrEmpty(value)) return "but it is not set";
        bool hex = true;
        foreach (char c in value) hex &= Uri.IsHexDigit(c);
        string hint = hex && value.Length == 32 ? ", like an auth token or API key secret: are two options swapped?" : "";
        string start = value.StartsWith(prefix, StringComparison.Ordinal) ? $"starts with '{prefix}'" : $"does not start with '{prefix}'";
        return $"got a value of {value.Length} characters that {start} (not shown: it may be a secret){hint}";
    }

    private static string WhatElse(Uri address) =>
        string.Join(" and ", new[]
        {
            address.UserInfo.Length > 0 ? "user info" : null,
            address.Query.Length > 0 ? "a query" : null,
            address.Fragment.Length > 0 ? "a fragment" : null,
        }.Where(part => part is not null));

    private static bool IsSid(string value, string prefix)
    {
        if (value.Length != 34 || !value.StartsWith(prefix, StringComparison.Ordinal)) return false;
        for (int i = 2; i < 34; i++)
            if (!Uri.IsHexDigit(value[i])) return false;
        return true;
    }

    /// <summary>
    /// Never shows secrets: an id is shown only when it has an id's form (anything else in it may be a secret in the wrong
    /// option), and the base address without user info, query or fragment.
    /// </summary>
    public override string ToString() =>
        $"TwilioClientOptions {{ AccountSid = {Shown(AccountSid, "AC")}, Auth = {(string.IsNullOrEmpty(ApiKeySid) ? "auth token" : "API key " + Shown(ApiKeySid, "SK"))}, BaseAddress = {Shown(BaseAddress)} }}";

    private static string Shown(string? sid, string prefix) =>
        sid is null ? "" : IsSid(sid, prefix) ? sid : $"(not shown: not '{prefix}' + 32 hex digits)";

    private static string Shown(Uri? address) =>
        address is null ? "" : !address.IsAbsoluteUri ? "(relative, not shown)" : address.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
}

/// <summary>Bounded retries with exponential backoff and jitter; honours <c>Retry-After</c>.</summary>
public sealed class RetryOptions
{
    /// <summary>Retries after the first attempt. 0 turns retries off. Default 3.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first backoff; each retry doubles it. Default 500 ms.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>No single wait is longer than this, whatever <c>Retry-After</c> says. Default 30 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    internal void Validate()
    {
        if (MaxRetries < 0 || MaxRetries > 10)
            throw new ArgumentException($"RetryOptions.MaxRetries: must be between 0 and 10, got {MaxRetries}.", "Retry:MaxRetries");
        if (BaseDelay < TimeSpan.Zero || BaseDelay > TwilioClientOptions.MaxWait)
            throw new ArgumentException($"RetryOptions.BaseDelay: must be between 0 and 24 days, got '{BaseDelay}'.", "Retry:BaseDelay");
        if (MaxDelay < TimeSpan.Zero || MaxDelay > TwilioClientOptions.MaxWait)
            throw new ArgumentException($"RetryOptions.MaxDelay: must be between 0 and 24 days, got '{MaxDelay}'.", "Retry:MaxDelay");
    }
}

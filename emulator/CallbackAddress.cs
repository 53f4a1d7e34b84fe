using System;
using System.Net;

namespace FlexCodegen.Emulator;

/// <summary>
/// Which event callback URLs the emulator calls. It runs in tests on developer machines and in CI, where a URL from a
/// test or a misconfigured workspace must not make it post task attributes to some host on the network: only
/// loopback (<c>localhost</c>, <c>127.0.0.0/8</c>, <c>[::1]</c>) unless
/// <see cref="FlexEmulatorOptions.AllowNonLoopbackEventCallbacks"/> says otherwise. The rule is checked where a URL
/// is set and again where each connection is made, on the addresses the name resolved to.
/// </summary>
internal static class CallbackAddress
{
    /// <summary>What is wrong with a callback URL, or null when the emulator will call it.</summary>
    public static string? Problem(string text, bool allowNonLoopback)
    {
        // On Unix "/events" is an absolute file URI; the scheme check below refuses it with the rest.
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
            return $"'{SpecRules.Shorten(text)}' is not an absolute URL";
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            return $"the scheme is {uri.Scheme}; only http and https URLs are called";
        if (uri.UserInfo.Length > 0)
            return "a user name or password in the URL is not supported by the emulator";
        if (!allowNonLoopback && !IsLoopback(uri))
            return $"{uri.Host} is not a loopback address; the emulator calls only localhost, 127.0.0.0/8 and [::1] unless FlexEmulatorOptions.AllowNonLoopbackEventCallbacks is set";
        return null;
    }

    /// <summary>
    /// The URL the emulator posts to and signs: scheme, host, port, path and query, escaped as the request line carries
    /// them. The fragment never reaches the receiver (HTTP does not send it), so it is not signed either.
    /// </summary>
    public static string Posted(string text) =>
        new Uri(text, UriKind.Absolute).GetComponents(UriComponents.HttpRequestUrl, UriFormat.UriEscaped);

    private static bool IsLoopback(Uri uri) => uri.HostNameType switch
    {
        UriHostNameType.IPv4 or UriHostNameType.IPv6 => IPAddress.TryParse(uri.DnsSafeHost, out var address) && IPAddress.IsLoopback(address),
        _ => uri.DnsSafeHost.Equals("localhost", StringComparison.OrdinalIgnoreCase),
    };
}

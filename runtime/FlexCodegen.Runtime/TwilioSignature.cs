using System;
using System.Buffers;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;

namespace FlexCodegen.Runtime;

/// <summary>
/// Twilio's request signature (<c>X-Twilio-Signature</c>), as its webhook-security documentation describes it: the
/// Base64 of an HMAC-SHA1, keyed with the account's auth token (UTF-8), over the full URL Twilio called (scheme to the end
/// of the query string) followed by each POST parameter's name and value, the parameters sorted by name (ordinal,
/// case-sensitive), with no separators. A request with a JSON body is signed over its URL alone, and that URL carries
/// <c>bodySHA256</c>, the SHA-256 of the body in lowercase hex.
/// </summary>
/// <remarks>
/// <para>
/// Validation never throws over what a request carries: a missing, empty or malformed signature, URL or body hash is
/// <c>false</c>. Signatures are compared in constant time (<see cref="CryptographicOperations.FixedTimeEquals"/>).
/// </para>
/// <para>
/// A name sent more than once is signed the way Twilio's Node and Python libraries sign it: that name followed by each
/// of its distinct values, the values in ordinal order. (Twilio's C# library instead signs one value, the values joined
/// with commas; Twilio's own callbacks send each name once, where all of them agree.) A null value is signed as empty.
/// </para>
/// <para>
/// Twilio has signed the same URL with and without the scheme's default port, so, like Twilio's libraries, a signature
/// is accepted for the URL as given and for the URL with its default port added (<c>:443</c> for https, <c>:80</c> for
/// http) or taken away. Any other part of the URL is used exactly as given: no case, escaping or trailing slash is changed.
/// </para>
/// <para>The auth token is used as a key only; no message, <c>ToString()</c> or log of this type holds it.</para>
/// </remarks>
public static class TwilioSignature
{
    /// <summary>The header Twilio sends the signature in: <c>X-Twilio-Signature</c>.</summary>
    public const string HeaderName = "X-Twilio-Signature";

    /// <summary>The query parameter that carries a JSON body's SHA-256 (lowercase hex): <c>bodySHA256</c>.</summary>
    public const string BodyHashParameter = "bodySHA256";

    // An HMAC-SHA1 is 20 bytes: 28 characters of Base64.
    private const int SignatureLength = 28;

    /// <summary>
    /// The signature Twilio sends for a request to <paramref name="url"/> with these POST parameters (none for a GET or a
    /// JSON body): what <c>X-Twilio-Signature</c> holds. For tests and tools that sign as Twilio does.
    /// </summary>
    /// <param name="authToken">The account's auth token.</param>
    /// <param name="url">The full URL, exactly as Twilio called it (scheme to the end of the query string).</param>
    /// <param name="parameters">The POST parameters, in any order; null for none.</param>
    /// <returns>The Base64 signature (28 characters).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="authToken"/> or <paramref name="url"/> is null.</exception>
    public static string Compute(string authToken, string url, IEnumerable<KeyValuePair<string, string?>>? parameters)
    {
        if (authToken is null) throw new ArgumentNullException(nameof(authToken));
        if (url is null) throw new ArgumentNullException(nameof(url));
        Span<byte> signature = stackalloc byte[SignatureLength];
        Sign(authToken, url, Sorted(parameters), signature);
        return Encoding.ASCII.GetString(signature);
    }

    /// <summary>
    /// Whether <paramref name="signature"/> is Twilio's signature of a request to <paramref name="url"/> with these POST
    /// parameters, for the URL as given or with its default port added or taken away. Constant time; never throws.
    /// </summary>
    /// <param name="authToken">The account's auth token; null or empty is <c>false</c>.</param>
    /// <param name="url">The full URL Twilio called; null or empty is <c>false</c>.</param>
    /// <param name="parameters">The POST parameters, in any order; null for none.</param>
    /// <param name="signature">The <c>X-Twilio-Signature</c> header's value; missing or malformed is <c>false</c>.</param>
    /// <returns>True when the signature matches.</returns>
    public static bool IsValid(string? authToken, string? url, IEnumerable<KeyValuePair<string, string?>>? parameters, string? signature)
    {
        Span<byte> given = stackalloc byte[SignatureLength];
        if (string.IsNullOrEmpty(authToken) || string.IsNullOrEmpty(url) || !TryAscii(signature, given)) return false;
        var sorted = Sorted(parameters);
        bool valid = false;
        Span<byte> expected = stackalloc byte[SignatureLength];
        foreach (string candidate in Candidates(url!))
        {
            Sign(authToken!, candidate, sorted, expected);
            valid |= CryptographicOperations.FixedTimeEquals(expected, given);
        }
        return valid;
    }

    /// <summary>
    /// Whether a request with a JSON (or any non-form) body is Twilio's: <paramref name="signature"/> is the signature of
    /// <paramref name="url"/> with no parameters (with its default port added or taken away, as in
    /// <see cref="IsValid"/>), and the URL's <c>bodySHA256</c> query parameter is the SHA-256 of
    /// <paramref name="body"/>, in lowercase hex. Constant time; never throws.
    /// </summary>
    /// <param name="authToken">The account's auth token; null or empty is <c>false</c>.</param>
    /// <param name="url">The full URL Twilio called, with its <c>bodySHA256</c> parameter; without it, <c>false</c>.</param>
    /// <param name="body">The body's bytes exactly as received.</param>
    /// <param name="signature">The <c>X-Twilio-Signature</c> header's value; missing or malformed is <c>false</c>.</param>
    /// <returns>True when both the signature and the body's hash match.</returns>
    public static bool IsValidBody(string? authToken, string? url, ReadOnlySpan<byte> body, string? signature)
    {
        if (!IsValid(authToken, url, null, signature)) return false;
        string? hash = QueryValue(url!, BodyHashParameter);
        if (hash is null || hash.Length != 64) return false;
        Span<byte> given = stackalloc byte[64];
        if (!TryAscii(hash, given)) return false;
        Span<byte> expected = stackalloc byte[64];
        WriteBodyHash(body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// <summary>The SHA-256 of a body in lowercase hex: the value Twilio puts in <c>bodySHA256</c>.</summary>
    /// <param name="body">The body's bytes.</param>
    /// <returns>64 lowercase hex digits.</returns>
    public static string ComputeBodyHash(ReadOnlySpan<byte> body)
    {
        Span<byte> hex = stackalloc byte[64];
        WriteBodyHash(body, hex);
        return Encoding.ASCII.GetString(hex);
    }

    private static void WriteBodyHash(ReadOnlySpan<byte> body, Span<byte> hex)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(body, hash);
        const string Digits = "0123456789abcdef";
        for (int i = 0; i < 32; i++)
        {
            hex[2 * i] = (byte)Digits[hash[i] >> 4];
            hex[2 * i + 1] = (byte)Digits[hash[i] & 0xF];
        }
    }

    /// <summary>Copies an ASCII text of exactly <paramref name="into"/>'s length into it; false for anything else.</summary>
    private static bool TryAscii(string? text, Span<byte> into)
    {
        if (text is null || text.Length != into.Length) return false;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] > 0x7F) return false;
            into[i] = (byte)text[i];
        }
        return true;
    }

    /// <summary>The (name, value) pairs to sign, in order: names ordinal, each name's distinct values ordinal, null as "".</summary>
    private static List<KeyValuePair<string, string>> Sorted(IEnumerable<KeyValuePair<string, string?>>? parameters)
    {
        var list = new List<KeyValuePair<string, string>>();
        if (parameters is null) return list;
        foreach (var pair in parameters) list.Add(new KeyValuePair<string, string>(pair.Key ?? "", pair.Value ?? ""));
        list.Sort(static (a, b) =>
        {
            int byName = string.CompareOrdinal(a.Key, b.Key);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        });
        // A value sent twice under one name is signed once.
        int kept = 0;
        for (int i = 0; i < list.Count; i++)
        {
            if (kept > 0 && string.Equals(list[kept - 1].Key, list[i].Key, StringComparison.Ordinal) && string.Equals(list[kept - 1].Value, list[i].Value, StringComparison.Ordinal)) continue;
            list[kept++] = list[i];
        }
        list.RemoveRange(kept, list.Count - kept);
        return list;
    }

    /// <summary>
    /// HMAC-SHA1 over the UTF-8 of url + name + value + …, streamed through one encoder, so the bytes are those of the
    /// concatenated string (a surrogate pair split between a name and its value encodes as the pair), without building it.
    /// </summary>
    private static void Sign(string authToken, string url, List<KeyValuePair<string, string>> sorted, Span<byte> base64)
    {
        byte[] key = Encoding.UTF8.GetBytes(authToken);
        try
        {
            using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, key);
            var encoder = Encoding.UTF8.GetEncoder();
            byte[] buffer = ArrayPool<byte>.Shared.Rent(4096);
            try
            {
                Append(hmac, encoder, buffer, url, flush: sorted.Count == 0);
                for (int i = 0; i < sorted.Count; i++)
                {
                    Append(hmac, encoder, buffer, sorted[i].Key, flush: false);
                    Append(hmac, encoder, buffer, sorted[i].Value, flush: i == sorted.Count - 1);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
            Span<byte> mac = stackalloc byte[20];
            hmac.GetHashAndReset(mac);
            Span<char> chars = stackalloc char[SignatureLength];
            Convert.TryToBase64Chars(mac, chars, out _);
            for (int i = 0; i < SignatureLength; i++) base64[i] = (byte)chars[i];
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static void Append(IncrementalHash hmac, Encoder encoder, byte[] buffer, string text, bool flush)
    {
        var chars = text.AsSpan();
        bool completed;
        do
        {
            // Room for one more char past a chunk: a pending high surrogate from the call before.
            encoder.Convert(chars, buffer, flush, out int used, out int written, out completed);
            hmac.AppendData(buffer, 0, written);
            chars = chars.Slice(used);
        }
        while (!completed || chars.Length > 0);
    }

    /// <summary>
    /// The URL as given, then (for an absolute http or https URL) the same text with the scheme's default port added when
    /// it has none, or taken away when it has that one: only the port changes.
    /// </summary>
    private static IEnumerable<string> Candidates(string url)
    {
        yield return url;
        if (OtherPortForm(url) is { } other) yield return other;
    }

    internal static string? OtherPortForm(string url)
    {
        int colon = url.IndexOf("://", StringComparison.Ordinal);
        if (colon <= 0) return null;
        string scheme = url.Substring(0, colon);
        string defaultPort;
        if (scheme.Equals("https", StringComparison.OrdinalIgnoreCase)) defaultPort = "443";
        else if (scheme.Equals("http", StringComparison.OrdinalIgnoreCase)) defaultPort = "80";
        else return null;

        int start = colon + 3;
        int end = url.IndexOfAny(AuthorityEnd, start);
        if (end < 0) end = url.Length;
        int hostStart = url.LastIndexOf('@', end - 1, end - start) is int at and >= 0 ? at + 1 : start;
        if (hostStart >= end) return null;
        // The port is after the host; an IPv6 host is in brackets and has colons of its own.
        int searchFrom = url[hostStart] == '[' ? url.IndexOf(']', hostStart, end - hostStart) : hostStart;
        if (searchFrom < 0) return null;
        int portColon = url.IndexOf(':', searchFrom, end - searchFrom);
        if (portColon < 0)
            return url.Substring(0, end) + ":" + defaultPort + url.Substring(end);
        string port = url.Substring(portColon + 1, end - portColon - 1);
        return port == defaultPort ? url.Substring(0, portColon) + url.Substring(end) : null;
    }

    private static readonly char[] AuthorityEnd = { '/', '?', '#' };

    /// <summary>The percent-decoded value of the first query parameter named <paramref name="name"/>, or null.</summary>
    internal static string? QueryValue(string url, string name)
    {
        int question = url.IndexOf('?');
        if (question < 0) return null;
        int end = url.IndexOf('#', question);
        if (end < 0) end = url.Length;
        int i = question + 1;
        while (i <= end)
        {
            int amp = url.IndexOf('&', i, end - i);
            int stop = amp < 0 ? end : amp;
            int eq = url.IndexOf('=', i, stop - i);
            if (eq >= 0 && eq - i == name.Length && string.CompareOrdinal(url, i, name, 0, name.Length) == 0)
            {
                try
                {
                    return Uri.UnescapeDataString(url.Substring(eq + 1, stop - eq - 1));
                }
                catch (UriFormatException)
                {
                    return null;
                }
            }
            i = stop + 1;
        }
        return null;
    }
}

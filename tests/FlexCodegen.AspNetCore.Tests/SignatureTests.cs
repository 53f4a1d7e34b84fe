using System;
using System.Collections.Generic;
using System.Text;
using FlexCodegen.Runtime;
using Xunit;

namespace FlexCodegen.AspNetCore.Tests;

/// <summary>The runtime's <see cref="TwilioSignature"/> against Twilio's documented example, and what it refuses without throwing.</summary>
public class SignatureTests
{
    // Twilio's request-validation example (the security docs' walk-through and its PHP library's validation docs): a POST to
    // this URL with these parameters, auth token 12345, carries this X-Twilio-Signature.
    internal const string DocsUrl = "https://mycompany.com/myapp.php?foo=1&bar=2";
    internal const string DocsToken = "12345";
    internal const string DocsSignature = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";

    internal static readonly KeyValuePair<string, string?>[] DocsParameters =
    {
        new("CallSid", "CA1234567890ABCDE"),
        new("Caller", "+14158675309"),
        new("Digits", "1234"),
        new("From", "+14158675309"),
        new("To", "+18005551212"),
    };

    private static KeyValuePair<string, string?>[] Reversed(KeyValuePair<string, string?>[] pairs)
    {
        var copy = (KeyValuePair<string, string?>[])pairs.Clone();
        Array.Reverse(copy);
        return copy;
    }

    [Fact]
    public void The_example_in_Twilios_docs_computes_and_validates()
    {
        Assert.Equal(DocsSignature, TwilioSignature.Compute(DocsToken, DocsUrl, DocsParameters));
        Assert.Equal(DocsSignature, TwilioSignature.Compute(DocsToken, DocsUrl, Reversed(DocsParameters))); // sorted by name, whatever the order sent
        Assert.True(TwilioSignature.IsValid(DocsToken, DocsUrl, DocsParameters, DocsSignature));
    }

    [Fact]
    public void The_docs_example_validates_with_the_default_port_added_as_Twilios_libraries_accept()
    {
        Assert.True(TwilioSignature.IsValid(DocsToken, "https://mycompany.com:443/myapp.php?foo=1&bar=2", DocsParameters, DocsSignature));
        // Signed with the port, received without it: also Twilio's.
        string withPort = TwilioSignature.Compute(DocsToken, "https://mycompany.com:443/myapp.php?foo=1&bar=2", DocsParameters);
        Assert.True(TwilioSignature.IsValid(DocsToken, DocsUrl, DocsParameters, withPort));
        // Another port is another URL.
        Assert.False(TwilioSignature.IsValid(DocsToken, "https://mycompany.com:8443/myapp.php?foo=1&bar=2", DocsParameters, DocsSignature));
        Assert.False(TwilioSignature.IsValid(DocsToken, "http://mycompany.com/myapp.php?foo=1&bar=2", DocsParameters, DocsSignature));
    }

    public static TheoryData<string, string> Tampered => new()
    {
        { "Digits", "1235" },
        { "To", "+18005551213" },
        { "Extra", "" },
    };

    [Theory]
    [MemberData(nameof(Tampered))]
    public void A_tampered_or_added_parameter_is_not_Twilios(string name, string value)
    {
        var parameters = new List<KeyValuePair<string, string?>>();
        foreach (var pair in DocsParameters) if (pair.Key != name) parameters.Add(pair);
        parameters.Add(new(name, value));
        Assert.False(TwilioSignature.IsValid(DocsToken, DocsUrl, parameters, DocsSignature));
    }

    [Theory]
    [InlineData("https://mycompany.com/myapp.php?foo=1&bar=3")]
    [InlineData("https://mycompany.com/myapp.php?bar=2&foo=1")] // the query is signed as sent, never re-sorted
    [InlineData("https://MyCompany.com/myapp.php?foo=1&bar=2")]
    [InlineData("https://mycompany.com/myapp.php/?foo=1&bar=2")]
    [InlineData("https://evil.example/myapp.php?foo=1&bar=2")]
    public void Another_URL_is_not_Twilios(string url) =>
        Assert.False(TwilioSignature.IsValid(DocsToken, url, DocsParameters, DocsSignature));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("RSOYDt4T1cUTdK1PDd93/VVr8B8")]      // one character short
    [InlineData("RSOYDt4T1cUTdK1PDd93/VVr8B8==")]    // one too many
    [InlineData("rsoydt4t1cutdk1pdd93/vvr8b8=")]     // Base64 is case-sensitive
    [InlineData("RSOYDt4T1cUTdK1PDd93/VVr8B8é")]     // not ASCII
    [InlineData("============================")]
    [InlineData("RSOYDt4T1cUTdK1PDd93/VVr8B8=, RSOYDt4T1cUTdK1PDd93/VVr8B8=")]
    public void A_missing_or_malformed_signature_is_false_and_never_an_exception(string? signature) =>
        Assert.False(TwilioSignature.IsValid(DocsToken, DocsUrl, DocsParameters, signature));

    [Theory]
    [InlineData(null, DocsUrl)]
    [InlineData("", DocsUrl)]
    [InlineData(DocsToken, null)]
    [InlineData(DocsToken, "")]
    [InlineData("54321", DocsUrl)]
    [InlineData(DocsToken, "not a url")]
    [InlineData(DocsToken, "https://[::1")]
    [InlineData(DocsToken, "https://@/")]
    public void A_missing_token_or_URL_or_another_token_is_false_and_never_an_exception(string? token, string? url) =>
        Assert.False(TwilioSignature.IsValid(token, url, DocsParameters, DocsSignature));

    [Fact]
    public void Compute_refuses_a_null_token_or_URL_naming_the_argument_not_a_value()
    {
        Assert.Equal("authToken", Assert.Throws<ArgumentNullException>(() => TwilioSignature.Compute(null!, DocsUrl, null)).ParamName);
        Assert.Equal("url", Assert.Throws<ArgumentNullException>(() => TwilioSignature.Compute(DocsToken, null!, null)).ParamName);
    }

    [Fact]
    public void A_name_sent_twice_is_signed_once_per_distinct_value_in_order_of_value()
    {
        var twice = new KeyValuePair<string, string?>[] { new("To", "b"), new("From", "x"), new("To", "a"), new("To", "b") };
        var expected = TwilioSignature.Compute(DocsToken, DocsUrl, new KeyValuePair<string, string?>[] { new("From", "x"), new("To", "a"), new("To", "b") });
        Assert.Equal(expected, TwilioSignature.Compute(DocsToken, DocsUrl, twice));
        // "To" + "a" + "To" + "b": not the comma-joined single value Twilio's C# library signs for a repeated name.
        Assert.NotEqual(TwilioSignature.Compute(DocsToken, DocsUrl, new KeyValuePair<string, string?>[] { new("From", "x"), new("To", "a,b") }), expected);
    }

    [Fact]
    public void A_null_value_is_signed_as_empty()
    {
        Assert.Equal(
            TwilioSignature.Compute(DocsToken, DocsUrl, new KeyValuePair<string, string?>[] { new("Digits", "") }),
            TwilioSignature.Compute(DocsToken, DocsUrl, new KeyValuePair<string, string?>[] { new("Digits", null) }));
    }

    [Fact]
    public void A_JSON_body_is_Twilios_when_the_URL_carrying_its_hash_is_signed_and_the_hash_is_the_bodys()
    {
        byte[] body = Encoding.UTF8.GetBytes("""{"EventType":"task.completed","TaskAge":"12"}""");
        string url = "https://example.com/events?bodySHA256=" + TwilioSignature.ComputeBodyHash(body);
        string signature = TwilioSignature.Compute(DocsToken, url, null);

        Assert.Matches("^[0-9a-f]{64}$", TwilioSignature.ComputeBodyHash(body));
        Assert.True(TwilioSignature.IsValidBody(DocsToken, url, body, signature));
        Assert.True(TwilioSignature.IsValidBody(DocsToken, url.Replace("example.com", "example.com:443"), body, signature));

        byte[] tampered = (byte[])body.Clone();
        tampered[^3] = (byte)'3';
        Assert.False(TwilioSignature.IsValidBody(DocsToken, url, tampered, signature));
        Assert.False(TwilioSignature.IsValidBody(DocsToken, url, body, "AAAAAAAAAAAAAAAAAAAAAAAAAAA="));
        Assert.False(TwilioSignature.IsValidBody(DocsToken, url, body, null));

        // The hash must be the body's, in the URL that was signed: without it, or with another, the request is not Twilio's.
        string bare = "https://example.com/events";
        Assert.False(TwilioSignature.IsValidBody(DocsToken, bare, body, TwilioSignature.Compute(DocsToken, bare, null)));
        string upper = "https://example.com/events?bodySHA256=" + TwilioSignature.ComputeBodyHash(body).ToUpperInvariant();
        Assert.False(TwilioSignature.IsValidBody(DocsToken, upper, body, TwilioSignature.Compute(DocsToken, upper, null))); // Twilio sends lowercase hex
        string broken = "https://example.com/events?bodySHA256=%ZZ";
        Assert.False(TwilioSignature.IsValidBody(DocsToken, broken, body, TwilioSignature.Compute(DocsToken, broken, null)));
    }

    [Fact]
    public void A_surrogate_pair_split_between_a_name_and_its_value_is_signed_as_the_pair_the_concatenation_holds()
    {
        // Twilio signs one string, url + name + value: a name ending in a high surrogate and a value starting with a low
        // one make a pair there, and the UTF-8 is the pair's four bytes, not two replacement characters.
        string emoji = "\U0001F600";
        string whole = TwilioSignature.Compute(DocsToken, DocsUrl + "x" + emoji, null);
        Assert.Equal(whole, TwilioSignature.Compute(DocsToken, DocsUrl, new KeyValuePair<string, string?>[] { new("x" + emoji[0], emoji[1].ToString()) }));
    }
}

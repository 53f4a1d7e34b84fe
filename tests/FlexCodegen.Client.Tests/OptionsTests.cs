using System;
using FlexCodegen.Runtime;
using Twilio;
using Twilio.Flex.V1;
using Xunit;

namespace FlexCodegen.Client.Tests;

public class OptionsTests
{
    private static TwilioClientOptions Valid(string baseAddress) => new()
    {
        AccountSid = LoopbackServer.AccountSid,
        AuthToken = LoopbackServer.AuthToken,
        BaseAddress = new Uri(baseAddress),
    };

    [Theory]
    [InlineData("http://flex.example.com")]
    [InlineData("http://10.0.0.5:8080")]
    public void Plain_http_is_refused_unless_loopback(string address)
    {
        var ex = Assert.Throws<ArgumentException>(() => new FlexClient(Valid(address)));
        Assert.Contains("BaseAddress", ex.Message);
        Assert.Contains("https", ex.Message);
    }

    [Theory]
    [InlineData("https://flex-api.dublin.ie1.twilio.com")]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://localhost:5080")]
    [InlineData("http://[::1]:5080")]
    public void Https_and_loopback_are_accepted(string address)
    {
        using var client = new FlexClient(Valid(address));
        Assert.Equal(new Uri(address).Host, client.Pipeline.BaseAddress.Host);
    }

    [Fact]
    public void Default_base_address_is_the_specs_server()
    {
        using var client = new FlexClient(new TwilioClientOptions { AccountSid = LoopbackServer.AccountSid, AuthToken = "x" });
        Assert.Equal(new Uri("https://flex-api.twilio.com"), client.Pipeline.BaseAddress);
    }

    [Fact]
    public void Missing_or_malformed_credentials_are_named()
    {
        var ex = Assert.Throws<ArgumentException>(() => new FlexClient(new TwilioClientOptions { AccountSid = "AC123", AuthToken = "x" }));
        Assert.Contains("AccountSid", ex.Message);
        Assert.Contains("got a value of 5 characters that starts with 'AC'", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => new FlexClient(new TwilioClientOptions { AccountSid = LoopbackServer.AccountSid }));
        Assert.Contains("AuthToken", ex.Message);
    }

    [Fact]
    public void Api_key_auth_is_accepted()
    {
        using var client = new FlexClient(new TwilioClientOptions { AccountSid = LoopbackServer.AccountSid, ApiKeySid = "SK" + new string('b', 32), ApiKeySecret = "key-secret" });
        Assert.DoesNotContain("key-secret", client.Pipeline.ToString());
    }

    [Fact]
    public void ToString_never_shows_the_token()
    {
        var options = Valid("https://flex-api.twilio.com");
        Assert.DoesNotContain(LoopbackServer.AuthToken, options.ToString());
        using var client = new FlexClient(options);
        Assert.DoesNotContain(LoopbackServer.AuthToken, client.Pipeline.ToString());
    }

    [Fact]
    public void Path_segments_are_escaped_so_a_value_cannot_change_the_path()
    {
        Assert.Equal("a%2F..%2Fb%3Fx%3D1%23f", TwilioPath.Segment("a/../b?x=1#f", "name"));
        Assert.Throws<ArgumentException>(() => TwilioPath.Segment("..", "name"));
        Assert.Throws<ArgumentException>(() => TwilioPath.Segment("", "name"));
    }

    [Fact]
    public void Form_encoding_follows_twilio_conventions()
    {
        var form = new TwilioForm()
            .Add("Notifications.NewMessage.Enabled", true)
            .Add("Count", (long?)1234567)
            .Add("Ratio", (double?)0.5)
            .Add("StartDate", (DateTimeOffset?)new DateTimeOffset(2024, 1, 2, 4, 4, 5, TimeSpan.FromHours(1)))
            .AddEach("Tags", new[] { "a b", "c&d" }, t => t)
            .Add("Skipped", (string?)null);
        Assert.Equal("Notifications.NewMessage.Enabled=true&Count=1234567&Ratio=0.5&StartDate=2024-01-02T03%3A04%3A05Z&Tags=a%20b&Tags=c%26d", form.ToString());
    }
}

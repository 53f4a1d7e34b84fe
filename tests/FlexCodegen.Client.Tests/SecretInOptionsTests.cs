using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using FlexCodegen.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Twilio.Flex.V1;
using Xunit;

namespace FlexCodegen.Client.Tests;

/// <summary>
/// A secret put in the wrong option (the keys swapped in configuration, <c>AC...:token</c> in AccountSid, the key secret in
/// ApiKeySid, a password in BaseAddress): no startup error, <c>Validate()</c> message, <c>ToString()</c> or log line shows
/// any run of it long enough to matter.
/// </summary>
public class SecretInOptionsTests
{
    private const string Token = "9f3c2b1a0e9d8c7b6a5f4e3d2c1b0a99";   // an auth token's form: 32 hex digits
    private const string KeySecret = "Zq8vTn3LpX0wKc7RjY2mHs5dGf9bEa4u";  // an API key secret's form
    private const int Threshold = 8;                                   // no 8 characters in a row of a secret may show

    /// <summary>Every configuration a user could write with a secret in an option that is shown, each alone.</summary>
    public static IEnumerable<object[]> Mistakes() => new[]
    {
        new object[] { "swapped", new Dictionary<string, string?> { ["AccountSid"] = Token, ["AuthToken"] = LoopbackServer.AccountSid } },
        new object[] { "token in AccountSid", new Dictionary<string, string?> { ["AccountSid"] = Token, ["AuthToken"] = Token } },
        new object[] { "AC:token in AccountSid", new Dictionary<string, string?> { ["AccountSid"] = LoopbackServer.AccountSid + ":" + Token, ["AuthToken"] = Token } },
        new object[] { "secret in ApiKeySid", new Dictionary<string, string?> { ["AccountSid"] = LoopbackServer.AccountSid, ["ApiKeySid"] = KeySecret, ["ApiKeySecret"] = KeySecret } },
        new object[] { "secret after ApiKeySid", new Dictionary<string, string?> { ["AccountSid"] = LoopbackServer.AccountSid, ["ApiKeySid"] = "SK" + KeySecret, ["ApiKeySecret"] = KeySecret } },
        new object[] { "password in BaseAddress", new Dictionary<string, string?> { ["AccountSid"] = LoopbackServer.AccountSid, ["AuthToken"] = Token, ["BaseAddress"] = $"https://user:{Token}@api.example.test/" } },
        new object[] { "token in BaseAddress's query", new Dictionary<string, string?> { ["AccountSid"] = LoopbackServer.AccountSid, ["AuthToken"] = Token, ["BaseAddress"] = $"https://api.example.test/?token={Token}" } },
        new object[] { "token in BaseAddress's fragment", new Dictionary<string, string?> { ["AccountSid"] = LoopbackServer.AccountSid, ["AuthToken"] = Token, ["BaseAddress"] = $"https://api.example.test/#{Token}" } },
        new object[] { "token as BaseAddress", new Dictionary<string, string?> { ["AccountSid"] = LoopbackServer.AccountSid, ["AuthToken"] = Token, ["BaseAddress"] = Token } },
        new object[] { "token in an http BaseAddress", new Dictionary<string, string?> { ["AccountSid"] = LoopbackServer.AccountSid, ["AuthToken"] = Token, ["BaseAddress"] = $"http://{Token}:x@api.example.test/" } },
    };

    private static void AssertNoSecret(string text, string where)
    {
        foreach (string secret in new[] { Token, KeySecret })
            for (int i = 0; i + Threshold <= secret.Length; i++)
                Assert.False(text.Contains(secret.Substring(i, Threshold), StringComparison.OrdinalIgnoreCase),
                    $"{where} shows part of a secret: {text}");
    }

    [Theory]
    [MemberData(nameof(Mistakes))]
    public async Task A_secret_in_the_wrong_option_is_in_no_startup_error_nor_log_line(string mistake, Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(settings.ToDictionary(p => "Twilio:" + p.Key, p => p.Value));
        builder.Logging.ClearProviders();
        builder.Logging.AddFakeLogging();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);

        Exception? failure = null;
        try
        {
            builder.Services.AddFlexClient(builder.Configuration.GetSection("Twilio"));
            using var host = builder.Build();
            failure = await Record.ExceptionAsync(() => host.StartAsync());
            var logs = host.Services.GetRequiredService<FakeLogCollector>().GetSnapshot();
            foreach (var record in logs) AssertNoSecret(record.Message + record.Exception, mistake + " (log)");
        }
        catch (Exception ex) { failure = ex; }

        // Each mistake is refused when the host starts (as a validation failure, or as the key that could not be read),
        // and the refusal says which key without showing it.
        Assert.True(failure is OptionsValidationException or ArgumentException, failure?.ToString() ?? "not refused");
        var refused = failure!;
        Assert.Contains("Twilio:", refused.Message);
        AssertNoSecret(refused.ToString(), mistake + " (startup error)");
    }

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void A_secret_in_the_wrong_option_is_in_no_Validate_message_nor_ToString(string mistake, Dictionary<string, string?> settings)
    {
        var options = new TwilioClientOptions
        {
            AccountSid = settings.GetValueOrDefault("AccountSid"),
            AuthToken = settings.GetValueOrDefault("AuthToken"),
            ApiKeySid = settings.GetValueOrDefault("ApiKeySid"),
            ApiKeySecret = settings.GetValueOrDefault("ApiKeySecret"),
            BaseAddress = settings.GetValueOrDefault("BaseAddress") is { } address ? new Uri(address, UriKind.RelativeOrAbsolute) : null,
        };

        AssertNoSecret(options.ToString(), mistake + " (ToString)");
        var validate = Assert.Throws<ArgumentException>(options.Validate);
        AssertNoSecret(validate.ToString(), mistake + " (Validate)");
        var register = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddFlexClient(o =>
        {
            o.AccountSid = options.AccountSid; o.AuthToken = options.AuthToken;
            o.ApiKeySid = options.ApiKeySid; o.ApiKeySecret = options.ApiKeySecret; o.BaseAddress = options.BaseAddress;
        }));
        AssertNoSecret(register.ToString(), mistake + " (AddFlexClient)");
    }

    [Fact]
    public void A_swapped_token_is_named_as_one_without_being_shown()
    {
        var ex = Assert.Throws<ArgumentException>(new TwilioClientOptions { AccountSid = Token, AuthToken = LoopbackServer.AccountSid }.Validate);

        Assert.StartsWith("TwilioClientOptions.AccountSid: must be 'AC' + 32 hex digits", ex.Message);
        Assert.Contains("32 characters", ex.Message);
        Assert.Contains("swapped", ex.Message);
    }

    [Fact]
    public void ToString_shows_well_formed_ids_and_the_address_without_its_user_info()
    {
        var options = new TwilioClientOptions { AccountSid = LoopbackServer.AccountSid, AuthToken = Token, BaseAddress = new Uri($"https://u:{Token}@edge.example.test/base") };

        Assert.Equal($"TwilioClientOptions {{ AccountSid = {LoopbackServer.AccountSid}, Auth = auth token, BaseAddress = https://edge.example.test/base }}", options.ToString());
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using FlexCodegen.AspNetCore.Tests.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xunit;

namespace FlexCodegen.AspNetCore.Tests;

/// <summary>Registration: options from the clients' <c>Twilio</c> section or a delegate, checked on start, never quoting a secret.</summary>
public class OptionsTests
{
    private const string Secret = "fedcba9876543210fedcba9876543210";

    private static async Task<Exception> StartFails(IDictionary<string, string?> settings)
    {
        var ex = await Record.ExceptionAsync(async () =>
        {
            await using var host = await WebhookHost.StartAsync(app => app.MapTwilioEvents<TaskrouterEvent>("/e"), settings);
        });
        return Assert.IsAssignableFrom<Exception>(ex);
    }

    [Fact]
    public async Task A_missing_auth_token_stops_the_host_naming_the_key_Twilio_AuthToken()
    {
        var ex = await StartFails(new Dictionary<string, string?> { ["Twilio:AccountSid"] = "AC0123456789abcdef0123456789abcdef", ["Twilio:ApiKeySecret"] = Secret });
        var validation = Assert.IsType<OptionsValidationException>(ex);
        Assert.Contains("Twilio:AuthToken is missing", validation.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, validation.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Twilio:Webhooks:PublicBaseUrl", "https://events.example.com/?key=" + Secret, "Twilio:Webhooks:PublicBaseUrl must be scheme, host, port and path only")]
    [InlineData("Twilio:Webhooks:PublicBaseUrl", "ftp://" + Secret, "Twilio:Webhooks:PublicBaseUrl must be an absolute http or https URL")]
    [InlineData("Twilio:Webhooks:PublicBaseUrl", Secret, "Twilio:Webhooks:PublicBaseUrl must be an absolute http or https URL")]
    [InlineData("Twilio:Webhooks:MaxBodyBytes", "lots", "Twilio:Webhooks:MaxBodyBytes must be a whole number")]
    [InlineData("Twilio:Webhooks:MaxBodyBytes", "100", "Twilio:Webhooks:MaxBodyBytes must be between 1024 and 16777216, got 100")]
    [InlineData("Twilio:Webhooks:MaxFormFields", "0", "Twilio:Webhooks:MaxFormFields must be between 1 and 100000, got 0")]
    public async Task An_invalid_option_stops_the_host_naming_its_key_and_never_quoting_a_secret(string key, string value, string message)
    {
        var ex = await StartFails(new Dictionary<string, string?> { ["Twilio:AuthToken"] = Secret, [key] = value });
        var validation = Assert.IsType<OptionsValidationException>(ex);
        Assert.Contains(message, validation.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, validation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_a_delegate_a_missing_token_is_named_as_the_option_and_ToString_never_shows_the_token()
    {
        var options = new TwilioWebhookOptions();
        var ex = Assert.Throws<ArgumentException>(options.Validate);
        Assert.StartsWith("TwilioWebhookOptions.AuthToken is missing", ex.Message, StringComparison.Ordinal);

        options.AuthToken = Secret;
        options.PublicBaseUrl = new Uri("https://events.example.com/hooks");
        options.Validate();
        Assert.DoesNotContain(Secret, options.ToString(), StringComparison.Ordinal);
        Assert.Contains("(set, not shown)", options.ToString(), StringComparison.Ordinal);
        Assert.Contains("https://events.example.com/hooks", options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_delegate_registration_is_checked_when_the_endpoint_is_mapped_at_startup()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddTwilioWebhooks(o => o.AuthToken = " ");
        using var app = builder.Build();
        var ex = Assert.Throws<OptionsValidationException>(() => app.MapTwilioEvents<TaskrouterEvent>("/e"));
        Assert.Contains("TwilioWebhookOptions.AuthToken is missing", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mapping_an_endpoint_without_AddTwilioWebhooks_says_what_to_call()
    {
        using var app = WebApplication.CreateSlimBuilder().Build();
        var ex = Assert.Throws<InvalidOperationException>(() => app.MapTwilioWebhook<TaskrouterEvent>("/e", (e, ctx) => Task.CompletedTask));
        Assert.Contains("AddTwilioWebhooks", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Registering_a_handler_twice_for_one_event_type_is_refused()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddTwilioWebhooks(o => o.AuthToken = Secret);
        using var app = builder.Build();
        var events = app.MapTwilioEvents<TaskrouterEvent>("/e").On("task.created", (e, ctx) => Task.CompletedTask);
        Assert.Throws<ArgumentException>(() => events.On("task.created", (e, ctx) => Task.CompletedTask));
    }
}

/// <summary>The README's table of log events lists every event of the webhook endpoints, with its id, name and level.</summary>
public class WebhookLogDocumentationTests
{
    [Fact]
    public void Every_log_event_of_the_webhook_endpoints_is_listed_in_the_README()
    {
        var log = typeof(TwilioWebhookOptions).Assembly.GetType("FlexCodegen.AspNetCore.WebhookLog", throwOnError: true)!;
        var events = log.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
            .Select(m => m.GetCustomAttribute<LoggerMessageAttribute>())
            .Where(a => a is not null)
            .ToList();
        string root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "FlexCodegen.sln"))) root = Path.GetDirectoryName(root)!;
        string readme = File.ReadAllText(Path.Combine(root, "README.md"));

        Assert.Equal(5, events.Count);
        Assert.All(events, e => Assert.Contains($"| {e!.EventId} | `{e.EventName}` | {e.Level} | `FlexCodegen.AspNetCore.TwilioWebhooks` |", readme));
    }

    [Fact]
    public async Task The_clients_options_give_the_webhooks_their_auth_token_so_it_is_configured_once()
    {
        var received = 0;
        await using var host = await WebhookHost.StartAsync(
            app => app.MapTwilioEvents<TaskrouterEvent>("/e").On("task.completed", (_, _) => { Interlocked.Increment(ref received); return Task.CompletedTask; }),
            new Dictionary<string, string?>(),
            register: builder =>
            {
                // What AddTwilioClients registers for every generated client.
                builder.Services.AddSingleton(Options.Create(new FlexCodegen.Runtime.TwilioClientOptions { AccountSid = "AC0123456789abcdef0123456789abcdef", AuthToken = WebhookHost.Token }));
                builder.Services.AddTwilioWebhooksFromClientOptions(o => o.MaxFormFields = 200);
            });

        using var signed = await host.PostFormAsync("/e", WebhookEndpointTests.TaskEvent());
        using var other = await host.PostFormAsync("/e", WebhookEndpointTests.TaskEvent(), token: "fedcba9876543210fedcba9876543210");

        Assert.Equal(System.Net.HttpStatusCode.NoContent, signed.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(1, received);
    }

    [Fact]
    public async Task Without_the_clients_options_the_webhooks_stop_the_host_naming_the_missing_token()
    {
        var ex = await Record.ExceptionAsync(async () =>
        {
            await using var host = await WebhookHost.StartAsync(app => app.MapTwilioEvents<TaskrouterEvent>("/e"), new Dictionary<string, string?>(),
                register: builder => builder.Services.AddTwilioWebhooksFromClientOptions());
        });

        var validation = Assert.IsType<OptionsValidationException>(ex);
        Assert.Contains("AuthToken is missing", validation.Message, StringComparison.Ordinal);
    }
}

using System.Text.Json;
using FlexCodegen.AspNetCore;
using FlexCodegen.Runtime;
using Twilio.Flex.V1;
using Twilio.Taskrouter.Events.V1;

namespace FlexCodegen.ContactCenter;

/// <summary>
/// A contact center's backend, the part Twilio's Interactions docs ask of every user: "handle certain terminal TaskRouter
/// events according to your application's needs, as conversations may stay orphaned with an open state". When a task
/// Flex created for an interaction completes or is canceled, the interaction's channel is closed, which closes its
/// Conversation.
/// </summary>
public static partial class ContactCenterApp
{
    /// <summary>Where TaskRouter posts the workspace's events (its <c>EventCallbackUrl</c>).</summary>
    public const string EventsPath = "/twilio/taskrouter/events";

    /// <summary>The app: the Flex client and the webhook options over one <c>Twilio</c> section, and the events endpoint.</summary>
    /// <param name="args">Command-line arguments (configuration).</param>
    /// <param name="configure">Changes to the builder before it is built (tests set the URLs and the configuration).</param>
    /// <returns>The app, not started.</returns>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.Services.AddTwilioClients(builder.Configuration.GetSection("Twilio"));   // read once, checked on start
        builder.Services.AddTwilioWebhooksFromClientOptions();                        // the same auth token checks Twilio's signature

        var app = builder.Build();
        app.MapTwilioEvents<TaskrouterEvent>(EventsPath)
            .On(TaskrouterEventTypes.TaskCompleted, CloseChannelAsync)
            .On(TaskrouterEventTypes.TaskCanceled, CloseChannelAsync);
        return app;
    }

    /// <summary>
    /// Closes the interaction channel of a task that ended. Idempotent: Twilio retries a callback that failed, and a
    /// channel already closed (by a retry, or by an agent) is left as it is.
    /// </summary>
    /// <param name="task">The event.</param>
    /// <param name="context">The request.</param>
    /// <returns>When the channel is closed, or there is nothing to close.</returns>
    public static async Task CloseChannelAsync(TaskrouterEvent task, TwilioWebhookContext context)
    {
        var logger = context.Services.GetRequiredService<ILogger<TaskrouterEvent>>();
        FlexTaskAttributes attributes;
        try
        {
            attributes = FlexTaskAttributes.Parse(task.TaskAttributes ?? "{}");
        }
        catch (JsonException)
        {
            // Not JSON: not a task Flex made. Acknowledged, so Twilio does not retry what can never succeed.
            LogNotFlex(logger, task.TaskSid?.ToString());
            return;
        }
        if (attributes.FlexInteractionSid is not { } interaction || attributes.FlexInteractionChannelSid is not { } channelSid)
        {
            LogNotFlex(logger, task.TaskSid?.ToString());
            return;
        }

        var flex = context.Services.GetRequiredService<FlexClient>();
        var channel = flex.Interactions[interaction].Channels[channelSid];
        var current = await channel.FetchAsync(context.RequestAborted);
        if (current.Status == InteractionChannelStatus.Closed) return;
        await channel.UpdateAsync(UpdateInteractionChannelRequest.CreateBuilder()
            .WithStatus(InteractionChannelUpdateChannelStatus.Closed)
            .WithRouting(new InteractionRoutingUpdate { Status = InteractionRoutingStatus.Closed })
            .Build(), context.RequestAborted);
        LogClosed(logger, channelSid.ToString(), task.EventType?.ToString());
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Closed interaction channel {Channel} after {EventType}")]
    private static partial void LogClosed(ILogger logger, string channel, string? eventType);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Task {Task} has no Flex interaction in its attributes; nothing to close")]
    private static partial void LogNotFlex(ILogger logger, string? task);
}

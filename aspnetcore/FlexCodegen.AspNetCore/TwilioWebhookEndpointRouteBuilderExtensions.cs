using System;
using System.Threading.Tasks;
using FlexCodegen.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FlexCodegen.AspNetCore;

/// <summary>
/// Maps endpoints that receive Twilio's webhooks and event callbacks (POST, form or JSON body) into a generated model,
/// after checking <c>X-Twilio-Signature</c>. Register the options first with <c>services.AddTwilioWebhooks(...)</c>.
/// </summary>
/// <remarks>
/// What each endpoint answers, before your handler runs: 403 for a missing or wrong signature (log events 2001, 2002);
/// 413 for a body over <see cref="TwilioWebhookOptions.MaxBodyBytes"/>; 400 for a body that is not a UTF-8 form or JSON,
/// has broken percent-encoding, a name sent twice, more than <see cref="TwilioWebhookOptions.MaxFormFields"/> fields, or a
/// payload the model cannot hold (log event 2003). None of these is an exception. An exception from your handler is
/// yours: ASP.NET Core answers 500, and Twilio retries.
/// </remarks>
public static class TwilioWebhookEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps a POST endpoint that hands each signed request's payload, read into <typeparamref name="T"/>, to
    /// <paramref name="handler"/>; the request is answered with the result it returns, or 204 No Content for null.
    /// </summary>
    /// <typeparam name="T">The generated model of the payload.</typeparam>
    /// <param name="endpoints">The route builder (the <c>WebApplication</c>).</param>
    /// <param name="pattern">The route pattern, e.g. <c>/twilio/status</c>.</param>
    /// <param name="handler">Handles the payload; returns the answer (TwiML, <c>Results.Ok()</c>) or null.</param>
    /// <returns>The endpoint's convention builder (<c>RequireHost</c>, <c>WithName</c>, …).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidOperationException"><c>AddTwilioWebhooks</c> was not called.</exception>
    /// <exception cref="OptionsValidationException">The options are invalid (a missing auth token).</exception>
    public static IEndpointConventionBuilder MapTwilioWebhook<T>(this IEndpointRouteBuilder endpoints, string pattern, Func<T, TwilioWebhookContext, Task<IResult?>> handler)
        where T : class, ITwilioJsonModel<T>
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(handler);
        var endpoint = new WebhookEndpoint<T>(Options(endpoints), Logger(endpoints), eventTypeField: null, eventIdField: null, handler);
        return endpoints.MapPost(pattern, endpoint.InvokeAsync);
    }

    /// <summary>
    /// Maps a POST endpoint that hands each signed request's payload, read into <typeparamref name="T"/>, to
    /// <paramref name="handler"/>, and answers 204 No Content when it completes.
    /// </summary>
    /// <typeparam name="T">The generated model of the payload.</typeparam>
    /// <param name="endpoints">The route builder (the <c>WebApplication</c>).</param>
    /// <param name="pattern">The route pattern, e.g. <c>/twilio/status</c>.</param>
    /// <param name="handler">Handles the payload.</param>
    /// <returns>The endpoint's convention builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidOperationException"><c>AddTwilioWebhooks</c> was not called.</exception>
    /// <exception cref="OptionsValidationException">The options are invalid (a missing auth token).</exception>
    public static IEndpointConventionBuilder MapTwilioWebhook<T>(this IEndpointRouteBuilder endpoints, string pattern, Func<T, TwilioWebhookContext, Task> handler)
        where T : class, ITwilioJsonModel<T>
    {
        ArgumentNullException.ThrowIfNull(handler);
        return endpoints.MapTwilioWebhook<T>(pattern, async (payload, context) =>
        {
            await handler(payload, context);
            return null;
        });
    }

    /// <summary>
    /// Maps a POST endpoint for event callbacks (TaskRouter's workspace <c>EventCallbackUrl</c>): each signed request's
    /// payload is read into <typeparamref name="T"/> and handed to the handler registered for its event type with
    /// <see cref="TwilioEventEndpointBuilder{T}.On"/>. Every request that passed the checks is answered 204 No Content
    /// (with <c>Content-Type: application/json</c>, as TaskRouter's docs ask) when its handler completes; an event type no
    /// handler is registered for is acknowledged the same way and logged (event 2004), so Twilio does not retry it.
    /// </summary>
    /// <typeparam name="T">The generated model of the event payload.</typeparam>
    /// <param name="endpoints">The route builder (the <c>WebApplication</c>).</param>
    /// <param name="pattern">The route pattern, e.g. <c>/twilio/taskrouter/events</c>.</param>
    /// <param name="eventTypeField">The payload field that names the event's type; TaskRouter's is <c>EventType</c>.</param>
    /// <param name="eventIdField">The payload field holding the event's own id (<see cref="TwilioWebhookContext.EventId"/>); TaskRouter's is <c>Sid</c>.</param>
    /// <returns>The builder to register handlers on, and the endpoint's conventions.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidOperationException"><c>AddTwilioWebhooks</c> was not called.</exception>
    /// <exception cref="OptionsValidationException">The options are invalid (a missing auth token).</exception>
    public static TwilioEventEndpointBuilder<T> MapTwilioEvents<T>(this IEndpointRouteBuilder endpoints, string pattern, string eventTypeField = "EventType", string eventIdField = "Sid")
        where T : class, ITwilioJsonModel<T>
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(eventTypeField);
        ArgumentNullException.ThrowIfNull(eventIdField);
        var logger = Logger(endpoints);
        var builder = new TwilioEventEndpointBuilder<T>(logger);
        var endpoint = new WebhookEndpoint<T>(Options(endpoints), logger, eventTypeField, eventIdField, builder.DispatchAsync);
        builder.Inner = endpoints.MapPost(pattern, endpoint.InvokeAsync);
        return builder;
    }

    private static TwilioWebhookOptions Options(IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetService<IOptions<TwilioWebhookOptions>>();
        if (options is null || endpoints.ServiceProvider.GetService<TwilioWebhookServiceCollectionExtensions.Registered>() is null)
            throw new InvalidOperationException("Twilio webhooks: call services.AddTwilioWebhooks(...) before mapping a Twilio endpoint (it registers the auth token that checks X-Twilio-Signature).");
        return options.Value; // validated: a missing token throws here, at startup, naming the key
    }

    private static ILogger Logger(IEndpointRouteBuilder endpoints) =>
        endpoints.ServiceProvider.GetService<ILoggerFactory>()?.CreateLogger(WebhookLog.Category) ?? NullLogger.Instance;
}

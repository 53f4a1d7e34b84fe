using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using FlexCodegen.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FlexCodegen.AspNetCore;

/// <summary>
/// The event endpoint <c>MapTwilioEvents</c> made: register a handler per event type with <see cref="On"/>, and the
/// endpoint's conventions (<c>RequireHost</c>, <c>WithName</c>, …) as on any endpoint.
/// </summary>
/// <typeparam name="T">The generated model of the event payload.</typeparam>
public sealed class TwilioEventEndpointBuilder<T> : IEndpointConventionBuilder where T : class, ITwilioJsonModel<T>
{
    // Filled while the app is built, read while it serves: registrations after the first request are refused.
    private readonly Dictionary<string, Func<T, TwilioWebhookContext, Task>> _handlers = new(StringComparer.Ordinal);
    private readonly ILogger _logger;
    private volatile bool _serving;

    internal TwilioEventEndpointBuilder(ILogger logger) => _logger = logger;

    internal IEndpointConventionBuilder Inner { get; set; } = null!;

    /// <summary>Handles events of type <paramref name="eventType"/> (<c>task.completed</c>; ordinal, case-sensitive) with <paramref name="handler"/>.</summary>
    /// <param name="eventType">The event type, as Twilio sends it.</param>
    /// <param name="handler">Handles the payload; the request is answered 204 when it completes.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A handler is already registered for <paramref name="eventType"/>.</exception>
    /// <exception cref="InvalidOperationException">The endpoint already serves requests.</exception>
    public TwilioEventEndpointBuilder<T> On(string eventType, Func<T, TwilioWebhookContext, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        ArgumentNullException.ThrowIfNull(handler);
        if (_serving) throw new InvalidOperationException("Register Twilio event handlers while the app is built, before it serves requests.");
        if (!_handlers.TryAdd(eventType, handler))
            throw new ArgumentException($"A handler for the event type '{FormBody.Quote(eventType)}' is already registered on this endpoint.", nameof(eventType));
        return this;
    }

    /// <inheritdoc/>
    public void Add(Action<EndpointBuilder> convention) => Inner.Add(convention);

    /// <inheritdoc/>
    public void Finally(Action<EndpointBuilder> finallyConvention) => Inner.Finally(finallyConvention);

    internal async Task<IResult?> DispatchAsync(T payload, TwilioWebhookContext context)
    {
        _serving = true;
        if (context.EventType is { } type && _handlers.TryGetValue(type, out var handler))
            await handler(payload, context);
        else
            WebhookLog.EventUnhandled(_logger, FormBody.Quote(context.HttpContext.Request.Path.Value), FormBody.Quote(context.EventType), FormBody.Quote(context.EventId));
        var response = context.HttpContext.Response;
        if (!response.HasStarted && response.StatusCode == StatusCodes.Status200OK)
        {
            response.StatusCode = StatusCodes.Status204NoContent;
            response.ContentType = "application/json";
        }
        return null;
    }
}

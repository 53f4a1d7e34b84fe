using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Net.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FlexCodegen.Runtime;

/// <summary>
/// Not for direct use: composes a client's handler chain so that exactly one layer retries. Generated clients and
/// <c>AddFlexClient</c> call it.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class TwilioHandlerChain
{
    // Retry layers a user may add to the client's builder: Microsoft.Extensions.Http.Resilience (AddStandardResilienceHandler,
    // AddResilienceHandler, hedging) and Microsoft.Extensions.Http.Polly (AddPolicyHandler, AddTransientHttpErrorPolicy).
    private static readonly string[] ResilienceHandlers =
    {
        "Microsoft.Extensions.Http.Resilience.ResilienceHandler",
        "Microsoft.Extensions.Http.PolicyHttpMessageHandler",
    };

    /// <summary>Not for direct use. Twilio's retry handler (when retries are on) over the attempt handler over <paramref name="bottom"/>.</summary>
    /// <param name="options">The client's validated options.</param>
    /// <param name="bottom">The handler that sends (sockets, or a handed-in HttpClient).</param>
    /// <returns>The top of the chain.</returns>
    public static HttpMessageHandler Create(TwilioClientOptions options, HttpMessageHandler bottom)
    {
        if (options is null) throw new ArgumentNullException(nameof(options));
        HttpMessageHandler chain = new TwilioAttemptHandler(options) { InnerHandler = bottom };
        return options.Retry.MaxRetries > 0 ? new TwilioRetryHandler(options) { InnerHandler = chain } : chain;
    }

    /// <summary>
    /// Not for direct use. Completes an <c>IHttpClientFactory</c> chain after every handler the application added: turns
    /// redirects off on the primary handler, appends <see cref="TwilioRetryHandler"/> unless the chain already holds a
    /// resilience handler, then <see cref="TwilioAttemptHandler"/> (innermost, so each attempt of whichever layer retries
    /// has its own deadline and reads its own body).
    /// </summary>
    /// <param name="additionalHandlers">The builder's handlers, outermost first.</param>
    /// <param name="primaryHandler">The builder's primary handler.</param>
    /// <param name="options">The client's validated options.</param>
    /// <param name="clientName">The client's name, for the log line.</param>
    public static void Configure(IList<DelegatingHandler> additionalHandlers, HttpMessageHandler? primaryHandler, TwilioClientOptions options, string clientName)
    {
        if (additionalHandlers is null) throw new ArgumentNullException(nameof(additionalHandlers));
        if (options is null) throw new ArgumentNullException(nameof(options));
        switch (primaryHandler)
        {
            case SocketsHttpHandler sockets: sockets.AllowAutoRedirect = false; break;
            case HttpClientHandler handler: handler.AllowAutoRedirect = false; break;
        }
        string? resilience = null;
        foreach (var handler in additionalHandlers)
            resilience ??= ResilienceHandlerName(handler);
        if (resilience is not null)
        {
            ILogger logger = options.Logger ?? options.LoggerFactory?.CreateLogger(TwilioRetryHandler.LogCategory) ?? NullLogger.Instance;
            RuntimeLog.RetryLayerLeftOut(logger, clientName, resilience);
        }
        else if (options.Retry.MaxRetries > 0)
        {
            additionalHandlers.Add(new TwilioRetryHandler(options));
        }
        additionalHandlers.Add(new TwilioAttemptHandler(options));
    }

    /// <summary>
    /// Not for direct use. A copy of <paramref name="options"/> that logs through the host's <see cref="ILoggerFactory"/>
    /// and keeps time with its <see cref="TimeProvider"/>, unless the options name their own.
    /// </summary>
    /// <param name="options">The options the application made.</param>
    /// <param name="services">The application's services.</param>
    /// <returns>The copy (not yet validated).</returns>
    public static TwilioClientOptions WithHostServices(TwilioClientOptions options, IServiceProvider services)
    {
        if (options is null) throw new ArgumentNullException(nameof(options));
        if (services is null) throw new ArgumentNullException(nameof(services));
        var copy = options.Snapshot();
        if (copy.Logger is null && copy.LoggerFactory is null) copy.LoggerFactory = services.GetService(typeof(ILoggerFactory)) as ILoggerFactory;
        copy.TimeProvider ??= services.GetService(typeof(TimeProvider)) as TimeProvider;
        return copy;
    }

    private static string? ResilienceHandlerName(DelegatingHandler handler)
    {
        for (Type? type = handler.GetType(); type is not null; type = type.BaseType)
        {
            if (Array.IndexOf(ResilienceHandlers, type.FullName) >= 0) return type.FullName;
        }
        return null;
    }
}

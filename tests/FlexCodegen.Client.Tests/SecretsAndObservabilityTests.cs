using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Threading.Tasks;
using FlexCodegen.Runtime;
using Microsoft.Extensions.Logging;
using Twilio;
using Twilio.Flex.V1;
using Xunit;

namespace FlexCodegen.Client.Tests;

/// <summary>Listens process-wide (activities, first-chance exceptions), so it runs alone.</summary>
[CollectionDefinition(nameof(ProcessWideListeners), DisableParallelization = true)]
public sealed class ProcessWideListeners { }

[Collection(nameof(ProcessWideListeners))]
public class SecretsAndObservabilityTests
{
    private static readonly InteractionSid Kd = InteractionSid.Parse(Samples.InteractionSid);

    [Fact]
    public async Task No_exception_message_log_line_or_trace_tag_ever_contains_the_token()
    {
        var texts = new ConcurrentQueue<string>();
        void Record(object? sender, FirstChanceExceptionEventArgs e) => texts.Enqueue(e.Exception.ToString());
        var logger = new ListLogger();
        using var listener = Listen(activity => texts.Enqueue(string.Join(";", activity.Tags.Select(t => t.Key + "=" + t.Value)) + activity.StatusDescription));
        AppDomain.CurrentDomain.FirstChanceException += Record;
        try
        {
            await using var server = await LoopbackServer.StartAsync((ctx, n) => n switch
            {
                1 => LoopbackServer.Json(ctx, 401, """{"code":20003,"message":"Authenticate","more_info":"https://www.twilio.com/docs/errors/20003","status":401}"""),
                2 => LoopbackServer.Json(ctx, 500, "<html>oops</html>"),
                3 => LoopbackServer.Json(ctx, 429, "{}"),
                4 => LoopbackServer.Json(ctx, 200, "{ not json"),
                _ => LoopbackServer.Json(ctx, 200, Samples.Channel()),
            });
            var options = server.Options(maxRetries: 1);
            options.Logger = logger;
            using var client = new FlexClient(options);
            await Try(() => client.Interactions[Kd].FetchAsync());           // 401
            await Try(() => client.Interactions[Kd].FetchAsync());           // 500
            await Try(() => client.Interactions[Kd].FetchAsync());           // 429 then malformed JSON
            await Try(() => client.Interactions[Kd].FetchAsync());           // ok
            var timeoutOptions = server.Options(maxRetries: 0);
            timeoutOptions.BaseAddress = new Uri("http://127.0.0.1:1");
            timeoutOptions.Logger = logger;
            using var refused = new FlexClient(timeoutOptions);
            await Try(() => refused.Interactions[Kd].FetchAsync());          // transport error
            await Try(() => Task.FromResult(new FlexClient(new TwilioClientOptions { AccountSid = "bad", AuthToken = LoopbackServer.AuthToken })));
            texts.Enqueue(options.ToString());
            texts.Enqueue(client.Pipeline.ToString());
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= Record;
        }

        var all = texts.Concat(logger.Lines).ToList();
        Assert.True(all.Count > 10, "the sweep saw too little to mean anything");
        Assert.Contains(logger.Lines, l => l.Contains("FetchInteraction") && l.Contains("401"));
        string basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(LoopbackServer.AccountSid + ":" + LoopbackServer.AuthToken));
        Assert.DoesNotContain(all, t => t.Contains(LoopbackServer.AuthToken) || t.Contains(basic));
    }

    [Fact]
    public async Task Each_operation_is_one_activity_with_operation_status_and_error_code()
    {
        var activities = new ConcurrentQueue<Activity>();
        using var listener = Listen(activities.Enqueue);
        await using var server = await LoopbackServer.StartAsync((ctx, _) => LoopbackServer.Json(ctx, 404, Samples.NotFound));
        using var client = new FlexClient(server.Options());

        await Assert.ThrowsAsync<TwilioApiException>(() => client.Interactions[Kd].FetchAsync());

        var activity = Assert.Single(activities, a => (string?)a.GetTagItem("twilio.operation_id") == "FetchInteraction");
        Assert.Equal(404, activity.GetTagItem("http.response.status_code"));
        Assert.Equal(20404, activity.GetTagItem("twilio.error_code"));
        Assert.Equal(ActivityStatusCode.Error, activity.Status);
    }

    private static async Task Try<T>(Func<Task<T>> action)
    {
        try { await action(); }
        catch (Exception) { /* the sweep looks at what was thrown, not whether */ }
    }

    private static ActivityListener Listen(Action<Activity> stopped)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "FlexCodegen",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    private sealed class ListLogger : ILogger
    {
        public ConcurrentQueue<string> Lines { get; } = new();
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue(logLevel + " " + formatter(state, exception) + (exception is null ? "" : " " + exception));
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using FlexCodegen.Runtime;
using Twilio;
using Twilio.Flex.V1;
using Xunit;

namespace FlexCodegen.Client.Tests.Properties;

/// <summary>
/// Property tests: whatever a server sends, the caller gets a value or a <c>Twilio*Exception</c> with a bounded
/// message, and the client allocates a small multiple of the body. Cases come from <see cref="HostileJson"/> with a
/// fixed seed (FLEXCODEGEN_PROPERTY_SEED and FLEXCODEGEN_PROPERTY_ITERATIONS explore further).
/// </summary>
[Collection(nameof(HostileServer))]
public class ResponseProperties
{
    private static readonly InteractionSid Kd = InteractionSid.Parse(Samples.InteractionSid);
    private static readonly InteractionChannelSid Uo = InteractionChannelSid.Parse(Samples.ChannelSid);

    /// <summary>The calls each body is answered to: every kind of reader (model, page, enum, id, typed JSON, error).</summary>
    private static readonly (string Name, Func<FlexClient, Task<object?>> Call)[] Calls =
    {
        ("FetchInteraction", async c => await c.Interactions[Kd].FetchAsync()),
        ("FetchChannel", async c => { var ch = await c.Interactions[Kd].Channels[Uo].FetchAsync(); _ = ch.Url; _ = ch.Links?.ToList(); return ch; }),
        ("ListChannels", async c => { var all = new List<InteractionChannel>(); await foreach (var ch in c.Interactions[Kd].Channels.ListAsync()) all.Add(ch); return all; }),
        ("ListParticipants", async c => { int n = 0; await foreach (var _ in c.Interactions[Kd].Channels[Uo].Participants.ListAsync()) n++; return n; }),
        ("FetchConfiguration", async c => await c.Configuration.FetchAsync()),
        ("ListFlexFlows", async c => { int n = 0; await foreach (var _ in c.FlexFlows.ListAsync()) n++; return n; }),
        ("UpdateChannel", async c => await c.Interactions[Kd].Channels[Uo].UpdateAsync(
            UpdateInteractionChannelRequest.CreateBuilder().WithStatus(InteractionChannelUpdateChannelStatus.Closed).Build())),
    };

    [Fact]
    public async Task Any_response_gives_a_value_or_a_Twilio_exception_with_a_bounded_message_and_bounded_memory()
    {
        int seed = HostileJson.Seed, iterations = HostileJson.Iterations(150);
        var json = new HostileJson(seed);
        var failures = new List<string>();
        for (int i = 0; i < iterations && failures.Count < 5; i++)
        {
            string body = json.Body();
            int status = json.Status();
            string? requestId = json.HeaderValue(), retryAfter = json.HeaderValue();
            var call = Calls[i % Calls.Length];
            var handler = new CannedHandler(status, Encoding.UTF8.GetBytes(body), requestId, retryAfter);
            using var client = new FlexClient(new HttpClient(handler), new TwilioClientOptions
            {
                AccountSid = LoopbackServer.AccountSid,
                AuthToken = LoopbackServer.AuthToken,
                BaseAddress = new Uri("https://flex-api.example.test"),
                Retry = new RetryOptions { MaxRetries = 1, BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero },
            });

            long before = GC.GetTotalAllocatedBytes(precise: true);
            Exception? error = null;
            string? shown = null;
            try
            {
                object? value = await call.Call(client);
                shown = value?.ToString(); // writing back what was read must work too
            }
            catch (Exception ex)
            {
                error = ex;
            }
            long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            long allowed = 2L * 1024 * 1024 + 64L * body.Length * Math.Max(1, handler.Count);

            string Case() => $"case {i} (seed {seed}), {call.Name}, HTTP {status}, body of {body.Length} chars starting {Excerpt(body)}";
            if (error is not null && error is not (TwilioApiException or TwilioResponseException))
                failures.Add($"{Case()}: {error.GetType().Name}: {Excerpt(error.ToString())}");
            else if (error is not null && error.Message.Length > 1500)
                failures.Add($"{Case()}: a message of {error.Message.Length} characters");
            else if (allocated > allowed)
                failures.Add($"{Case()}: allocated {allocated / 1024} KB, more than {allowed / 1024} KB");
            else if (error is null && shown is null && status is not 204)
                failures.Add($"{Case()}: succeeded with nothing to show");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>
    /// Every reader the generator emitted for this client (objects, enums, ids), fed hostile JSON directly: it returns a
    /// value or throws only the exceptions the runtime turns into <see cref="TwilioResponseException"/>.
    /// </summary>
    [Fact]
    public void Every_generated_reader_fails_only_in_ways_the_runtime_reports()
    {
        var readers = typeof(FlexClient).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(FlexClient).Namespace && !t.IsNested)
            .Select(t => t.GetMethod("Read", BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public, new[] { typeof(Utf8JsonReader).MakeByRefType() })
                      ?? t.GetMethod("ReadJson", BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public, new[] { typeof(Utf8JsonReader).MakeByRefType() }))
            .Where(m => m is not null)
            .Select(m => m!)
            .ToList();
        Assert.True(readers.Count > 60, $"found only {readers.Count} generated readers");
        var parse = typeof(TwilioJson).GetMethods().Single(m => m.Name == nameof(TwilioJson.Parse) && m.GetParameters()[0].ParameterType == typeof(string));

        int seed = HostileJson.Seed, iterations = HostileJson.Iterations(40);
        var json = new HostileJson(seed);
        var failures = new List<string>();
        for (int i = 0; i < iterations && failures.Count < 5; i++)
        {
            string body = json.Body();
            foreach (var read in readers)
            {
                var readerType = typeof(JsonValueReader<>).MakeGenericType(read.ReturnType);
                var reader = Delegate.CreateDelegate(readerType, read);
                try
                {
                    parse.MakeGenericMethod(read.ReturnType).Invoke(null, new object[] { body, reader });
                }
                catch (TargetInvocationException ex) when (ex.InnerException is JsonException or FormatException or InvalidOperationException or ArgumentException or OverflowException)
                {
                }
                catch (TargetInvocationException ex)
                {
                    failures.Add($"case {i} (seed {seed}), {read.DeclaringType!.Name}.{read.Name}: {ex.InnerException!.GetType().Name}: {Excerpt(ex.InnerException.Message)} for {Excerpt(body)}");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static string Excerpt(string text) => text.Length <= 200 ? text : text.Substring(0, 200) + "…";

    /// <summary>Answers every request with the same status, body and headers, in process (no socket, no timing).</summary>
    private sealed class CannedHandler : HttpMessageHandler
    {
        private readonly int _status;
        private readonly byte[] _body;
        private readonly string? _requestId, _retryAfter;
        private int _count;

        public CannedHandler(int status, byte[] body, string? requestId, string? retryAfter) =>
            (_status, _body, _requestId, _retryAfter) = (status, body, requestId, retryAfter);

        public int Count => Volatile.Read(ref _count);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            var response = new HttpResponseMessage((HttpStatusCode)_status) { RequestMessage = request, Content = new ByteArrayContent(_body) };
            response.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            if (_requestId is not null) response.Headers.TryAddWithoutValidation("Twilio-Request-Id", _requestId);
            if (_retryAfter is not null) response.Headers.TryAddWithoutValidation("Retry-After", _retryAfter);
            return Task.FromResult(response);
        }
    }
}

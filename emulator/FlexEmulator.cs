using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlexCodegen.Emulator;

/// <summary>How a <see cref="FlexEmulator"/> runs: the credentials it accepts, where it listens, its clock, and where it sends TaskRouter's events.</summary>
public sealed class FlexEmulatorOptions
{
    /// <summary>The account SID clients must authenticate with.</summary>
    public string AccountSid { get; set; } = "AC00000000000000000000000000000000";

    /// <summary>The auth token clients must authenticate with.</summary>
    public string AuthToken { get; set; } = "emulator-auth-token";

    /// <summary>Where to listen; loopback on a free port unless told otherwise.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:0";

    /// <summary>The clock; pass an <see cref="EmulatorClock"/> to move time in tests.</summary>
    public TimeProvider? Clock { get; set; }

    /// <summary>How long a new channel stays in <c>setup</c>.</summary>
    public TimeSpan SetupDuration { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// The event callback URL every workspace starts with, as if Update Workspace had set its <c>EventCallbackUrl</c>:
    /// TaskRouter's events for the emulator's tasks are posted there, signed with <see cref="AuthToken"/>. An http or
    /// https URL on loopback (<c>localhost</c>, <c>127.0.0.0/8</c>, <c>[::1]</c>) unless
    /// <see cref="AllowNonLoopbackEventCallbacks"/>; null (the default) for none. A workspace's own Update Workspace
    /// changes it for that workspace.
    /// </summary>
    public string? EventCallbackUrl { get; set; }

    /// <summary>
    /// The event types every workspace starts calling back for, as Update Workspace's <c>EventsFilter</c> takes them
    /// (comma-separated, e.g. <c>task.created,task.completed</c>); null (the default) for every type.
    /// </summary>
    public string? EventsFilter { get; set; }

    /// <summary>
    /// Whether event callback URLs may name hosts other than loopback. False by default: the emulator runs in tests on
    /// developer machines and CI, where a URL from a test or a workspace must not send task attributes across the
    /// network. A name is checked on the addresses it resolves to, at each connection.
    /// </summary>
    public bool AllowNonLoopbackEventCallbacks { get; set; }

    /// <summary>
    /// How many times a failed delivery (no connection, no answer within <see cref="EventCallbackTimeout"/>, a 5xx) is
    /// retried: 0 to 5, as Twilio's <c>rc</c> connection override; 2 by default (3 attempts). A 4xx is never retried.
    /// </summary>
    public int EventCallbackRetries { get; set; } = 2;

    /// <summary>The wait on the emulator's clock before the first retry; each retry after it waits twice the one before. 1 second by default.</summary>
    public TimeSpan EventCallbackRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long an attempt waits for the receiver's answer: 15 seconds by default, Twilio's read timeout. Real time,
    /// not the emulator's clock: it bounds the network, so a test that advances the clock while a delivery is under way
    /// does not make it time out. A test of a receiver that never answers sets it short.
    /// </summary>
    public TimeSpan EventCallbackTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The options' own mistakes, each as an exception naming the option; nothing is started with them.</summary>
    internal void Check()
    {
        if (!string.IsNullOrEmpty(EventCallbackUrl) && CallbackAddress.Problem(EventCallbackUrl, AllowNonLoopbackEventCallbacks) is string urlProblem)
            throw new ArgumentException($"FlexEmulatorOptions.EventCallbackUrl: {urlProblem}", "options");
        if (!string.IsNullOrEmpty(EventsFilter) && TaskRouterEventTypes.Problem(EventsFilter) is string filterProblem)
            throw new ArgumentException($"FlexEmulatorOptions.EventsFilter: {filterProblem}", "options");
        if (EventCallbackRetries is < 0 or > 5)
            throw new ArgumentOutOfRangeException("options", EventCallbackRetries, "FlexEmulatorOptions.EventCallbackRetries must be from 0 to 5.");
        if (EventCallbackRetryDelay < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException("options", EventCallbackRetryDelay, "FlexEmulatorOptions.EventCallbackRetryDelay must not be negative.");
        if (EventCallbackTimeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException("options", EventCallbackTimeout, "FlexEmulatorOptions.EventCallbackTimeout must be positive.");
    }
}

/// <summary>
/// A stateful emulator of the Flex Interactions API (the 14 operations of the spec), behaving as Twilio's docs say,
/// and of the TaskRouter tasks and Conversations its interactions create (Fetch/Update/List Task, Fetch/Update Conversation).
/// <code>await using var emu = await FlexEmulator.StartAsync();</code>
/// </summary>
public sealed partial class FlexEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly FlexEmulatorOptions _options;
    private readonly SpecRules _rules = SpecRules.Flex;

    private readonly EventCallbacks _callbacks;

    /// <summary>The worker a reservation goes to when neither the routing nor the test named one: the agent the emulator stands in for.</summary>
    private readonly string _standInWorkerSid = Store.NewSid("WK");

    private FlexEmulator(WebApplication app, FlexEmulatorOptions options)
    {
        _app = app;
        _options = options;
        Clock = options.Clock ?? TimeProvider.System;
        _callbacks = new EventCallbacks(Clock, options);
    }

    /// <summary>All state. Internal: tests reach it only through the thread-safe members below.</summary>
    internal Store Store { get; } = new();

    /// <summary>The emulator's clock: the <see cref="FlexEmulatorOptions.Clock"/> given, or the system clock.</summary>
    public TimeProvider Clock { get; }

    /// <summary>The address a client on this machine uses (a wildcard bind is reached through loopback).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The addresses the server actually listens on, as the server reports them (e.g. <c>http://0.0.0.0:5080</c>).</summary>
    public IReadOnlyList<Uri> ListenAddresses { get; private set; } = Array.Empty<Uri>();

    /// <summary>
    /// What the standalone emulator prints when it starts: where it listens and the credentials it accepts. The auth token
    /// is printed only when it is the published default; one you gave is not shown.
    /// </summary>
    public string Banner() =>
        $"Flex Interactions emulator listening on {string.Join(", ", ListenAddresses)}" + Environment.NewLine +
        $"  clients on this machine: {BaseAddress}" + Environment.NewLine +
        $"  credentials (HTTP Basic, as Twilio's): account SID {AccountSid}, auth token {ShownToken}" + Environment.NewLine +
        $"  e.g. new TwilioClientOptions {{ AccountSid = \"{AccountSid}\", AuthToken = {(IsDefaultToken ? "\"" + AuthToken + "\"" : "/* the auth token you gave */")}, BaseAddress = new Uri(\"{BaseAddress}\") }}" + Environment.NewLine +
        $"  the emulator's tasks: GET {new Uri(BaseAddress, "_emulator/Tasks?ChannelSid=UO...")}" + Environment.NewLine +
        $"  TaskRouter tasks: {new Uri(BaseAddress, "v1/Workspaces/WS.../Tasks/WT...")}; Conversations: {new Uri(BaseAddress, "v1/Conversations/CH...")}" + Environment.NewLine +
        $"  TaskRouter events: {new Uri(BaseAddress, "v1/Workspaces/WS.../Events")}" +
        (string.IsNullOrEmpty(_options.EventCallbackUrl) ? "; no callback URL (Update Workspace's EventCallbackUrl sets one)" : $"; posted to {ShownCallbackUrl}, signed with the auth token") + Environment.NewLine +
        "  Ctrl+C to stop.";

    // The default token is a published test value; a token the user chose may be one they use elsewhere, so it is never printed.
    private bool IsDefaultToken => _options.AuthToken == new FlexEmulatorOptions().AuthToken;
    private string ShownToken => IsDefaultToken ? AuthToken : "(the one given; not shown)";

    // A callback URL's query may carry a receiver's secret: the banner shows where it goes, not what it carries.
    private string ShownCallbackUrl
    {
        get
        {
            var url = new Uri(_options.EventCallbackUrl!, UriKind.Absolute);
            return url.GetLeftPart(UriPartial.Path) + (url.Query.Length > 0 ? "?…" : "");
        }
    }

    /// <summary>The account SID the emulator accepts (HTTP Basic user name, as Twilio's).</summary>
    public string AccountSid => _options.AccountSid;

    /// <summary>The auth token the emulator accepts (HTTP Basic password); requests with other credentials get 401 / 20003.</summary>
    public string AuthToken => _options.AuthToken;

    /// <summary>
    /// Registers a Conversation (<c>active</c>), as if it existed: customer-initiated channels need one. It is then served
    /// at <c>/v1/Conversations/{Sid}</c> too. Registering one that exists changes nothing.
    /// </summary>
    /// <param name="conversationSid">A Conversation SID: <c>CH</c> and 32 hexadecimal digits.</param>
    /// <exception cref="ArgumentException">Not a Conversation SID: no channel could name it, and no URL would find it.</exception>
    public void AddConversation(string conversationSid)
    {
        ArgumentNullException.ThrowIfNull(conversationSid);
        if (!IsSid(conversationSid, "CH"))
            throw new ArgumentException("A Conversation SID is CH followed by 32 hexadecimal digits; the value given is not one.", nameof(conversationSid));
        lock (Store.Gate) Store.AddConversation(conversationSid, Now);
    }

    /// <summary>How many interactions exist (tests check that a refused request changed nothing).</summary>
    public int InteractionCount
    {
        get { lock (Store.Gate) return Store.InteractionCount; }
    }

    /// <summary>The tasks behind a channel, as TaskRouter shows them (the same tasks <c>/v1/Workspaces/{WorkspaceSid}/Tasks</c> serves).</summary>
    public IReadOnlyList<(string Sid, string Status)> Tasks(string channelSid)
    {
        lock (Store.Gate)
            return Store.AllTasks.Where(t => t.ChannelSid == channelSid).Select(t => (t.Sid, t.Status)).ToList();
    }

    /// <summary>
    /// The state of a channel's Conversation (the one <c>/v1/Conversations/{Sid}</c> serves): <c>active</c>,
    /// <c>inactive</c>, or <c>closed</c> (read-only); null for an unknown channel or one bound to no Conversation.
    /// </summary>
    public string? ConversationState(string channelSid)
    {
        lock (Store.Gate)
        {
            string? sid = Store.AllChannels.FirstOrDefault(c => c.Sid == channelSid)?.ConversationSid;
            var conversation = sid is null ? null : Store.Conversation(sid);
            conversation?.Settle(Now);
            return conversation?.State;
        }
    }

    /// <summary>
    /// The agent accepts the task's reservation, as the Flex UI does: a <c>pending</c> or <c>reserved</c> task becomes
    /// <c>assigned</c>. TaskRouter's API has no call for this (reservations are accepted by workers), so tests use this
    /// to reach the states that follow (<c>wrapping</c>, <c>completed</c> through Update Task). A pending task is
    /// reserved first: the events are <c>reservation.created</c> (task <c>reserved</c>), then <c>reservation.accepted</c>.
    /// </summary>
    /// <param name="taskSid">The task (<c>WT…</c>), e.g. from the interaction's <c>routing.properties.sid</c>.</param>
    /// <param name="workerSid">
    /// The worker (<c>WK…</c>) who accepts; null for the routing's <c>worker_sid</c>, or, when it named none, a worker
    /// SID the emulator makes up once (the agent it stands in for).
    /// </param>
    /// <exception cref="InvalidOperationException">No such task, or it is not pending or reserved.</exception>
    /// <exception cref="ArgumentException"><paramref name="workerSid"/> is not a Worker SID.</exception>
    public void AcceptReservation(string taskSid, string? workerSid = null)
    {
        ArgumentNullException.ThrowIfNull(taskSid);
        if (workerSid is not null && !IsSid(workerSid, "WK"))
            throw new ArgumentException("A Worker SID is WK followed by 32 hexadecimal digits; the value given is not one.", nameof(workerSid));
        lock (Store.Gate)
        {
            var task = Store.Task(taskSid) ?? throw new InvalidOperationException($"No task {taskSid} exists.");
            if (task.Status is not ("pending" or "reserved"))
                throw new InvalidOperationException($"Task {taskSid} is {task.Status}; only a pending or reserved task can be accepted.");
            ReserveAndAccept(task, workerSid);
        }
    }

    /// <summary>
    /// All state as JSON text (interactions, channels, tasks, participants, invites, transfers, Conversations), as a
    /// request at the emulator's clock would see it: what is due has happened first (a channel's setup ended, a
    /// Conversation's timers fired, channels 180 days untouched gone), as any lookup makes it happen. So two snapshots
    /// around a refused request are equal even when the clock passed a due moment before it. Tests compare them to
    /// check that a refused request changed nothing.
    /// </summary>
    public string StateSnapshot()
    {
        lock (Store.Gate)
        {
            Store.SettleDue(Now);
            return Store.Snapshot().ToJsonString();
        }
    }

    /// <summary>
    /// Starts an emulator on <see cref="FlexEmulatorOptions.Urls"/> (loopback on a free port by default) and returns once
    /// it listens; point a client at <see cref="BaseAddress"/> with <see cref="AccountSid"/> and <see cref="AuthToken"/>.
    /// </summary>
    /// <param name="options">Credentials, addresses, clock and timings; the defaults when null.</param>
    /// <param name="args">Command-line style configuration (<c>--Kestrel:...</c>), the only configuration the emulator reads.</param>
    /// <returns>The running emulator; dispose it to stop it.</returns>
    public static async Task<FlexEmulator> StartAsync(FlexEmulatorOptions? options = null, string[]? args = null)
    {
        options ??= new FlexEmulatorOptions();
        options.Check();
        var builder = WebApplication.CreateSlimBuilder(args ?? Array.Empty<string>());
        // Inside someone's test project: its appsettings.json and ASPNETCORE_* variables are for its own app, not for us
        // (a Kestrel endpoint there must not move the emulator off loopback), so only the arguments given here count.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        if (args is { Length: > 0 }) builder.Configuration.AddCommandLine(args);
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(options.Urls);
        var app = builder.Build();
        var emulator = new FlexEmulator(app, options);
        emulator.Map(app);
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();
        emulator.ListenAddresses = addresses;
        var first = addresses[0];
        bool wildcard = first.Host is "0.0.0.0" or "[::]" or "::";
        emulator.BaseAddress = wildcard ? new UriBuilder(first) { Host = "127.0.0.1" }.Uri : first;
        return emulator;
    }

    /// <summary>Completes when the host shuts down (Ctrl+C in the standalone tool).</summary>
    /// <returns>A task that completes on shutdown.</returns>
    public Task WaitForShutdownAsync() => Microsoft.Extensions.Hosting.HostingAbstractionsHostExtensions.WaitForShutdownAsync(_app);

    /// <summary>Stops the server, then the event deliveries (one under way is abandoned, queued ones are dropped).</summary>
    /// <returns>A task that completes when everything has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _callbacks.DisposeAsync();
    }

    // ---- routing ----------------------------------------------------------------------------------------------

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (!Authenticated(context.Request))
            {
                await new ApiError(401, 20003, "Authentication Error - invalid username").ToResult().ExecuteAsync(context);
                return;
            }
            try
            {
                await next(context);
            }
            catch (ApiError error)
            {
                await error.ToResult().ExecuteAsync(context);
            }
            catch (Exception ex) when (!context.Response.HasStarted)
            {
                // An emulator bug: say what it was, in Twilio's error shape, instead of an empty 500.
                await new ApiError(500, 20500, $"Internal emulator error: {ex.GetType().Name}: {ex.Message}").ToResult().ExecuteAsync(context);
            }
        });

        const string I = "/v1/Interactions";
        app.MapPost(I, (HttpRequest r) => Handle(r, () => CreateInteraction(r)));
        app.MapGet(I + "/{sid}", (HttpRequest r, string sid) => Handle(r, () => Json(InteractionJson(r, Interaction(r, sid)))));
        app.MapPost(I + "/{sid}", (HttpRequest r, string sid) => Handle(r, () => UpdateInteraction(r, sid)));
        app.MapGet(I + "/{kd}/Channels", (HttpRequest r, string kd) => Handle(r, () => Page(r, "channels", Store.LiveChannels(Interaction(r, kd), Now).Select(c => ChannelJson(r, c)).ToList())));
        app.MapGet(I + "/{kd}/Channels/{uo}", (HttpRequest r, string kd, string uo) => Handle(r, () => Json(ChannelJson(r, Channel(r, kd, uo)))));
        app.MapPost(I + "/{kd}/Channels/{uo}", (HttpRequest r, string kd, string uo) => Handle(r, () => UpdateChannel(r, kd, uo)));
        app.MapPost(I + "/{kd}/Channels/{uo}/Invites", (HttpRequest r, string kd, string uo) => Handle(r, () => CreateInvite(r, kd, uo)));
        app.MapGet(I + "/{kd}/Channels/{uo}/Invites", (HttpRequest r, string kd, string uo) => Handle(r, () => { var c = Channel(r, kd, uo); return Page(r, "invites", c.Invites.Select(x => InviteJson(r, c, x))); }));
        app.MapPost(I + "/{kd}/Channels/{uo}/Participants", (HttpRequest r, string kd, string uo) => Handle(r, () => CreateParticipant(r, kd, uo)));
        app.MapGet(I + "/{kd}/Channels/{uo}/Participants", (HttpRequest r, string kd, string uo) => Handle(r, () => { var c = Channel(r, kd, uo); return Page(r, "participants", c.Participants.Select(x => ParticipantJson(r, c, x))); }));
        app.MapPost(I + "/{kd}/Channels/{uo}/Participants/{ut}", (HttpRequest r, string kd, string uo, string ut) => Handle(r, () => UpdateParticipant(r, kd, uo, ut)));
        app.MapPost(I + "/{kd}/Channels/{uo}/Transfers", (HttpRequest r, string kd, string uo) => Handle(r, () => CreateTransfer(r, kd, uo)));
        app.MapGet(I + "/{kd}/Channels/{uo}/Transfers/{ux}", (HttpRequest r, string kd, string uo, string ux) => Handle(r, () => { var c = Channel(r, kd, uo); return Json(TransferJson(r, c, Transfer(r, c, ux))); }));
        app.MapPost(I + "/{kd}/Channels/{uo}/Transfers/{ux}", (HttpRequest r, string kd, string uo, string ux) => Handle(r, () => UpdateTransfer(r, kd, uo, ux)));
        app.MapGet("/_emulator/Tasks", (HttpRequest r) => Handle(r, () => Json(new JsonObject
        {
            ["tasks"] = new JsonArray(Tasks(r.Query["ChannelSid"].ToString()).Select(t => (JsonNode)new JsonObject { ["sid"] = t.Sid, ["status"] = t.Status }).ToArray()),
        })));
        MapTaskRouter(app);
        MapConversations(app);
        app.MapFallback((HttpRequest r) => ApiError.NotFound(r.Path).ToResult());
    }

    private bool Authenticated(HttpRequest request)
    {
        string? header = request.Headers.Authorization;
        if (header is null || !header.StartsWith("Basic ", StringComparison.Ordinal)) return false;
        try
        {
            string decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..]));
            return decoded == _options.AccountSid + ":" + _options.AuthToken;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>
    /// Reads the body first (outside the lock), then runs the handler under the store's lock. A body that is not a form
    /// counts as no parameters on a form endpoint (as Twilio treats it: the required ones are then missing). Bodies the
    /// server will not read answer 4xx: a charset other than UTF-8 415, over 1,024 form fields or a multipart body
    /// without a usable boundary 400, a value over 4 MB or a body over 30 MB 413.
    /// </summary>
    private async Task<IResult> Handle(HttpRequest request, Func<IResult> handler)
    {
        RefuseCharsetsOtherThanUtf8(request.ContentType);
        try
        {
            if (request.HasFormContentType)
            {
                await request.ReadFormAsync();
            }
            else
            {
                request.Form = FormCollection.Empty;
                using var reader = new System.IO.StreamReader(request.Body);
                request.HttpContext.Items["body"] = await reader.ReadToEndAsync();
            }
        }
        catch (System.IO.InvalidDataException ex) when (ex.Message.Contains("count limit", StringComparison.OrdinalIgnoreCase))
        {
            throw new ApiError(400, 20001, "Too many parameters: at most 1024 form fields are accepted.");
        }
        catch (System.IO.InvalidDataException ex) when (ex.Message.Contains("boundary", StringComparison.OrdinalIgnoreCase))
        {
            // The Content-Type's boundary is missing, empty or too long: the header is wrong, not the body too large.
            throw ApiError.Invalid("The request body could not be read: " + ex.Message);
        }
        catch (System.IO.InvalidDataException ex) when (!ex.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            // Not a size: a form value holding characters the form reader refuses (a NUL), among others.
            throw ApiError.Invalid("The request body could not be read: " + ex.Message);
        }
        catch (NotSupportedException ex)
        {
            // A multipart field's own Content-Type names an encoding .NET will not decode (utf-7 among them).
            throw new ApiError(415, 20001, "Unsupported charset in a multipart field's Content-Type: " + ex.Message);
        }
        catch (System.IO.InvalidDataException ex)
        {
            throw new ApiError(413, 20001, "Request entity too large: " + ex.Message);
        }
        catch (BadHttpRequestException ex)
        {
            throw new ApiError(ex.StatusCode is >= 400 and < 500 ? ex.StatusCode : 400, 20001, "The request body could not be read: " + ex.Message);
        }
        catch (System.IO.IOException ex)
        {
            // A multipart body that ends before its boundary, among others: the client's body is broken.
            throw ApiError.Invalid("The request body could not be read: " + ex.Message);
        }
        lock (Store.Gate) return handler();
    }

    /// <summary>
    /// A body is read as UTF-8, so a Content-Type naming another charset (or an empty one) is a 415 naming it, before
    /// anything is read: the request's text would otherwise be read as something its sender did not mean, and .NET
    /// refuses some charsets outright (utf-7). Every <c>charset</c> parameter counts, not only the first. A Content-Type
    /// that is not a media type at all is left alone: the body is then no parameters.
    /// </summary>
    private static void RefuseCharsetsOtherThanUtf8(string? contentType)
    {
        if (contentType is null || !Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var mediaType)) return;
        foreach (var parameter in mediaType.Parameters)
        {
            if (!parameter.Name.Equals("charset", StringComparison.OrdinalIgnoreCase)) continue;
            string charset = Microsoft.Net.Http.Headers.HeaderUtilities.RemoveQuotes(parameter.Value).ToString();
            if (!charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
                throw new ApiError(415, 20001, $"Unsupported charset '{SpecRules.Shorten(charset)}' in the Content-Type: the emulator reads request bodies as UTF-8; send charset=utf-8 or no charset");
        }
    }

    private DateTimeOffset Now => Clock.GetUtcNow();

    private static IResult Json(JsonNode node, int status = 200) => Results.Json(node, statusCode: status);

    // ---- lookups (404 for unknown or malformed ids) ----------------------------------------------------------

    private static void Sid(HttpRequest r, string value, string prefix)
    {
        if (!IsSid(value, prefix)) throw ApiError.NotFound(r.Path);
    }

    /// <summary>A SID of the form the specs' patterns give (<c>^KD[0-9a-fA-F]{32}$</c>): the whole value, no line break after it.</summary>
    internal static bool IsSid(string value, string prefix) =>
        value.Length == prefix.Length + 32 && value.StartsWith(prefix, StringComparison.Ordinal)
        && value.AsSpan(prefix.Length).IndexOfAnyExcept("0123456789abcdefABCDEF") < 0;

    private EmulatedInteraction Interaction(HttpRequest r, string sid)
    {
        Sid(r, sid, "KD");
        return Store.Interaction(sid) ?? throw ApiError.NotFound(r.Path);
    }

    private EmulatedChannel Channel(HttpRequest r, string kd, string uo)
    {
        Sid(r, kd, "KD");
        Sid(r, uo, "UO");
        return Store.Channel(kd, uo, Now) ?? throw ApiError.NotFound(r.Path);
    }

    private static EmulatedTransfer Transfer(HttpRequest r, EmulatedChannel c, string ux)
    {
        Sid(r, ux, "UX");
        return c.Transfers.FirstOrDefault(t => t.Sid == ux) ?? throw ApiError.NotFound(r.Path);
    }

    // ---- operations --------------------------------------------------------------------------------------------

    private IResult CreateInteraction(HttpRequest r)
    {
        var form = _rules.ReadForm("/v1/Interactions", r.Form);
        var channelSpec = form["Channel"]!.AsObject();
        var routing = form["Routing"] as JsonObject;
        if (channelSpec["sid"]?.GetValue<string>() is string existingSid)
            return BindToChannel(r, existingSid, channelSpec, routing);
        var interaction = new EmulatedInteraction
        {
            Sid = Store.NewSid("KD"),
            Channel = channelSpec,
            Routing = routing,
            InteractionContextSid = form["InteractionContextSid"]?.GetValue<string>(),
            WebhookTtid = form["WebhookTtid"]?.GetValue<string>(),
        };
        string initiatedBy = channelSpec["initiated_by"]!.GetValue<string>();
        string? mediaChannel = channelSpec["properties"]?["media_channel_sid"]?.GetValue<string>();
        // Channel validation: a customer must already be in the Conversation named by media_channel_sid. An agent or the
        // API binds to the Conversation named, or to a new one ("a new one will be created"); the emulator cannot know
        // the account's Conversations, so one it was not told about (AddConversation) is taken as existing.
        // A closed Conversation is read-only ("you can't reactivate it"): no channel, whoever starts it, is bound to one.
        var named = mediaChannel is null ? null : Store.Conversation(mediaChannel);
        named?.Settle(Now);
        if (named is { State: "closed" })
            throw ApiError.Invalid($"Invalid Channel.properties.media_channel_sid: Conversation {named.Sid} is closed, which is final; a channel cannot be bound to it");
        bool willFail = initiatedBy == "customer" && named is null;
        string? conversationSid = willFail ? null : Store.AddConversation(mediaChannel ?? Store.NewSid("CH"), Now).Sid;
        var channel = new EmulatedChannel
        {
            Sid = Store.NewSid("UO"),
            InteractionSid = interaction.Sid,
            Type = channelSpec["type"]!.GetValue<string>(),
            SetupEndsAt = Now + _options.SetupDuration,
            WillFail = willFail,
            ConversationSid = conversationSid,
            InitiatedBy = initiatedBy,
            LastUpdated = Now,
        };
        interaction.Channels.Add(channel);
        foreach (var p in channelSpec["participants"]?.AsArray() ?? new JsonArray())
            channel.Participants.Add(new EmulatedParticipant { Sid = Store.NewSid("UT"), Type = "customer", MediaProperties = p?.DeepClone() });
        if (routing is not null) AddTask(channel, routing);
        Store.Add(interaction);
        return Json(InteractionJson(r, interaction), 201);
    }

    /// <summary>
    /// Channel.sid names a channel that already exists ("the SID of the Interaction Channel if already generated"):
    /// nothing new is created but, with Routing, a task on that channel. A channel belongs to one interaction, so the
    /// answer is that interaction, and the task is that interaction's own. An unknown channel, or one of another type,
    /// is refused.
    /// </summary>
    private IResult BindToChannel(HttpRequest r, string channelSid, JsonObject channelSpec, JsonObject? routing)
    {
        var channel = Store.FindChannel(channelSid, Now)
            ?? throw ApiError.Invalid($"Invalid Channel.sid: no Interaction Channel {channelSid} exists to bind to");
        string type = channelSpec["type"]!.GetValue<string>();
        if (type != channel.Type)
            throw ApiError.Invalid($"Invalid Channel.type: channel {channelSid} is of type {channel.Type}, not {type}");
        if (channel.Status is "closed" or "failed")
            throw ApiError.Invalid($"Invalid Channel.sid: channel {channelSid} is {channel.Status}");
        if (routing is not null) AddTask(channel, routing);
        channel.LastUpdated = Now;
        return Json(InteractionJson(r, Store.Interaction(channel.InteractionSid)!), 201);
    }

    /// <summary>
    /// A task for the routing, in its workspace (made the first time a routing names it), reported as
    /// <c>task.created</c>; an agent named by worker_sid joins as a participant holding it, and the reservation it names
    /// is the one the task gets when the agent accepts.
    /// </summary>
    private EmulatedTask AddTask(EmulatedChannel channel, JsonNode routing, string? inviteSid = null)
    {
        var task = NewTask(channel, routing, inviteSid);
        EnsureWorkspace(task.WorkspaceSid);
        channel.Tasks.Add(task);
        Store.Add(task);
        if (routing["properties"]?["worker_sid"]?.GetValue<string>() is string worker)
        {
            task.ReservationSid = Store.NewSid("WR");
            channel.Participants.Add(new EmulatedParticipant
            {
                Sid = Store.NewSid("UT"),
                Type = "agent",
                RoutingProperties = new JsonObject { ["task_sid"] = task.Sid, ["worker_sid"] = worker, ["reservation_sid"] = task.ReservationSid },
            });
        }
        Emit(task, "task.created", $"Task {task.Sid} created");
        return task;
    }

    private IResult UpdateInteraction(HttpRequest r, string sid)
    {
        var interaction = Interaction(r, sid);
        var form = _rules.ReadForm("/v1/Interactions/{Sid}", r.Form);
        if (form["WebhookTtid"] is JsonNode ttid) interaction.WebhookTtid = ttid.GetValue<string>();
        return Json(InteractionJson(r, interaction));
    }

    private IResult UpdateChannel(HttpRequest r, string kd, string uo)
    {
        var channel = Channel(r, kd, uo);
        var form = _rules.ReadForm("/v1/Interactions/{InteractionSid}/Channels/{Sid}", r.Form);
        string status = form["Status"]!.GetValue<string>();
        // A closed channel's media channel is read-only and a failed one never started: both are final.
        if (channel.Status is "closed" or "failed")
            throw ApiError.Invalid($"Invalid Status: the channel is {channel.Status}, which is final; it cannot become {status}");
        bool completeTasks = form["Routing"]?["status"]?.GetValue<string>() == "closed";
        channel.Status = status;
        channel.LastUpdated = Now;
        // The docs' table: tasks wrapping, or completed with Routing.status closed; a completed or canceled task stays.
        foreach (var task in channel.Tasks.Where(t => !t.IsFinal))
            MoveTask(task, completeTasks ? "completed" : "wrapping");
        if (status == "closed" && channel.ConversationSid is string conversation) Store.Conversation(conversation)?.Close(Now);
        return Json(ChannelJson(r, channel));
    }

    /// <summary>
    /// A closed channel's media channel is read-only and a failed one never started: an invite (a new pending task), a
    /// participant or a transfer would hang off a channel nobody can reach, so they are refused. An inactive channel
    /// still takes them (an invite is how an agent is brought back).
    /// </summary>
    private static void RefuseIfFinal(EmulatedChannel channel, string what)
    {
        if (channel.Status is "closed" or "failed")
            throw ApiError.Invalid($"Cannot add {what}: channel {channel.Sid} is {channel.Status}, which is final");
    }

    private IResult CreateInvite(HttpRequest r, string kd, string uo)
    {
        var channel = Channel(r, kd, uo);
        var form = _rules.ReadForm("/v1/Interactions/{InteractionSid}/Channels/{ChannelSid}/Invites", r.Form);
        RefuseIfFinal(channel, "an invite");
        var invite = new EmulatedInvite { Sid = Store.NewSid("KG"), Routing = form["Routing"]!.DeepClone() };
        channel.Invites.Add(invite);
        AddTask(channel, invite.Routing, invite.Sid);
        channel.LastUpdated = Now;
        return Json(InviteJson(r, channel, invite), 201);
    }

    private IResult CreateParticipant(HttpRequest r, string kd, string uo)
    {
        var channel = Channel(r, kd, uo);
        var form = _rules.ReadForm("/v1/Interactions/{InteractionSid}/Channels/{ChannelSid}/Participants", r.Form);
        // The participant keeps task_sid, worker_sid and reservation_sid: they must have the shapes its responses promise.
        if (form["RoutingProperties"] is JsonNode routingProperties)
            _rules.CheckSchema("RoutingProperties", "interaction_participant_routing_properties", routingProperties.ToJsonString());
        RefuseIfFinal(channel, "a participant");
        var participant = new EmulatedParticipant
        {
            Sid = Store.NewSid("UT"),
            Type = form["Type"]!.GetValue<string>(),
            MediaProperties = form["MediaProperties"]?.DeepClone(),
            RoutingProperties = form["RoutingProperties"]?.DeepClone() as JsonObject,
        };
        channel.Participants.Add(participant);
        channel.LastUpdated = Now;
        return Json(ParticipantJson(r, channel, participant), 201);
    }

    private IResult UpdateParticipant(HttpRequest r, string kd, string uo, string ut)
    {
        var channel = Channel(r, kd, uo);
        Sid(r, ut, "UT");
        var participant = channel.Participants.FirstOrDefault(p => p.Sid == ut) ?? throw ApiError.NotFound(r.Path);
        var form = _rules.ReadForm("/v1/Interactions/{InteractionSid}/Channels/{ChannelSid}/Participants/{Sid}", r.Form);
        participant.Status = form["Status"]!.GetValue<string>();
        // The participant's own task: closed completes it, wrapup puts it in wrapping. The channel stays open, and a
        // completed or canceled task stays so (TaskRouter never moves a task out of a final state).
        string? taskSid = participant.RoutingProperties?["task_sid"]?.GetValue<string>();
        foreach (var task in channel.Tasks.Where(t => t.Sid == taskSid && !t.IsFinal))
            MoveTask(task, participant.Status == "closed" ? "completed" : "wrapping");
        channel.LastUpdated = Now;
        return Json(ParticipantJson(r, channel, participant));
    }

    private IResult CreateTransfer(HttpRequest r, string kd, string uo)
    {
        var channel = Channel(r, kd, uo);
        var body = JsonBody(r);
        var transfer = new EmulatedTransfer
        {
            Sid = Store.NewSid("UX"),
            Type = BodyString(body, "type") ?? "warm",
            From = BodyString(body, "from"),
            To = BodyString(body, "to"),
            Created = Now,
            Updated = Now,
        };
        if (transfer.Type is not ("warm" or "cold" or "external")) throw ApiError.Invalid($"Invalid type: must be one of warm, cold, external, got '{transfer.Type}'");
        RefuseIfFinal(channel, "a transfer");
        channel.Transfers.Add(transfer);
        channel.LastUpdated = Now;
        return Json(TransferJson(r, channel, transfer), 201);
    }

    private IResult UpdateTransfer(HttpRequest r, string kd, string uo, string ux)
    {
        var channel = Channel(r, kd, uo);
        var transfer = Transfer(r, channel, ux);
        string status = BodyString(JsonBody(r), "status") ?? "completed";
        if (status is not ("active" or "failed" or "completed")) throw ApiError.Invalid($"Invalid status: must be one of active, failed, completed, got '{status}'");
        transfer.Status = status;
        transfer.Updated = Now;
        channel.LastUpdated = Now;
        return Json(TransferJson(r, channel, transfer));
    }

    /// <summary>A JSON body, which must be an object (or absent).</summary>
    private static JsonObject? JsonBody(HttpRequest r)
    {
        string text = r.HttpContext.Items["body"] as string ?? "";
        var node = text.Length == 0 ? null : StrictJson.Parse(null, text);
        return node switch
        {
            null => null,
            JsonObject o => o,
            _ => throw ApiError.Invalid($"The body must be a JSON object, got {node.GetValueKind()}"),
        };
    }

    /// <summary>A string field of a JSON body; another kind of value is refused.</summary>
    private static string? BodyString(JsonObject? body, string name) => body?[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => v.GetValue<string>(),
        JsonNode other => throw ApiError.Invalid($"Invalid {name}: must be a string, got {other.GetValueKind()}"),
    };
}

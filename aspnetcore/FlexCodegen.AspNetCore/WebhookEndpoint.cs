using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;
using FlexCodegen.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace FlexCodegen.AspNetCore;

/// <summary>
/// One endpoint that receives Twilio's requests for a payload type, in the order that keeps unsigned traffic cheap: the
/// signature header first (403 without reading the body), the body's size (413, read no further than the limit), the
/// body's form (400), the signature over the URL and the body (403), the payload (400), then the handler. Nothing that
/// a request carries makes this class throw: every refusal is an answer and a log event.
/// </summary>
internal sealed class WebhookEndpoint<T> where T : class, ITwilioJsonModel<T>
{
    private readonly TwilioWebhookOptions _options;
    private readonly string? _publicBase;
    private readonly ILogger _logger;
    private readonly string? _eventTypeField;
    private readonly string? _eventIdField;
    private readonly Func<T, TwilioWebhookContext, Task<IResult?>> _handle;

    public WebhookEndpoint(TwilioWebhookOptions options, ILogger logger, string? eventTypeField, string? eventIdField, Func<T, TwilioWebhookContext, Task<IResult?>> handle)
    {
        _options = options;
        _publicBase = options.PublicBaseUrl?.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped).TrimEnd('/');
        _logger = logger;
        _eventTypeField = eventTypeField;
        _eventIdField = eventIdField;
        _handle = handle;
    }

    public async Task InvokeAsync(HttpContext http)
    {
        var request = http.Request;
        string method = request.Method;
        string path = FormBody.Quote(request.Path.Value);

        if (request.Headers[TwilioSignature.HeaderName] is not { Count: 1 } header || string.IsNullOrEmpty(header[0]))
        {
            WebhookLog.SignatureMissing(_logger, method, path);
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }
        string signature = header[0]!;

        bool isForm;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType))
        {
            await Refuse(http, StatusCodes.Status400BadRequest, "the body is neither a form (application/x-www-form-urlencoded) nor JSON (application/json)");
            return;
        }
        if (contentType.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)) isForm = true;
        else if (contentType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)) isForm = false;
        else
        {
            await Refuse(http, StatusCodes.Status400BadRequest, "the body is neither a form (application/x-www-form-urlencoded) nor JSON (application/json)");
            return;
        }
        if (contentType.Charset.HasValue && !contentType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            await Refuse(http, StatusCodes.Status400BadRequest, "the body is not UTF-8 (its charset says another)");
            return;
        }

        if (request.ContentLength > _options.MaxBodyBytes)
        {
            await Refuse(http, StatusCodes.Status413PayloadTooLarge, $"the body is larger than {_options.MaxBodyBytes} bytes (TwilioWebhookOptions.MaxBodyBytes)");
            return;
        }

        byte[]? rented = null;
        try
        {
            int length;
            try
            {
                (rented, length) = await ReadBody(request, _options.MaxBodyBytes);
            }
            catch (BadHttpRequestException ex)
            {
                // The server's own limit or a broken chunked body: its status, not a 500.
                await Refuse(http, ex.StatusCode, "the body could not be read (" + FormBody.Quote(ex.Message) + ")");
                return;
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException && http.RequestAborted.IsCancellationRequested)
            {
                return; // the caller went away; there is no one to answer
            }
            if (length > _options.MaxBodyBytes)
            {
                await Refuse(http, StatusCodes.Status413PayloadTooLarge, $"the body is larger than {_options.MaxBodyBytes} bytes (TwilioWebhookOptions.MaxBodyBytes)");
                return;
            }
            var body = rented.AsMemory(0, length);
            string url = RequestUrl(http);

            List<KeyValuePair<string, string?>>? form = null;
            bool signed;
            if (isForm)
            {
                if (!FormBody.TryParse(body.Span, _options.MaxFormFields, out form, out string? problem))
                {
                    await Refuse(http, StatusCodes.Status400BadRequest, problem!);
                    return;
                }
                signed = TwilioSignature.IsValid(_options.AuthToken, url, form, signature);
            }
            else
            {
                signed = TwilioSignature.IsValidBody(_options.AuthToken, url, body.Span, signature);
            }
            if (!signed)
            {
                WebhookLog.SignatureMismatch(_logger, method, path, WithoutQuery(url));
                http.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }

            T payload;
            try
            {
                payload = form is not null ? TwilioPayload.FromForm<T>(form) : TwilioPayload.FromJson<T>(body.Span);
            }
            catch (JsonException ex)
            {
                await Refuse(http, StatusCodes.Status400BadRequest, "the payload could not be read as " + typeof(T).Name + " (" + FormBody.Quote(ex.Message) + ")");
                return;
            }

            // The handler may keep the context beyond the buffer's return: a JSON body is copied out of the pool.
            var json = form is null ? body.ToArray() : default(ReadOnlyMemory<byte>);
            var context = new TwilioWebhookContext(http, form, json, _eventTypeField, _eventIdField);
            WebhookLog.Received(_logger, path, FormBody.Quote(context.EventType), FormBody.Quote(context.EventId), FormBody.Quote(context.IdempotencyToken));
            ArrayPool<byte>.Shared.Return(rented);
            rented = null;

            var result = await _handle(payload, context);
            if (result is not null) await result.ExecuteAsync(http);
            else if (!http.Response.HasStarted && http.Response.StatusCode == StatusCodes.Status200OK) http.Response.StatusCode = StatusCodes.Status204NoContent;
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Answers a body it will not read with <paramref name="status"/> and a short plain-text reason, and logs it.</summary>
    private async Task Refuse(HttpContext http, int status, string reason)
    {
        WebhookLog.BodyRefused(_logger, http.Request.Method, FormBody.Quote(http.Request.Path.Value), status, reason);
        if (http.Response.HasStarted) return;
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/plain; charset=utf-8";
        await http.Response.WriteAsync(reason, http.RequestAborted);
    }

    /// <summary>
    /// Reads at most <paramref name="max"/> + 1 bytes into a pooled buffer (one more than allowed tells "too large" from
    /// "exactly the limit"); what is past them is never read.
    /// </summary>
    private static async Task<(byte[] Buffer, int Length)> ReadBody(HttpRequest request, int max)
    {
        int capacity = (int)Math.Min(request.ContentLength ?? 4096, max) + 1;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 256));
        int length = 0;
        try
        {
            while (length <= max)
            {
                if (length == buffer.Length)
                {
                    byte[] larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, max + 1L));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                int read = await request.Body.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, max + 1) - length), request.HttpContext.RequestAborted);
                if (read == 0) break;
                length += read;
            }
            return (buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>
    /// The URL Twilio called: the configured public base URL, or the request's scheme and host as ASP.NET Core sees them
    /// (after <c>UseForwardedHeaders</c>), then the request target exactly as received (path and query, escapes as sent).
    /// </summary>
    internal string RequestUrl(HttpContext http)
    {
        var request = http.Request;
        string? target = http.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(target) || target[0] != '/')
            target = request.PathBase.ToUriComponent() + request.Path.ToUriComponent() + request.QueryString.ToUriComponent();
        return (_publicBase ?? request.Scheme + "://" + request.Host.ToUriComponent()) + target;
    }

    private static string WithoutQuery(string url)
    {
        int question = url.IndexOf('?');
        return FormBody.Quote(question < 0 ? url : url.Substring(0, question), 200);
    }
}

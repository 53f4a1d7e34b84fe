using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json;

namespace FlexCodegen.Runtime;

internal static class ErrorReader
{
    /// <summary>Twilio's request ids are 34 characters; a longer header is cut rather than carried whole.</summary>
    private const int RequestIdLimit = 256;

    /// <summary>A string value as text; a string that is not valid UTF-16 (a lone surrogate) as its raw JSON, so reading never throws.</summary>
    private static string? Text(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String) return null;
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return value.GetRawText();
        }
    }

    public static TwilioApiException Create(HttpResponseMessage response, byte[] body, string operationId, string method, string path)
    {
        int? code = null;
        string? message = null, moreInfo = null;
        Dictionary<string, string>? details = null;
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in doc.RootElement.EnumerateObject())
                {
                    switch (p.Name)
                    {
                        case "code" when p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt32(out int c): code = c; break;
                        case "message": message = Text(p.Value) ?? message; break;
                        case "more_info": moreInfo = Text(p.Value) ?? moreInfo; break;
                        case "details" when p.Value.ValueKind == JsonValueKind.Object:
                            // Later keys win, as in the rest of the client's JSON: a duplicate key is not an error worth losing the answer for.
                            details = new Dictionary<string, string>(StringComparer.Ordinal);
                            foreach (var d in p.Value.EnumerateObject())
                                details[d.Name] = Text(d.Value) ?? d.Value.GetRawText();
                            break;
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not Twilio's error shape: the message below carries an excerpt instead.
        }

        string? requestId = response.Headers.TryGetValues("Twilio-Request-Id", out var values) ? values.FirstOrDefault() : null;
        if (requestId is { Length: > RequestIdLimit }) requestId = requestId.Substring(0, RequestIdLimit);
        int status = (int)response.StatusCode;
        // Numbers in messages are written with the invariant culture, whatever the application's culture.
        string twilioCode = code is int number ? ", Twilio error " + number.ToString(CultureInfo.InvariantCulture) : "";
        string text = message is not null
            ? string.Create(CultureInfo.InvariantCulture, $"{operationId}: {method} {path} failed with HTTP {status}{twilioCode}: {MessageText.Quote(message, 200)}{(moreInfo is null ? "" : $" (see {MessageText.Quote(moreInfo)})")}")
            : string.Create(CultureInfo.InvariantCulture, $"{operationId}: {method} {path} failed with HTTP {status} {MessageText.Quote(response.ReasonPhrase)}; the body is not Twilio's error JSON: {TwilioPipeline.Excerpt(body)}");
        if (requestId is not null) text += $" [Twilio-Request-Id {MessageText.Quote(requestId)}]";
        return new TwilioApiException(text, response.StatusCode, code, message, moreInfo, details, requestId, operationId);
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json;

namespace FlexCodegen.Runtime;

internal static class ErrorReader
{
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
                        case "message" when p.Value.ValueKind == JsonValueKind.String: message = p.Value.GetString(); break;
                        case "more_info" when p.Value.ValueKind == JsonValueKind.String: moreInfo = p.Value.GetString(); break;
                        case "details" when p.Value.ValueKind == JsonValueKind.Object:
                            details = p.Value.EnumerateObject().ToDictionary(d => d.Name, d => d.Value.ValueKind == JsonValueKind.String ? d.Value.GetString()! : d.Value.GetRawText(), StringComparer.Ordinal);
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
        int status = (int)response.StatusCode;
        // Numbers in messages are written with the invariant culture, whatever the application's culture.
        string twilioCode = code is int number ? ", Twilio error " + number.ToString(CultureInfo.InvariantCulture) : "";
        string text = message is not null
            ? string.Create(CultureInfo.InvariantCulture, $"{operationId}: {method} {path} failed with HTTP {status}{twilioCode}: {message}{(moreInfo is null ? "" : $" (see {moreInfo})")}")
            : string.Create(CultureInfo.InvariantCulture, $"{operationId}: {method} {path} failed with HTTP {status} {response.ReasonPhrase}; the body is not Twilio's error JSON: {TwilioPipeline.Excerpt(body)}");
        if (requestId is not null) text += $" [Twilio-Request-Id {requestId}]";
        return new TwilioApiException(text, response.StatusCode, code, message, moreInfo, details, requestId, operationId);
    }
}

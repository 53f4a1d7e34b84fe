using System;
using System.Globalization;
using System.Text;

namespace FlexCodegen.Client.Tests.Properties;

/// <summary>
/// Makes JSON (and almost-JSON) a hostile server could send: real field names with values of every wrong type,
/// duplicate keys, lone surrogates, numbers past every range, long strings, invalid URLs and ids, deep nesting, and
/// truncated text. Deterministic for a seed, so a failure in CI is replayed by its seed and case number.
/// </summary>
public sealed class HostileJson
{
    /// <summary>Field names of Twilio's answers, so values land in real fields, not only in unknown ones.</summary>
    private static readonly string[] Names =
    {
        "sid", "status", "type", "url", "links", "meta", "channels", "participants", "interactions", "flex_flows", "key",
        "page", "page_size", "next_page_url", "previous_page_url", "first_page_url", "code", "message", "more_info", "details",
        "routing", "properties", "channel", "interaction_sid", "date_created", "date_updated", "error_code", "error_message",
        "account_sid", "workspace_sid", "task_sid", "media_properties", "channel_configs", "integration", "enabled",
        "janitor_enabled", "priority", "timeout", "retry_count", "ui_version", "plugin_service_attributes", "", "Sid", "\u00e9",
    };

    private static readonly string[] Strings =
    {
        "", "KDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "UOaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1", "KD123", "KDzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz",
        "active", "closed", "brand-new-status", "http://[::1", "http://", "//evil.example/x", "\\\\host\\share", "javascript:alert(1)",
        "2024-02-30T25:61:61Z", "Mon, 16 Aug 2010 03:45:01 +0000", "not a date", "1e400", "-0", "NaN", "true",
        "\\ud800", "\\udc00x", "\\u0000", "\\n\\r\\u2028", "%0d%0aSet-Cookie: x", "../../etc/passwd",
    };

    private static readonly string[] Numbers =
    {
        "0", "-0", "1", "-1", "2147483648", "-2147483649", "9223372036854775808", "1e400", "-1e400", "1.5", "1e-400",
        "123456789012345678901234567890", "0.0000000000000000000000001", "4.9e-324",
    };

    private readonly Random _random;

    public HostileJson(int seed) => _random = new Random(seed);

    /// <summary>A whole body: usually an object, sometimes another value, sometimes cut short.</summary>
    public string Body()
    {
        var sb = new StringBuilder();
        if (_random.Next(10) < 8) Object(sb, 4);
        else Value(sb, 4);
        if (_random.Next(8) == 0 && sb.Length > 1) sb.Length = _random.Next(1, sb.Length); // truncated
        return sb.ToString();
    }

    /// <summary>An HTTP status a server might send with it.</summary>
    public int Status() => new[] { 200, 200, 200, 201, 204, 400, 401, 404, 409, 429, 500, 503 }[_random.Next(12)];

    /// <summary>A header value: empty, long, or odd.</summary>
    public string? HeaderValue() => _random.Next(4) switch
    {
        0 => null,
        1 => "RQ" + new string('r', _random.Next(0, 20_000)),
        2 => "\u00e9\u00e8",
        _ => Pick(Strings).Replace("\\", ""),
    };

    private void Value(StringBuilder sb, int depth)
    {
        switch (_random.Next(depth <= 0 ? 5 : 8))
        {
            case 0: sb.Append("null"); break;
            case 1: sb.Append(_random.Next(2) == 0 ? "true" : "false"); break;
            case 2: sb.Append(Pick(Numbers)); break;
            case 3: String(sb); break;
            case 4: String(sb); break;
            case 5: Object(sb, depth - 1); break;
            case 6: Array(sb, depth - 1); break;
            default: Object(sb, depth - 1); break;
        }
    }

    private void String(StringBuilder sb)
    {
        sb.Append('"');
        switch (_random.Next(6))
        {
            case 0: sb.Append(new string('x', _random.Next(0, 50_000))); break;
            case 1: sb.Append("a").Append(_random.Next().ToString(CultureInfo.InvariantCulture)); break;
            default: sb.Append(Pick(Strings)); break;
        }
        sb.Append('"');
    }

    private void Object(StringBuilder sb, int depth)
    {
        sb.Append('{');
        int count = _random.Next(0, 12);
        for (int i = 0; i < count; i++)
        {
            if (i > 0) sb.Append(',');
            string name = _random.Next(6) == 0 ? "x" + _random.Next(5).ToString(CultureInfo.InvariantCulture) : Pick(Names);
            sb.Append('"').Append(name).Append("\":");
            Value(sb, depth);
            if (_random.Next(10) == 0)
            {
                sb.Append(",\"").Append(name).Append("\":"); // the same key again
                Value(sb, depth);
            }
        }
        sb.Append('}');
    }

    private void Array(StringBuilder sb, int depth)
    {
        sb.Append('[');
        int count = _random.Next(0, 8) == 0 ? _random.Next(0, 3000) : _random.Next(0, 6);
        bool small = count > 100; // long arrays hold small values, so a body stays a few hundred kilobytes
        for (int i = 0; i < count; i++)
        {
            if (i > 0) sb.Append(',');
            if (small) sb.Append(_random.Next(3) == 0 ? "{}" : "1");
            else Value(sb, depth);
        }
        sb.Append(']');
    }

    private string Pick(string[] values) => values[_random.Next(values.Length)];

    /// <summary>Cases per property: small in CI, more when FLEXCODEGEN_PROPERTY_ITERATIONS says so.</summary>
    public static int Iterations(int ci) =>
        int.TryParse(Environment.GetEnvironmentVariable("FLEXCODEGEN_PROPERTY_ITERATIONS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : ci;

    /// <summary>The seed: fixed in CI, another one with FLEXCODEGEN_PROPERTY_SEED to explore.</summary>
    public static int Seed =>
        int.TryParse(Environment.GetEnvironmentVariable("FLEXCODEGEN_PROPERTY_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int s) ? s : 20261202;
}

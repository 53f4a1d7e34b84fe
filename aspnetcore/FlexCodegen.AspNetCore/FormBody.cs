using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace FlexCodegen.AspNetCore;

/// <summary>
/// A strict reader of an <c>application/x-www-form-urlencoded</c> body as Twilio sends it: UTF-8, <c>+</c> for a space,
/// <c>%XX</c> escapes. It refuses, with a reason, what Twilio never sends and a model could not hold without guessing:
/// broken escapes, bytes that are not UTF-8 once decoded (an encoded lone surrogate, <c>%ED%A0%80</c>), a name sent twice,
/// and more fields than the limit. Work and memory are bounded by the body: it stops at the first problem.
/// </summary>
internal static class FormBody
{
    public static bool TryParse(ReadOnlySpan<byte> body, int maxFields, out List<KeyValuePair<string, string?>> fields, out string? problem)
    {
        fields = new List<KeyValuePair<string, string?>>();
        problem = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        byte[] scratch = ArrayPool<byte>.Shared.Rent(Math.Max(16, Math.Min(body.Length, 64 * 1024)));
        try
        {
            while (body.Length > 0)
            {
                int amp = body.IndexOf((byte)'&');
                var segment = amp < 0 ? body : body.Slice(0, amp);
                body = amp < 0 ? default : body.Slice(amp + 1);
                if (segment.IsEmpty) continue; // "a=1&&b=2", a trailing '&'

                if (fields.Count == maxFields)
                {
                    problem = string.Create(CultureInfo.InvariantCulture, $"the form has more than {maxFields} fields");
                    return false;
                }
                int eq = segment.IndexOf((byte)'=');
                var rawName = eq < 0 ? segment : segment.Slice(0, eq);
                var rawValue = eq < 0 ? default : segment.Slice(eq + 1);
                if (!TryDecode(rawName, ref scratch, out string? name, out problem) || !TryDecode(rawValue, ref scratch, out string? value, out problem))
                    return false;
                if (!seen.Add(name!))
                {
                    problem = $"the field '{Quote(name!)}' is sent more than once";
                    return false;
                }
                fields.Add(new KeyValuePair<string, string?>(name!, value!));
            }
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private static bool TryDecode(ReadOnlySpan<byte> raw, ref byte[] scratch, out string? text, out string? problem)
    {
        text = null;
        problem = null;
        if (raw.Length > scratch.Length)
        {
            ArrayPool<byte>.Shared.Return(scratch);
            scratch = ArrayPool<byte>.Shared.Rent(raw.Length);
        }
        int length = 0;
        for (int i = 0; i < raw.Length; i++)
        {
            byte b = raw[i];
            if (b == (byte)'+')
            {
                scratch[length++] = (byte)' ';
            }
            else if (b == (byte)'%')
            {
                if (i + 2 >= raw.Length || !IsHex(raw[i + 1]) || !IsHex(raw[i + 2]))
                {
                    problem = string.Create(CultureInfo.InvariantCulture, $"a '%' is not followed by two hex digits (broken percent-encoding)");
                    return false;
                }
                scratch[length++] = (byte)(Hex(raw[i + 1]) << 4 | Hex(raw[i + 2]));
                i += 2;
            }
            else
            {
                scratch[length++] = b;
            }
        }
        var decoded = scratch.AsSpan(0, length);
        if (!Utf8.IsValid(decoded))
        {
            problem = "a field's name or value is not UTF-8 once decoded (an encoded lone surrogate such as %ED%A0%80, or a broken sequence)";
            return false;
        }
        text = Encoding.UTF8.GetString(decoded);
        return true;
    }

    private static bool IsHex(byte b) => b is (>= (byte)'0' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f') or (>= (byte)'A' and <= (byte)'F');

    private static int Hex(byte b) => b <= (byte)'9' ? b - '0' : (b | 0x20) - 'a' + 10;

    /// <summary>At most <paramref name="max"/> characters of a received text, for a message or a log, control characters shown as '?'.</summary>
    internal static string Quote(string? text, int max = 60)
    {
        if (text is null) return "";
        int length = Math.Min(text.Length, max);
        if (length < text.Length && char.IsHighSurrogate(text[length - 1])) length--; // never half a pair
        var quoted = new StringBuilder(length + 1);
        for (int i = 0; i < length; i++) quoted.Append(char.IsControl(text[i]) ? '?' : text[i]);
        if (length < text.Length) quoted.Append('…');
        return quoted.ToString();
    }
}

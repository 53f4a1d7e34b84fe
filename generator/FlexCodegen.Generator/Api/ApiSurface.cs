using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using FlexCodegen.Generator.Diagnostics;
using FlexCodegen.Generator.Model;
using Microsoft.CodeAnalysis.Text;

namespace FlexCodegen.Generator.Api;

/// <summary>
/// One element of the generated public surface, as one line of a lock file: <c>kind key</c> or <c>kind key : value</c>.
/// The key names the element in C# terms and never changes while the element exists; the value is what may change
/// (a field's type, and for a request field where it travels and the checks it must pass; an operation's method, path
/// and status; an id's pattern; the operation a request is for; whether a model is sent). <see cref="Pointer"/> is where
/// the spec declares it (for reports); it is not written to the lock.
/// </summary>
internal sealed record ApiEntry(string Kind, string Key, string? Value, string? Pointer = null)
{
    public string Line => Value is null ? Kind + " " + Key : Kind + " " + Key + " : " + Value;

    public string Identity => Kind + " " + Key;
}

/// <summary>
/// The public surface of a generated client as sorted text lines, the shape of PublicAPI.Shipped.txt: small, diffable,
/// reviewed in pull requests. Written by <c>flexcodegen api</c>, checked by every build against what it generates.
/// </summary>
internal static class ApiSurface
{
    public const string Sid = "sid", Enum = "enum", Model = "model", Request = "request", Operation = "operation", Event = "event";

    /// <summary>The value of a model's own line when a request can carry it: <c>model InteractionChannelSpec : sent</c>.</summary>
    public const string SentModel = "sent";

    /// <summary>The surface of one generated client, sorted ordinally by line.</summary>
    public static List<ApiEntry> From(ApiModel model)
    {
        var entries = new List<ApiEntry>();
        foreach (var sid in model.Sids)
            entries.Add(new ApiEntry(Sid, sid.TypeName, Quote(sid.Pattern)));

        foreach (var o in model.Objects)
        {
            // A model a request can carry is checked before it is sent: an enum value it loses can no longer be sent.
            entries.Add(new ApiEntry(Model, o.TypeName, o.Sent ? SentModel : null));
            foreach (var p in o.Properties)
            {
                entries.Add(new ApiEntry(Model, o.TypeName + "." + p.Name, TypeText(p.Type, nullable: true), p.Pointer));
            }
        }
        // The operation each request is for, so a report can tell a field that moved into its operation's path.
        var operationOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var resource in model.Resources)
            foreach (var op in resource.Operations)
                if (op.RequestType is { } requestType && !operationOf.ContainsKey(requestType))
                    operationOf[requestType] = resource.ClassName + "." + op.MethodName;
        foreach (var r in model.Requests)
        {
            entries.Add(new ApiEntry(Request, r.TypeName, operationOf.TryGetValue(r.TypeName, out var operation) ? operation : null));
            foreach (var f in r.Fields)
            {
                entries.Add(new ApiEntry(Request, r.TypeName + "." + f.Field.Name, RequestFieldFacts.Of(f, TypeText(f.Field.Type, nullable: !f.Field.Required)).Text, f.Field.Pointer));
            }
        }
        foreach (var e in model.Enums)
        {
            entries.Add(new ApiEntry(Enum, e.TypeName, null, e.Pointer));
            foreach (var m in e.Members)
                entries.Add(new ApiEntry(Enum, e.TypeName + " value " + Quote(m.WireValue), null, e.Pointer));
        }
        foreach (var catalogue in model.EventTypes)
            foreach (var m in catalogue.Members)
                entries.Add(new ApiEntry(Event, catalogue.TypeName + "." + m.Name, Quote(m.WireValue), catalogue.Pointer));
        foreach (var resource in model.Resources)
            foreach (var op in resource.Operations)
                entries.Add(new ApiEntry(Operation, resource.ClassName + "." + op.MethodName,
                    op.HttpMethod + " " + Clean(op.SpecPath) + " -> " + (op.SuccessStatus.Length == 0 ? "none" : op.SuccessStatus),
                    "#/paths/" + JsonPointer.Escape(op.SpecPath) + "/" + op.HttpMethod.ToLowerInvariant()));

        return entries.GroupBy(e => e.Identity, StringComparer.Ordinal).Select(g => g.First())
            .OrderBy(e => e.Line, StringComparer.Ordinal).ToList();
    }

    /// <summary>The lock file's text: a header comment, then one line per element.</summary>
    public static string Text(IEnumerable<ApiEntry> entries, string specName)
    {
        var sb = new StringBuilder();
        sb.Append("# FlexCodegen API lock for ").Append(Clean(specName)).Append(": the generated public surface, one element a line.\n");
        sb.Append("# Each build compares what it generates with this file (FLXG201-FLXG204). Refresh: flexcodegen api <spec> > <this file>, or dotnet build -t:FlexCodegenWriteApiLocks\n");
        foreach (var e in entries) sb.Append(e.Line).Append('\n');
        return sb.ToString();
    }

    /// <summary>Reads a lock file's lines: each element with its 0-based line; <paramref name="unreadable"/> gets the lines that are not elements.</summary>
    public static List<(ApiEntry Entry, int Line)> Parse(TextLineCollection lines, List<(int Line, string Text)> unreadable)
    {
        var result = new List<(ApiEntry, int)>();
        for (int i = 0; i < lines.Count; i++)
        {
            string line = lines[i].ToString().TrimEnd();
            if (line.Length == 0 || line.StartsWith("#", StringComparison.Ordinal)) continue;
            int space = line.IndexOf(' ');
            string kind = space < 0 ? "" : line.Substring(0, space);
            if (kind is not (Sid or Enum or Model or Request or Operation or Event))
            {
                unreadable.Add((i, line));
                continue;
            }
            string rest = line.Substring(space + 1);
            // The key never contains " : " (enum wire values are JSON-quoted, so a colon in one is inside quotes).
            int colon = kind == Enum ? -1 : rest.IndexOf(" : ", StringComparison.Ordinal);
            result.Add((colon < 0 ? new ApiEntry(kind, rest, null) : new ApiEntry(kind, rest.Substring(0, colon), rest.Substring(colon + 3)), i));
        }
        return result;
    }

    /// <summary>A C# type as a reader writes it: <c>IReadOnlyList&lt;InteractionChannel&gt;?</c>, without <c>global::</c> namespaces.</summary>
    internal static string TypeText(TypeRef type, bool nullable)
    {
        // Each global::A.B.C becomes C (a loop, not a regular expression: a build that checks a lock pays no Regex start-up).
        string name = Emit.TypeNames.Name(type);
        var text = new StringBuilder(name.Length);
        for (int i = 0; i < name.Length; )
        {
            if (string.CompareOrdinal(name, i, "global::", 0, 8) != 0) { text.Append(name[i++]); continue; }
            int start = i += 8;
            for (int j = i; j < name.Length && (Microsoft.CodeAnalysis.CSharp.SyntaxFacts.IsIdentifierPartCharacter(name[j]) || name[j] == '.'); j++)
                if (name[j] == '.') start = j + 1;
            i = start;
        }
        return text.Append(nullable ? "?" : "").ToString();
    }

    /// <summary>A spec string as JSON, so any character (a line break, a quote, a colon) stays on its line and reads back.</summary>
    internal static string Quote(string value)
    {
        var sb = new StringBuilder("\"");
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                default:
                    if (c < ' ' || c is '\u0085' or '\u2028' or '\u2029') sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    internal static string Clean(string text) => new(text.Select(c => c < ' ' || c is '\u0085' or '\u2028' or '\u2029' ? ' ' : c).ToArray());
}

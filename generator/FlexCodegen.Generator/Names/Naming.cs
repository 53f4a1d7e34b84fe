using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace FlexCodegen.Generator.Names;

/// <summary>Turns spec names (<c>interaction_channel</c>, <c>in-progress</c>, <c>Notifications.NewMessage.Enabled</c>) into C# names.</summary>
internal static class Naming
{
    /// <summary>Words of a name, split at separators and at lower-to-upper case changes.</summary>
    public static List<string> Words(string name)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (!char.IsLetterOrDigit(c))
            {
                Flush();
                continue;
            }
            if (current.Length > 0 && char.IsUpper(c) && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1]))))
                Flush();
            current.Append(c);
        }
        Flush();
        return words;

        void Flush()
        {
            if (current.Length > 0) words.Add(current.ToString());
            current.Clear();
        }
    }

    public static string Pascal(string name) => Pascal(Words(name));

    public static string Pascal(IEnumerable<string> words)
    {
        var sb = new StringBuilder();
        foreach (var w in words)
        {
            if (w.Length == 0) continue;
            sb.Append(char.ToUpperInvariant(w[0]));
            // An all-caps word is written as a word (SMS → Sms, ID → Id), as .NET's naming guidelines ask; mixed case is kept (WhatsApp).
            sb.Append(w.Substring(1).ToLowerInvariant() == w.Substring(1) || w.All(char.IsUpper) ? w.Substring(1).ToLowerInvariant() : w.Substring(1));
        }
        return sb.ToString();
    }

    /// <summary>
    /// A parameter's member name. Twilio's range filters end in <c>&lt;</c> or <c>&gt;</c> (<c>EndTime&lt;</c>): they
    /// become <c>EndTimeBefore</c> and <c>EndTimeAfter</c>, as Twilio's own libraries name them.
    /// </summary>
    public static string MemberName(string specName)
    {
        string trimmed = specName.TrimEnd();
        if (trimmed.EndsWith("<", StringComparison.Ordinal)) return Pascal(trimmed.TrimEnd('<')) + "Before";
        if (trimmed.EndsWith(">", StringComparison.Ordinal)) return Pascal(trimmed.TrimEnd('>')) + "After";
        return Pascal(specName);
    }

    /// <summary><c>InteractionChannel</c> → <c>interaction channel</c>, for sentences in docs.</summary>
    public static string Humanize(string name) => string.Join(" ", Words(name).Select(w => w.All(char.IsUpper) && w.Length > 1 ? w : w.ToLowerInvariant()));

    /// <summary>The phrase with its article: <c>an interaction channel</c>, <c>a task</c>, <c>an InteractionSid</c>, <c>a UserSid</c>.</summary>
    public static string WithArticle(string phrase) => Article(phrase) + " " + phrase;

    /// <summary>The article a phrase takes by its sound (the runtime's own rule, so docs and run-time messages agree).</summary>
    public static string Article(string phrase) => FlexCodegen.Runtime.EnglishArticle.For(phrase);

    public static string Camel(string pascal) => pascal.Length == 0 ? pascal : char.ToLowerInvariant(pascal[0]) + pascal.Substring(1);

    /// <summary>A usable identifier from letters and digits: a leading digit gets <paramref name="prefixForDigit"/>, a keyword gets <c>@</c>.</summary>
    public static string Identifier(string candidate, string prefixForDigit = "Value")
    {
        if (candidate.Length == 0) return prefixForDigit;
        if (char.IsDigit(candidate[0])) candidate = prefixForDigit + candidate;
        return SyntaxFacts.GetKeywordKind(candidate) != SyntaxKind.None ? "@" + candidate : candidate;
    }

    /// <summary>
    /// True when <paramref name="name"/> can name a type or namespace the generated code uses: a C# identifier as it is (no
    /// <c>@</c>), neither a keyword nor a contextual one (a type named <c>var</c>, <c>dynamic</c> or <c>nint</c> would change
    /// what every <c>var</c> in the generated code means).
    /// </summary>
    public static bool IsIdentifier(string name) =>
        SyntaxFacts.IsValidIdentifier(name) && SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None && SyntaxFacts.GetContextualKeywordKind(name) == SyntaxKind.None
        && !TypeLikeNames.Contains(name);

    /// <summary>Names the compiler gives a type's meaning to without their being keywords.</summary>
    private static readonly HashSet<string> TypeLikeNames = new(StringComparer.Ordinal) { "var", "dynamic", "nint", "nuint", "_" };

    public static string CamelParameter(string pascal)
    {
        string camel = Camel(pascal);
        return SyntaxFacts.GetKeywordKind(camel) != SyntaxKind.None ? "@" + camel : camel;
    }

    /// <summary>
    /// <c>interaction_channel_enum_channel_status</c> → <c>InteractionChannelStatus</c>: resource words, then field words,
    /// with a word repeated at the junction said once.
    /// </summary>
    public static string EnumName(string resource, string field)
    {
        var r = Words(resource);
        var f = Words(field);
        if (r.Count > 0 && f.Count > 0 && string.Equals(r[r.Count - 1], f[0], StringComparison.OrdinalIgnoreCase))
            f.RemoveAt(0);
        return Pascal(r.Concat(f));
    }

    /// <summary>The last dotted segment of a Twilio schema name: <c>flex.v1.interaction.interaction_channel</c> → <c>InteractionChannel</c>.</summary>
    public static string SchemaTypeName(string schemaName)
    {
        int dot = schemaName.LastIndexOf('.');
        return Identifier(Pascal(dot >= 0 ? schemaName.Substring(dot + 1) : schemaName), "Type");
    }
}

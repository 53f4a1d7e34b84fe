using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using FlexCodegen.Generator.Model;
using FlexCodegen.Generator.Names;

namespace FlexCodegen.Generator.Emit;

/// <summary>
/// The checks a value must pass before it is sent: required, ids not <c>default</c>, enum values not empty, lengths,
/// ranges, patterns, nested typed objects, and <c>x-rules</c>. Shared by request builders and typed objects.
/// </summary>
internal static class CheckEmitter
{
    private const string Runtime = TypeNames.Runtime;

    /// <summary>Static regex fields for the string patterns, one per property, named after it (<see cref="PatternField"/>).</summary>
    public static void PatternFields(SourceWriter w, IEnumerable<PropertyModel> properties)
    {
        foreach (var p in properties)
            if (p.Constraints.Pattern is string pattern)
                w.Line($"private static readonly global::System.Text.RegularExpressions.Regex {PatternField(p)} = {Runtime}.SpecPattern.Create({SourceWriter.Literal(pattern)});");
    }

    private static string PatternField(PropertyModel p) => "s_" + Naming.Camel(p.Name) + "Pattern";

    /// <summary>
    /// Checks of one property. <paramref name="value"/> is the C# expression holding it (nullable);
    /// <paramref name="name"/> the C# expression naming it in messages.
    /// </summary>
    public static void Checks(SourceWriter w, PropertyModel p, string value, string name)
    {
        if (p.Required) w.Line($"if ({value} is null) check.Required({name});");
        bool isArray = p.Type.Kind == ValueKind.Array;
        var type = isArray ? p.Type.Item! : p.Type;
        string each = isArray ? $"if ({value} is not null) for (int i = 0; i < {value}.Count; i++) " : "";
        string subject = isArray ? $"{value}[i]" : value;
        string itemName = isArray ? $"{name} + \"[\" + i.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \"]\"" : name;
        switch (type.Kind)
        {
            case ValueKind.Sid:
                string sid = type.Name!;
                w.Line($"{each}if ({subject} is {{ IsEmpty: true }}) check.DefaultSid({itemName}, {SourceWriter.Literal(sid)}, {type.FullyQualifiedName}.ExpectedForm);");
                break;
            case ValueKind.Enum:
                // A value the spec does not list is sent as given (Twilio may have added it); only an empty one, which
                // names no value, is refused. An empty value the spec itself lists is known, so it passes.
                w.Line($"{each}if ({subject} is {{ IsKnown: false }} bad{p.Name} && bad{p.Name}.ToString().Length == 0) check.EmptyEnum({itemName}, {type.FullyQualifiedName}.KnownValues);");
                break;
            case ValueKind.Object:
                w.Line($"{each}{subject}?.Validate(check, {itemName});");
                break;
            case ValueKind.String:
                var c = p.Constraints;
                if (c.MinLength is not null || c.MaxLength is not null)
                    w.Line($"{each}check.Length({itemName}, {subject}, {Int(c.MinLength)}, {Int(c.MaxLength)});");
                if (c.Pattern is not null)
                    w.Line($"{each}check.Pattern({itemName}, {subject}, {PatternField(p)});");
                break;
            case ValueKind.Int32 or ValueKind.Int64 or ValueKind.Double:
                string? min = Number(p.Constraints.Minimum), max = Number(p.Constraints.Maximum);
                if (min is not null || max is not null)
                    w.Line($"{each}check.Range({itemName}, {subject}, {min ?? "null"}, {max ?? "null"});");
                break;
        }
    }

    /// <summary>
    /// A documented rule: when every "if" predicate holds, each "then" predicate that fails is reported with the rule's text.
    /// <paramref name="root"/> maps the first member of a path (a request field) to its C# expression.
    /// </summary>
    public static void Rule(SourceWriter w, RuleModel rule, System.Func<string, string> root)
    {
        w.Comment("Rule: " + rule.Text);
        string condition = rule.When.Count == 0 ? "true" : string.Join(" && ", rule.When.Select(p => Predicate(p, Access(p.Members, root(p.Members[0]), 1))));
        w.Open($"if ({condition})");
        string broken = SourceWriter.Literal("breaks the rule \"" + rule.Text + "\"");
        foreach (var then in rule.Then)
        {
            if (then.ItemAt < 0)
            {
                string access = Access(then.Members, root(then.Members[0]), 1);
                w.Line($"if ({Predicate(then, access, negate: true)}) check.Add({SourceWriter.Literal(then.Path)}, {broken}, {Actual(then, access)});");
                continue;
            }
            // Each item of the array must hold; a failure names the item: Channel.participants[0].proxy_address.
            string items = Access(then.Members.Take(then.ItemAt).ToList(), root(then.Members[0]), 1);
            string item = Access(then.Members, "item", then.ItemAt);
            int star = then.Path.IndexOf("[*]", System.StringComparison.Ordinal);
            string path = $"{SourceWriter.Literal(then.Path.Substring(0, star + 1))} + i.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + {SourceWriter.Literal(then.Path.Substring(star + 2))}";
            w.Block();
            w.Line($"var items = {items};");
            w.Open("for (int i = 0; i < (items?.Count ?? 0); i++)");
            w.Line("var item = items![i];");
            w.Line($"if ({Predicate(then, item, negate: true)}) check.Add({path}, {broken}, {Actual(then, item)});");
            w.Close();
            w.Close();
        }
        w.Close();
    }

    private static string Actual(RulePredicate p, string access) =>
        p.Leaf is ValueKind.Object or ValueKind.Array or ValueKind.Json ? "null" : access + "?.ToString()";

    /// <summary>The expression reaching <paramref name="members"/> from <paramref name="first"/>, starting at member <paramref name="skip"/>.</summary>
    private static string Access(IEnumerable<string> members, string first, int skip) =>
        first + string.Concat(members.Skip(skip).Select(m => "?." + m));

    /// <summary>
    /// A condition that holds when the predicate does (or, with <paramref name="negate"/>, when it fails), written as a
    /// person would write it: <c>x is null</c>, not <c>!(x is not null)</c>. Safe to join with <c>&amp;&amp;</c>.
    /// </summary>
    private static string Predicate(RulePredicate p, string access, bool negate = false)
    {
        if (p.OneOf.Count > 0)
        {
            var values = p.Leaf == ValueKind.Boolean
                ? p.OneOf.Select(v => v == "true" ? "true" : "false").Distinct().ToList()
                : p.OneOf.Select(SourceWriter.Literal).ToList();
            string subject = p.Leaf == ValueKind.Boolean ? access : access + "?.ToString()";
            string pattern = string.Join(" or ", values);
            return negate
                ? $"{subject} is not {(values.Count > 1 ? "(" + pattern + ")" : pattern)}"
                : $"{subject} is {pattern}";
        }
        bool wantPresent = (p.Present != false) != negate;
        return p.Leaf switch
        {
            ValueKind.String => wantPresent ? $"!string.IsNullOrEmpty({access})" : $"string.IsNullOrEmpty({access})",
            ValueKind.Array => wantPresent ? $"({access}?.Count ?? 0) > 0" : $"({access}?.Count ?? 0) == 0",
            ValueKind.Sid => wantPresent ? $"{access} is {{ IsEmpty: false }}" : $"{access} is not {{ IsEmpty: false }}",
            _ => wantPresent ? $"{access} is not null" : $"{access} is null",
        };
    }

    private static string Int(int? value) => value is int i ? i.ToString(CultureInfo.InvariantCulture) : "null";

    // The parser keeps only finite numbers, already in round-trip form.
    private static string? Number(string? text) =>
        text is not null && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && !double.IsInfinity(d) && !double.IsNaN(d) ? d.ToString("R", CultureInfo.InvariantCulture) + "d" : null;
}

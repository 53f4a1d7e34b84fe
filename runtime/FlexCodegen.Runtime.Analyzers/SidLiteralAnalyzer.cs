using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using static FlexCodegen.Runtime.Analyzers.IdDiagnostics;

namespace FlexCodegen.Runtime.Analyzers;

/// <summary>
/// Checks a compile-time constant passed to a generated id's <c>Parse</c> or <c>TryParse</c> against the id's form:
/// FLXG301 when it is no such id, FLXG302 when it is another generated id type's (the code fix parses it as that type),
/// FLXG303 when <c>TryParse</c> of a constant always gives the same answer.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SidLiteralAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property of FLXG302: the metadata names of the types the constant is an id of, separated by ';'.</summary>
    internal const string OtherTypesKey = "FlexCodegen.OtherTypes";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(InvalidSidLiteral, SidOfAnotherType, ConstantTryParse);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            // Without the runtime there are no generated ids: nothing is registered, and the build pays nothing.
            if (!start.Compilation.ReferencedAssemblyNames.Any(n => n.Name == SidForms.RuntimeAssembly)) return;
            var forms = new SidForms(start.Compilation);
            start.RegisterOperationAction(c => Analyze(c, forms), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, SidForms forms)
    {
        try
        {
            AnalyzeInvocation(context, forms);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // An analyzer that throws is warning AD0001, which breaks a TreatWarningsAsErrors build: stay silent instead.
        }
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, SidForms forms)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        bool tryParse = method.Name == "TryParse";
        if (!tryParse && method.Name != "Parse") return; // the cheap check first: most invocations end here
        if (!method.IsStatic || method.ContainingType is not { TypeKind: TypeKind.Struct } type) return;
        if (tryParse ? method.ReturnType.SpecialType != SpecialType.System_Boolean : !SymbolEqualityComparer.Default.Equals(method.ReturnType, type)) return;
        if (forms.Get(type) is not SidForm form) return;

        // By parameter, not position: named arguments may come in any order.
        var argument = invocation.Arguments.FirstOrDefault(a => a.Parameter is { Ordinal: 0 });
        if (argument?.Parameter is null || !IsText(argument.Parameter.Type)) return;
        if (!TryGetConstant(argument.Value, out string? text)) return;

        bool valid = text is not null && form.Matches(text);
        // At the argument as written (`null!` included, `value:` not).
        var location = (argument.Value.Syntax.FirstAncestorOrSelf<ArgumentSyntax>() is { } written && invocation.Syntax.Span.Contains(written.Span) ? written.Expression : argument.Value.Syntax).GetLocation();
        string shown = Show(text);
        var others = text is null || valid ? ImmutableArray<SidForm>.Empty : OthersMatching(forms, type, text);

        if (tryParse)
        {
            string outcome = valid ? "succeeds: it is a valid " + type.Name + ", so Parse says the same without a branch that never runs"
                : "fails: " + (others.IsEmpty ? "expected " + form.ExpectedForm : "this is " + WithArticle(Name(others[0].Type, type)));
            context.ReportDiagnostic(Diagnostic.Create(ConstantTryParse, location, type.Name, shown, outcome));
            return;
        }
        if (valid) return;
        if (others.IsEmpty)
        {
            context.ReportDiagnostic(Diagnostic.Create(InvalidSidLiteral, location, shown, type.Name, form.ExpectedForm));
            return;
        }
        string names = Name(others[0].Type, type) + (others.Length > 1 ? " (or " + string.Join(", ", others.Skip(1).Select(o => Name(o.Type, type))) + ")" : "");
        var properties = ImmutableDictionary<string, string?>.Empty.Add(OtherTypesKey, string.Join(";", others.Select(o => MetadataName(o.Type))));
        context.ReportDiagnostic(Diagnostic.Create(SidOfAnotherType, location, properties,
            shown, WithArticle(type.Name), WithArticle(names), Name(others[0].Type, type)));
    }

    /// <summary>The phrase with its article, by the runtime's rule ("an InteractionSid", "a TaskSid").</summary>
    private static string WithArticle(string phrase) => FlexCodegen.Runtime.EnglishArticle.For(phrase) + " " + phrase;

    private static bool IsText(ITypeSymbol type) =>
        type.SpecialType == SpecialType.System_String
        || type is INamedTypeSymbol { Name: "ReadOnlySpan", Arity: 1 } span && span.ContainingNamespace?.ToDisplayString() == "System"
           && span.TypeArguments[0].SpecialType == SpecialType.System_Char;

    /// <summary>The constant text of an argument: a literal, a <c>const</c>, a constant interpolation or concatenation, <c>null</c>, or one of those converted to a span.</summary>
    private static bool TryGetConstant(IOperation value, out string? text)
    {
        text = null;
        for (int depth = 0; depth < 8; depth++)
        {
            var constant = value.ConstantValue;
            if (constant.HasValue)
            {
                if (constant.Value is not (null or string)) return false;
                text = (string?)constant.Value;
                return true;
            }
            // "KD…" handed to a ReadOnlySpan<char> parameter: the conversion is not constant, its operand is.
            if (value is not IConversionOperation conversion || conversion.Operand.Type is { SpecialType: not SpecialType.System_String }) return false;
            value = conversion.Operand;
        }
        return false;
    }

    /// <summary>Generated id types (other than <paramref name="type"/>) that accept <paramref name="text"/>: those in the same namespace first.</summary>
    private static ImmutableArray<SidForm> OthersMatching(SidForms forms, INamedTypeSymbol type, string text) =>
        forms.All.Where(f => !SymbolEqualityComparer.Default.Equals(f.Type, type) && f.Matches(text))
            .OrderBy(f => SymbolEqualityComparer.Default.Equals(f.Type.ContainingNamespace, type.ContainingNamespace) ? 0 : 1)
            .ThenBy(f => MetadataName(f.Type), StringComparer.Ordinal)
            .ToImmutableArray();

    /// <summary>The short name beside its own kind, the full name for another client's id.</summary>
    private static string Name(INamedTypeSymbol other, INamedTypeSymbol beside) =>
        SymbolEqualityComparer.Default.Equals(other.ContainingNamespace, beside.ContainingNamespace) ? other.Name : MetadataName(other);

    internal static string MetadataName(INamedTypeSymbol type) =>
        type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + type.MetadataName : type.MetadataName;

    /// <summary>The constant as C# would write it, at most 60 characters, control characters escaped: it is quoted in a one-line message.</summary>
    private static string Show(string? text)
    {
        if (text is null) return "null";
        int shown = text.Length > 60 ? (char.IsHighSurrogate(text[59]) ? 59 : 60) : text.Length; // never half a character
        var sb = new StringBuilder("\"");
        foreach (char c in text.Substring(0, shown))
        {
            if (c == '"' || c == '\\') sb.Append('\\').Append(c);
            else if (c < ' ' || c is '\u0085' or '\u2028' or '\u2029' or '\u007f') sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            else sb.Append(c);
        }
        sb.Append(shown < text.Length ? "\"…" : "\"");
        return sb.ToString();
    }
}

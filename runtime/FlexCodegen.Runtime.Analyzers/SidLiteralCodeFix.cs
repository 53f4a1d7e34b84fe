using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace FlexCodegen.Runtime.Analyzers;

/// <summary>
/// FLXG302's fix: <c>InteractionSid.Parse("UO…")</c> becomes <c>InteractionChannelSid.Parse("UO…")</c>, and the local,
/// field or property the call initializes, if it is declared as the old type (<c>InteractionSid id = …</c>), is declared
/// as the new one; one of several variables declared together is split off into a declaration of its own. Where the
/// result would still not compile (the value is an argument, a return value, a branch of <c>?:</c>, a parameter's
/// default, or a variable used as the old type later on), the fix is not offered: the constant is wrong there, or the code around it, and only the user
/// knows which. Only the IDE loads this type; the compiler never does, so the Workspaces assembly it needs is never asked
/// of a command-line build.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SidLiteralCodeFix))]
public sealed class SidLiteralCodeFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(IdDiagnostics.SidOfAnotherType.Id);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(SidLiteralAnalyzer.OtherTypesKey, out string? names) || names is null) continue;
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (node.FirstAncestorOrSelf<ArgumentSyntax>()?.Parent?.Parent is not InvocationExpressionSyntax invocation) continue;
            if (invocation.Expression is not (MemberAccessExpressionSyntax or IdentifierNameSyntax)) continue;
            foreach (string name in names.Split(';'))
            {
                if (model.Compilation.GetTypeByMetadataName(name) is not INamedTypeSymbol target) continue;
                // Made now, not when chosen: a fix is offered only if what it makes compiles.
                var fixedDocument = await RetargetAsync(context.Document, root, model, invocation, target, context.CancellationToken).ConfigureAwait(false);
                if (fixedDocument is null) continue;
                string shown = target.ToMinimalDisplayString(model, invocation.SpanStart);
                context.RegisterCodeFix(
                    CodeAction.Create("Parse as " + shown, _ => Task.FromResult(fixedDocument), equivalenceKey: "FLXG302:" + name),
                    diagnostic);
            }
        }
    }

    /// <summary>The document with the call parsing as <paramref name="target"/>; null when no such edit compiles where it is made.</summary>
    private static async Task<Document?> RetargetAsync(Document document, SyntaxNode root, SemanticModel model, InvocationExpressionSyntax invocation, INamedTypeSymbol target, CancellationToken cancellationToken)
    {
        if ((model.GetSymbolInfo(invocation, cancellationToken).Symbol as IMethodSymbol)?.ContainingType is not INamedTypeSymbol old) return null;
        // A call that is itself an error (a parameter's default or an attribute's argument, which must be constants) stays
        // one whatever it parses as: changing the type would only hide the next error.
        if (model.GetDiagnostics(invocation.Span, cancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error)) return null;
        var type = SyntaxFactory.ParseTypeName(target.ToMinimalDisplayString(model, invocation.SpanStart));
        var call = Retarget(invocation, type);
        if (call is null) return null;

        // The declaration the value initializes follows the call, when it states the old type (or its nullable form).
        SyntaxNode replaced = invocation;
        IReadOnlyList<SyntaxNode> replacements = new[] { call };
        SyntaxNode? scope = Member(invocation);
        switch (invocation.Parent)
        {
            case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } when declarator.Parent is VariableDeclarationSyntax declaration
                && Declared(model, declaration.Type, old, type, cancellationToken) is TypeSyntax declared:
                if (declaration.Parent is FieldDeclarationSyntax field) scope = field.Parent; // its uses in the rest of the type count too
                if (declaration.Variables.Count == 1)
                {
                    replaced = declaration;
                    replacements = new[] { declaration.ReplaceNode(invocation, call).WithType(declared.WithTriviaFrom(declaration.Type)) };
                }
                else if (declaration.Parent is FieldDeclarationSyntax or LocalDeclarationStatementSyntax { Parent: BlockSyntax or SwitchSectionSyntax })
                {
                    replaced = declaration.Parent;
                    replacements = Split(declaration.Parent, declaration, declarator, invocation, call, declared, root);
                }
                else if (declaration.Parent is LocalDeclarationStatementSyntax { Parent: GlobalStatementSyntax global } local)
                {
                    replaced = global;
                    replacements = Split(local, declaration, declarator, invocation, call, declared, root).Select(s => (SyntaxNode)global.WithStatement((StatementSyntax)s)).ToList();
                }
                else
                {
                    return null; // `for (InteractionSid a = …, b = …; …)`: nowhere to put a second declaration
                }
                break;
            case EqualsValueClauseSyntax { Parent: PropertyDeclarationSyntax property }
                when Declared(model, property.Type, old, type, cancellationToken) is TypeSyntax declared:
                replaced = property;
                replacements = new[] { property.ReplaceNode(invocation, call).WithType(declared.WithTriviaFrom(property.Type)) };
                scope = property.Parent;
                break;
        }

        var fixedRoot = replacements.Count == 1 ? root.ReplaceNode(replaced, replacements[0]) : root.ReplaceNode(replaced, replacements);
        var fixedDocument = document.WithSyntaxRoot(fixedRoot);
        var fixedModel = await fixedDocument.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (fixedModel is null) return null;

        // Every edit lies inside the scope, which starts where it did and ends as much later as the text grew.
        var span = (scope ?? root).Span;
        var fixedSpan = TextSpan.FromBounds(span.Start, span.End + fixedRoot.FullSpan.Length - root.FullSpan.Length);
        var before = Errors(model, span, cancellationToken);
        foreach (var error in Errors(fixedModel, fixedSpan, cancellationToken))
        {
            if (!before.TryGetValue(error.Key, out int count) || count < error.Value) return null;
        }
        return fixedDocument;
    }

    /// <summary>The invocation naming <paramref name="type"/> instead of the type it named.</summary>
    private static InvocationExpressionSyntax? Retarget(InvocationExpressionSyntax invocation, TypeSyntax type) => invocation.Expression switch
    {
        MemberAccessExpressionSyntax access => invocation.ReplaceNode(access.Expression, type.WithTriviaFrom(access.Expression)),
        // Parse("…") inside the id type itself, or under `using static`
        IdentifierNameSyntax name => invocation.ReplaceNode(name, SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, type, name.WithoutTrivia()).WithTriviaFrom(name)),
        _ => null,
    };

    /// <summary>The new declared type, when <paramref name="written"/> states the old one or its nullable form; otherwise null.</summary>
    private static TypeSyntax? Declared(SemanticModel model, TypeSyntax written, INamedTypeSymbol old, TypeSyntax type, CancellationToken cancellationToken)
    {
        if (written.IsVar) return null;
        var declared = model.GetTypeInfo(written, cancellationToken).Type;
        if (SymbolEqualityComparer.Default.Equals(declared, old)) return type;
        if (declared is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable && SymbolEqualityComparer.Default.Equals(nullable.TypeArguments[0], old))
            return SyntaxFactory.NullableType(type);
        return null;
    }

    /// <summary>
    /// The local declaration or field (<paramref name="whole"/>) with <paramref name="declarator"/> declared on its own as
    /// <paramref name="declared"/>: the variables before it and after it keep the old type in declarations of their own,
    /// in the same order (a later one may use an earlier one), each with the modifiers and attributes of the whole.
    /// </summary>
    private static IReadOnlyList<SyntaxNode> Split(SyntaxNode whole, VariableDeclarationSyntax declaration, VariableDeclaratorSyntax declarator,
        InvocationExpressionSyntax invocation, InvocationExpressionSyntax call, TypeSyntax declared, SyntaxNode root)
    {
        var variables = declaration.Variables;
        int index = variables.IndexOf(declarator);
        var groups = new List<(int Start, int Count, TypeSyntax Type)>(3);
        if (index > 0) groups.Add((0, index, declaration.Type));
        groups.Add((index, 1, declared.WithTriviaFrom(declaration.Type)));
        if (index < variables.Count - 1) groups.Add((index + 1, variables.Count - index - 1, declaration.Type));

        var leading = whole.GetLeadingTrivia();
        // The lines after the first start as the declaration's own line does: its indentation, not its comments.
        var indentation = SyntaxFactory.TriviaList(leading.Reverse().TakeWhile(t => !t.IsKind(SyntaxKind.EndOfLineTrivia)).Reverse());
        var endOfLine = whole.GetTrailingTrivia().Concat(root.DescendantTrivia()).FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        var lineEnd = endOfLine.IsKind(SyntaxKind.EndOfLineTrivia) ? SyntaxFactory.TriviaList(endOfLine) : SyntaxFactory.TriviaList(SyntaxFactory.ElasticCarriageReturnLineFeed);

        var parts = new List<SyntaxNode>(groups.Count);
        for (int g = 0; g < groups.Count; g++)
        {
            var (start, count, groupType) = groups[g];
            var nodes = new List<VariableDeclaratorSyntax>(count);
            var separators = new List<SyntaxToken>(count);
            for (int i = start; i < start + count; i++)
            {
                var variable = i == index ? declarator.ReplaceNode(invocation, call) : variables[i];
                // A variable that followed a comma (on the same line or the next) now follows the type.
                if (i == start && i > 0) variable = variable.WithLeadingTrivia(variable.GetLeadingTrivia().Where(t => !t.IsKind(SyntaxKind.WhitespaceTrivia) && !t.IsKind(SyntaxKind.EndOfLineTrivia)));
                nodes.Add(variable);
                if (i < start + count - 1) separators.Add(variables.GetSeparator(i));
            }
            var part = declaration.WithType(groupType).WithVariables(SyntaxFactory.SeparatedList(nodes, separators));
            SyntaxNode piece = whole switch
            {
                LocalDeclarationStatementSyntax local => local.WithDeclaration(part),
                FieldDeclarationSyntax field => field.WithDeclaration(part),
                _ => whole,
            };
            bool last = g == groups.Count - 1;
            piece = piece.WithLeadingTrivia(g == 0 ? leading : indentation);
            piece = piece.WithTrailingTrivia(last ? whole.GetTrailingTrivia() : lineEnd);
            parts.Add(piece);
        }
        return parts;
    }

    /// <summary>
    /// Where a changed call or local can break something: the member holding it (all of it, so a later use of a local
    /// counts), or the whole file for top-level statements.
    /// </summary>
    private static SyntaxNode? Member(SyntaxNode node)
    {
        var member = node.Ancestors().OfType<MemberDeclarationSyntax>()
            .FirstOrDefault(m => m is not (BaseTypeDeclarationSyntax or BaseNamespaceDeclarationSyntax or DelegateDeclarationSyntax));
        return member is GlobalStatementSyntax ? null : member;
    }

    /// <summary>The compiler's errors in <paramref name="span"/>, counted by id.</summary>
    private static Dictionary<string, int> Errors(SemanticModel model, TextSpan span, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, int>();
        foreach (var diagnostic in model.GetDiagnostics(span, cancellationToken))
        {
            if (diagnostic.Severity != DiagnosticSeverity.Error) continue;
            counts.TryGetValue(diagnostic.Id, out int count);
            counts[diagnostic.Id] = count + 1;
        }
        return counts;
    }
}

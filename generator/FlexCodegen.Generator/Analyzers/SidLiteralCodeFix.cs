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

namespace FlexCodegen.Generator.Analyzers;

/// <summary>
/// FLXG302's fix: <c>InteractionSid.Parse("UO…")</c> becomes <c>InteractionChannelSid.Parse("UO…")</c>, and a declaration
/// that states the old type (<c>InteractionSid id = …</c>) states the new one, so the fixed line compiles. Only the IDE
/// loads this type; the compiler never does, so the Workspaces assembly it needs is never asked of a command-line build.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SidLiteralCodeFix))]
public sealed class SidLiteralCodeFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Diagnostics.DiagnosticDescriptors.SidOfAnotherType.Id);

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
                string shown = target.ToMinimalDisplayString(model, invocation.SpanStart);
                context.RegisterCodeFix(
                    CodeAction.Create("Parse as " + shown, ct => RetargetAsync(context.Document, invocation, target, ct), equivalenceKey: "FLXG302:" + name),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> RetargetAsync(Document document, InvocationExpressionSyntax invocation, INamedTypeSymbol target, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return document;
        var type = SyntaxFactory.ParseTypeName(target.ToMinimalDisplayString(model, invocation.SpanStart));
        var old = (model.GetSymbolInfo(invocation, cancellationToken).Symbol as IMethodSymbol)?.ContainingType;

        var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
        switch (invocation.Expression)
        {
            case MemberAccessExpressionSyntax access:
                replacements[access.Expression] = type.WithTriviaFrom(access.Expression);
                break;
            case IdentifierNameSyntax name: // Parse("…") inside the id type itself, or under `using static`
                replacements[name] = SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, type, name.WithoutTrivia()).WithTriviaFrom(name);
                break;
            default:
                return document;
        }

        // `InteractionSid id = InteractionSid.Parse("UO…");` (or `InteractionSid? id`): the declared type follows the call.
        if (old is not null
            && invocation.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax declaration } }
            && declaration.Variables.Count == 1 && !declaration.Type.IsVar)
        {
            var declared = model.GetTypeInfo(declaration.Type, cancellationToken).Type;
            if (SymbolEqualityComparer.Default.Equals(declared, old))
                replacements[declaration.Type] = type.WithTriviaFrom(declaration.Type);
            else if (declared is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
                && SymbolEqualityComparer.Default.Equals(nullable.TypeArguments[0], old))
                replacements[declaration.Type] = SyntaxFactory.NullableType(type).WithTriviaFrom(declaration.Type);
        }

        return document.WithSyntaxRoot(root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]));
    }
}

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using FlexCodegen.Generator.Parsing;
using Microsoft.CodeAnalysis;

namespace FlexCodegen.Runtime.Analyzers;

/// <summary>An id type and the form its <c>[SidForm]</c> attribute states.</summary>
internal sealed class SidForm
{
    private readonly SidPattern _pattern;

    public SidForm(INamedTypeSymbol type, SidPattern pattern, string expectedForm)
    {
        Type = type;
        _pattern = pattern;
        ExpectedForm = expectedForm;
    }

    public INamedTypeSymbol Type { get; }

    /// <summary>The form as messages state it: <c>'KD' + 32 hex digits, 34 characters</c>.</summary>
    public string ExpectedForm { get; }

    /// <summary>Whether the id type's Parse accepts <paramref name="text"/>: a prefix (exact case), then the body's length of allowed characters.</summary>
    public bool Matches(string text)
    {
        foreach (string prefix in _pattern.Prefixes)
        {
            if (text.Length != prefix.Length + _pattern.BodyLength || !text.StartsWith(prefix, StringComparison.Ordinal)) continue;
            bool body = true;
            for (int i = prefix.Length; i < text.Length && body; i++) body = Allowed(text[i]);
            if (body) return true;
        }
        return false;
    }

    private bool Allowed(char c)
    {
        string ranges = _pattern.Ranges;
        for (int i = 0; i + 2 < ranges.Length; i += 3)
            if (c >= ranges[i] && c <= ranges[i + 2]) return true;
        return false;
    }
}

/// <summary>
/// The id types one compilation can see, found by the runtime's <c>SidFormAttribute</c> the generator puts on each, never
/// by a list: a type is read once, when a constant is first passed to its Parse; all of them only when a constant fits
/// none (to name the type it is), from this assembly and every referenced one that uses the runtime.
/// </summary>
internal sealed class SidForms
{
    public const string RuntimeAssembly = "FlexCodegen.Runtime";
    private const string AttributeName = "SidFormAttribute";

    private readonly Compilation _compilation;
    private readonly ConcurrentDictionary<INamedTypeSymbol, SidForm?> _byType = new(SymbolEqualityComparer.Default);
    private readonly Lazy<ImmutableArray<SidForm>> _all;

    public SidForms(Compilation compilation)
    {
        _compilation = compilation;
        _all = new Lazy<ImmutableArray<SidForm>>(FindAll);
    }

    /// <summary>The form of <paramref name="type"/>, or null when it is no generated id (or its attribute is not one this analyzer reads).</summary>
    public SidForm? Get(INamedTypeSymbol type) => _byType.GetOrAdd(type, Read);

    public ImmutableArray<SidForm> All => _all.Value;

    private static SidForm? Read(INamedTypeSymbol type)
    {
        if (type.TypeKind != TypeKind.Struct) return null;
        foreach (var attribute in type.GetAttributes())
        {
            var c = attribute.AttributeClass;
            if (c is null || c.Name != AttributeName || c.ContainingNamespace?.ToDisplayString() != RuntimeAssembly) continue;
            var args = attribute.ConstructorArguments;
            if (args.Length != 2 || args[0].Value is not string pattern || args[1].Value is not string form) return null;
            return SidPattern.TryParse(pattern) is SidPattern parsed ? new SidForm(type, parsed, form) : null;
        }
        return null;
    }

    private ImmutableArray<SidForm> FindAll()
    {
        var result = ImmutableArray.CreateBuilder<SidForm>();
        var assemblies = new List<IAssemblySymbol> { _compilation.Assembly };
        foreach (var reference in _compilation.References)
            if (_compilation.GetAssemblyOrModuleSymbol(reference) is IAssemblySymbol assembly && UsesRuntime(assembly))
                assemblies.Add(assembly);
        var pending = new Stack<INamespaceSymbol>(assemblies.Select(a => a.GlobalNamespace));
        while (pending.Count > 0)
        {
            var ns = pending.Pop();
            foreach (var type in ns.GetTypeMembers())
                if (type.TypeKind == TypeKind.Struct && _compilation.IsSymbolAccessibleWithin(type, _compilation.Assembly) && Get(type) is SidForm form)
                    result.Add(form);
            foreach (var child in ns.GetNamespaceMembers()) pending.Push(child);
        }
        return result.ToImmutable();
    }

    // The runtime itself ships Twilio's shared id kinds; other assemblies have ids only if they reference it.
    private static bool UsesRuntime(IAssemblySymbol assembly) =>
        assembly.Name == RuntimeAssembly || assembly.Modules.Any(m => m.ReferencedAssemblies.Any(r => r.Name == RuntimeAssembly));
}

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using System.Threading;
using FlexCodegen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace FlexCodegen.Generator.Pipeline;

/// <summary>A public type that a referenced assembly declares and this project would generate.</summary>
/// <param name="FullName">The type's full name, <c>Twilio.Flex.V1.FlexClient</c>.</param>
/// <param name="Assembly">The name of the assembly that declares it, <c>Contoso.Twilio</c>.</param>
internal sealed record ReferencedType(string FullName, string Assembly);

/// <summary>
/// Clients the project's references already contain. A project that references a library which generated a client gets
/// that client, its ids and the runtime with the reference; generating the same client again would clash with every one
/// of its types (CS0436) and make its registration ambiguous (CS0121). So such a spec is left out, with one FLXG016 that
/// says where the client is and what to change. Only the references' metadata is read, by name (no symbol is bound and no
/// <see cref="Compilation"/> reaches a step's output), and only in assemblies that use FlexCodegen.Runtime.
/// </summary>
internal static class ReferencedClients
{
    /// <summary>The class holding <c>AddTwilioClients</c>, which every project that generates a client declares, public, in this namespace.</summary>
    public const string RegistrationType = "Microsoft.Extensions.DependencyInjection.TwilioClientsServiceCollectionExtensions";

    private const string RuntimeAssembly = "FlexCodegen.Runtime";

    /// <summary>The full names to look for in the references: each spec's client, and the class of <c>AddTwilioClients</c>.</summary>
    public static EquatableArray<string> Wanted(ImmutableArray<EmitContext> clients) =>
        clients.IsEmpty
            ? EquatableArray<string>.Empty
            : clients.Select(FullName).Append(RegistrationType).Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal).ToEquatableArray();

    /// <summary>The full name of the client a spec generates.</summary>
    public static string FullName(EmitContext context) => context.Namespace + "." + context.ClientName;

    /// <summary>
    /// Which of <paramref name="wanted"/> the assembly <paramref name="reference"/> brings declares as public types, as the
    /// project's code sees them: none when the reference has only extern aliases, or when the assembly does not use the runtime.
    /// </summary>
    public static ImmutableArray<ReferencedType> Find(MetadataReference reference, EquatableArray<string> wanted, CancellationToken cancellationToken)
    {
        if (wanted.Count == 0) return ImmutableArray<ReferencedType>.Empty;
        var aliases = reference.Properties.Aliases;
        if (!aliases.IsEmpty && !aliases.Contains("global")) return ImmutableArray<ReferencedType>.Empty;
        try
        {
            return reference switch
            {
                PortableExecutableReference image => FindInMetadata(image, wanted, cancellationToken),
                // The IDE hands a project reference over as the other project's compilation (its generated code included).
                CompilationReference project => FindInCompilation(project.Compilation, wanted),
                _ => ImmutableArray<ReferencedType>.Empty,
            };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return ImmutableArray<ReferencedType>.Empty; // an unreadable reference is the compiler's to report
        }
    }

    private static ImmutableArray<ReferencedType> FindInMetadata(PortableExecutableReference image, EquatableArray<string> wanted, CancellationToken cancellationToken)
    {
        if (image.GetMetadata() is not AssemblyMetadata assembly) return ImmutableArray<ReferencedType>.Empty;
        var modules = assembly.GetModules();
        var manifest = modules[0].GetMetadataReader();
        // Most references (the framework, packages) never heard of the runtime: a look at their few references ends it.
        if (!manifest.AssemblyReferences.Any(h => manifest.StringComparer.Equals(manifest.GetAssemblyReference(h).Name, RuntimeAssembly, ignoreCase: true)))
            return ImmutableArray<ReferencedType>.Empty;
        string assemblyName = manifest.GetString(manifest.GetAssemblyDefinition().Name);
        var split = wanted.Select(Split).ToList();
        var found = ImmutableArray.CreateBuilder<ReferencedType>();
        foreach (var module in modules)
        {
            var reader = module.GetMetadataReader();
            foreach (var handle in reader.TypeDefinitions)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var type = reader.GetTypeDefinition(handle);
                if ((type.Attributes & TypeAttributes.VisibilityMask) != TypeAttributes.Public) continue; // nested types are never Public
                foreach (var (ns, name, full) in split)
                    if (reader.StringComparer.Equals(type.Name, name) && reader.StringComparer.Equals(type.Namespace, ns))
                        found.Add(new ReferencedType(full, assemblyName));
            }
        }
        return found.ToImmutable();
    }

    private static ImmutableArray<ReferencedType> FindInCompilation(Compilation compilation, EquatableArray<string> wanted)
    {
        if (!compilation.ReferencedAssemblyNames.Any(n => string.Equals(n.Name, RuntimeAssembly, StringComparison.OrdinalIgnoreCase)))
            return ImmutableArray<ReferencedType>.Empty;
        var found = ImmutableArray.CreateBuilder<ReferencedType>();
        foreach (string full in wanted)
            if (compilation.Assembly.GetTypeByMetadataName(full) is { DeclaredAccessibility: Accessibility.Public, ContainingType: null })
                found.Add(new ReferencedType(full, compilation.AssemblyName ?? ""));
        return found.ToImmutable();
    }

    private static (string Namespace, string Name, string Full) Split(string full)
    {
        int dot = full.LastIndexOf('.');
        return dot < 0 ? ("", full, full) : (full.Substring(0, dot), full.Substring(dot + 1), full);
    }

    /// <summary>Everything found, in one order whatever order the references came in: by type, then assembly, ordinal.</summary>
    public static EquatableArray<ReferencedType> Sorted(ImmutableArray<ReferencedType> found) =>
        found.Distinct().OrderBy(f => f.FullName, StringComparer.Ordinal).ThenBy(f => f.Assembly, StringComparer.Ordinal).ToEquatableArray();

    /// <summary>
    /// A spec whose client a referenced assembly already contains: no model (nothing is generated), and, instead of the
    /// spec's own diagnostics (the copy in the reference was built with them), one FLXG016 naming the assembly. Any other
    /// result is returned as it is.
    /// </summary>
    public static SpecResult Check(SpecResult result, EquatableArray<ReferencedType> referenced)
    {
        if (result.Model is not { } model || referenced.Count == 0) return result;
        string client = FullName(model.Context);
        var owner = referenced.FirstOrDefault(r => string.Equals(r.FullName, client, StringComparison.Ordinal));
        if (owner is null) return result;
        var warning = new DiagnosticInfo(Diagnostics.DiagnosticDescriptors.ClientAlreadyReferenced.Id,
            new[] { owner.Assembly, client, System.IO.Path.GetFileName(result.SpecPath) }.ToEquatableArray(), "", 0, 0, 0, 0, 0, 0);
        return new SpecResult(null, new[] { warning }.ToEquatableArray(), SpecPath: result.SpecPath);
    }

    /// <summary>The assembly that already declares <c>AddTwilioClients</c>' public class, or null when none does.</summary>
    public static string? RegistrationOwner(EquatableArray<ReferencedType> referenced) =>
        referenced.FirstOrDefault(r => string.Equals(r.FullName, RegistrationType, StringComparison.Ordinal))?.Assembly;
}

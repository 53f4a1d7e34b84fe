using System;
using System.Linq;
using FlexCodegen.Generator.Emit;
using FlexCodegen.Generator.Model;
using FlexCodegen.Generator.Pipeline;
using Microsoft.CodeAnalysis;

namespace FlexCodegen.Generator;

/// <summary>
/// Spec files in, parsed to a model, emitted per type. Diagnostics go out on their own, so moving an error
/// in the spec does not regenerate code, and an unrelated C# edit re-runs nothing.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class FlexCodegenGenerator : IIncrementalGenerator
{
    /// <summary>Holds <c>AddHttpClient</c> (HttpClientFactoryServiceCollectionExtensions): the DI registration needs it.</summary>
    private const string HttpClientFactoryAssembly = "Microsoft.Extensions.Http";

    /// <summary>Holds <c>IConfiguration</c>: the registration that binds options from configuration needs it.</summary>
    private const string ConfigurationAssembly = "Microsoft.Extensions.Configuration.Abstractions";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var files = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, ct) => SpecFiles.Read(pair.Left, pair.Right.GetOptions(pair.Left), ct))
            .WhereNotNull()
            .WithTrackingName(TrackingNames.Files);

        // Overlays and API locks: the files a spec is read and checked with.
        var companions = files.Where(static f => f.Kind is SpecFiles.OverlayKind or SpecFiles.ApiLockKind).Collect();

        var specs = files.Where(static f => f.Kind == SpecFiles.SpecKind);
        // Only the paths of all specs reach each spec's step (to keep hint names unique), so editing one spec re-runs only that one.
        var specPaths = specs.Select(static (f, _) => f.Path).Collect().WithComparer(PathListComparer.Instance);

        var results = specs
            .Combine(companions)
            .Combine(specPaths)
            .Select(static (pair, ct) => SpecPipeline.Run(pair.Left.Left, pair.Left.Right, pair.Right, ct))
            .WithTrackingName(TrackingNames.Results);

        // The clients a referenced assembly already contains (a library that generated them): each such spec is left out
        // with one FLXG016, so its types are not declared twice. Only the clients' names meet the references, so an edit
        // inside a spec looks at no reference again, and an unrelated edit re-runs nothing.
        var wanted = results.Select(static (r, _) => r.Model?.Context).WhereNotNull().Collect().WithComparer(EmitContextListComparer.Instance)
            .Select(static (clients, _) => ReferencedClients.Wanted(clients));
        var referencedClients = context.MetadataReferencesProvider.Combine(wanted)
            .SelectMany(static (pair, ct) => ReferencedClients.Find(pair.Left, pair.Right, ct))
            .Collect()
            .Select(static (found, _) => ReferencedClients.Sorted(found))
            .WithTrackingName(TrackingNames.ReferencedClients);
        var checkedResults = results.Combine(referencedClients)
            .Select(static (pair, _) => ReferencedClients.Check(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.CheckedResults);

        context.RegisterSourceOutput(checkedResults.SelectMany(static (r, _) => r.Diagnostics), static (spc, d) => spc.ReportDiagnostic(d.ToDiagnostic()));

        // Only when the FlexCodegenWriteApiLocks target asks: each spec's lock, in a file of comments it copies out.
        var apiLocks = results.Select(static (r, _) => r.ApiLock).WhereNotNull().WithTrackingName(TrackingNames.ApiLocks);
        context.RegisterSourceOutput(apiLocks, static (spc, l) => SafeEmit.Run(spc, l.HintName, () => ApiLockEmitter.Emit(spc, l)));

        var models = checkedResults.Select(static (r, _) => r.Model).WhereNotNull().WithTrackingName(TrackingNames.Models);

        var sids = models.SelectMany(static (m, _) => m.Sids.Where(s => s.SharedNamespace is null).Select(s => (m.Context, s))).WithTrackingName(TrackingNames.Sids);
        context.RegisterSourceOutput(sids, static (spc, x) => SafeEmit.Run(spc, x.s.TypeName, () => SidEmitter.Emit(spc, x.Context, x.s)));

        // Twilio's shared id kinds (SharedNamespace set) are types of the runtime package: nothing to emit.

        var enums = models.SelectMany(static (m, _) => m.Enums.Select(e => (m.Context, e))).WithTrackingName(TrackingNames.Enums);
        context.RegisterSourceOutput(enums, static (spc, x) => SafeEmit.Run(spc, x.e.TypeName, () => EnumEmitter.Emit(spc, x.Context, x.e)));

        var objects = models.SelectMany(static (m, _) => m.Objects.Select(o => (m.Context, o))).WithTrackingName(TrackingNames.Objects);
        context.RegisterSourceOutput(objects, static (spc, x) => SafeEmit.Run(spc, x.o.TypeName, () => ObjectEmitter.Emit(spc, x.Context, x.o)));

        var requests = models.SelectMany(static (m, _) => m.Requests.Select(r => (m.Context, r))).WithTrackingName(TrackingNames.Requests);
        context.RegisterSourceOutput(requests, static (spc, x) => SafeEmit.Run(spc, x.r.TypeName, () => RequestEmitter.Emit(spc, x.Context, x.r)));

        // Which libraries the project references, by their assemblies' names: read from the references themselves, not
        // from the compilation, so the generator binds no symbols (the compiler's own work, later) and only a bool goes on.
        var referenced = context.MetadataReferencesProvider.Select(static (r, _) => AssemblyName(r)).Collect();
        var hasHttpClientFactory = referenced
            .Select(static (names, _) => names.Contains(HttpClientFactoryAssembly, StringComparer.OrdinalIgnoreCase))
            .WithTrackingName(TrackingNames.HasHttpClientFactory);
        var hasConfiguration = referenced
            .Select(static (names, _) => names.Contains(ConfigurationAssembly, StringComparer.OrdinalIgnoreCase))
            .WithTrackingName(TrackingNames.HasConfiguration);
        // A spec with no operations (only webhooks and components) has no client to register.
        var clients = models.Where(static m => m.HasClient);
        var registrations = clients.Select(static (m, _) => m.Context).Combine(hasHttpClientFactory).Where(static x => x.Right).Select(static (x, _) => x.Left).Combine(hasConfiguration);
        context.RegisterSourceOutput(registrations, static (spc, x) => SafeEmit.Run(spc, x.Left.ClientName + "ServiceCollectionExtensions", () => DependencyInjectionEmitter.Emit(spc, x.Left, x.Right)));

        // One registration for every client of the project, over the contexts alone (a spec's other edits re-run nothing here).
        // When a referenced library already has the public AddTwilioClients (its clients'), this project's would make every
        // call ambiguous: only the internal part its own clients' registrations use is generated.
        var registrationOwner = referencedClients.Select(static (found, _) => ReferencedClients.RegistrationOwner(found));
        var allClients = clients.Select(static (m, _) => m.Context).Collect().WithComparer(EmitContextListComparer.Instance)
            .Combine(hasHttpClientFactory).Combine(hasConfiguration).Combine(registrationOwner)
            .WithTrackingName(TrackingNames.AllClients);
        context.RegisterSourceOutput(allClients, static (spc, x) =>
        {
            var ((clients, hasFactory), configuration) = x.Left;
            if (clients.Length == 0 || !hasFactory) return;
            SafeEmit.Run(spc, "TwilioClientsServiceCollectionExtensions", () => TwilioClientsEmitter.Emit(spc, clients, configuration, publicRegistration: x.Right is null));
        });

        var eventTypes = models.SelectMany(static (m, _) => m.EventTypes.Select(e => (m.Context, e))).WithTrackingName(TrackingNames.EventTypes);
        context.RegisterSourceOutput(eventTypes, static (spc, x) => SafeEmit.Run(spc, x.e.TypeName, () => EventTypesEmitter.Emit(spc, x.Context, x.e)));

        var resources = models.SelectMany(static (m, _) => m.Resources.Select(r => (m.Context, m.DefaultBaseAddress, r))).WithTrackingName(TrackingNames.Resources);
        context.RegisterSourceOutput(resources, static (spc, x) => SafeEmit.Run(spc, x.r.ClassName, () => ClientEmitter.Emit(spc, x.Context, x.DefaultBaseAddress, x.r)));
    }

    /// <summary>
    /// The name of the assembly a reference brings, as the generated code can reach it: none when the reference has only
    /// extern aliases (<c>global::</c> cannot see it); the file's name, else (an in-memory image) the name in its metadata.
    /// Assembly names compare ignoring case, so callers do.
    /// </summary>
    private static string AssemblyName(MetadataReference reference)
    {
        var aliases = reference.Properties.Aliases;
        if (!aliases.IsEmpty && !aliases.Contains("global")) return "";
        switch (reference)
        {
            case CompilationReference c:
                return c.Compilation.AssemblyName ?? "";
            case PortableExecutableReference { FilePath: { } path }:
                return System.IO.Path.GetFileNameWithoutExtension(path);
            case PortableExecutableReference image:
                try
                {
                    if (image.GetMetadata() is not AssemblyMetadata assembly) return "";
                    var reader = assembly.GetModules()[0].GetMetadataReader();
                    return reader.GetString(reader.GetAssemblyDefinition().Name);
                }
                catch (Exception)
                {
                    return ""; // the compiler reports an unreadable reference itself
                }
            default:
                return "";
        }
    }
}

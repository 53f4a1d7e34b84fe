using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace FlexCodegen.Generator.Diagnostics;

/// <summary>
/// Every diagnostic the generator reports, each with its message format (the id analyzer's FLXG301-303 ship with the
/// runtime: FlexCodegen.Runtime.Analyzers/IdDiagnostics.cs). Code reports a descriptor and the format's
/// arguments, never an id string, so a diagnostic cannot name an id that does not exist.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "FlexCodegen";

    public static readonly DiagnosticDescriptor SpecUnreadable = Make("FLXG001", "The spec could not be read", DiagnosticSeverity.Error,
        "'{0}' could not be read as an OpenAPI document: {1}. Nothing is generated from it; check that the file is the JSON spec itself.");
    public static readonly DiagnosticDescriptor UnresolvedReference = Make("FLXG002", "A $ref points nowhere", DiagnosticSeverity.Warning,
        "'$ref' to '{0}' {1}; the value is typed as JsonElement.");
    public static readonly DiagnosticDescriptor NameClash = Make("FLXG003", "Two spec names become the same C# name", DiagnosticSeverity.Info,
        "{0} would be named '{1}', which is taken; it is generated as '{2}'. Rename it in an overlay to choose the name yourself.");
    public static readonly DiagnosticDescriptor Unsupported = Make("FLXG004", "A spec construct is not supported", DiagnosticSeverity.Warning,
        "{0} is not supported ({1}); {2}.");
    public static readonly DiagnosticDescriptor InvalidIdentifier = Make("FLXG005", "A spec name cannot become a C# identifier", DiagnosticSeverity.Warning,
        "{0} cannot be a C# name ({1}); {2}.");
    public static readonly DiagnosticDescriptor OverlayUnreadable = Make("FLXG006", "The overlay could not be read", DiagnosticSeverity.Error,
        "Overlay '{0}': {1}.");
    public static readonly DiagnosticDescriptor OverlayTargetMissing = Make("FLXG007", "An overlay action matches nothing in the spec", DiagnosticSeverity.Warning,
        "Overlay action {0}: target '{1}' matches nothing in '{2}'. The spec may have changed; update or remove the action.");
    public static readonly DiagnosticDescriptor SpecParseWarning = Make("FLXG008", "The OpenAPI reader reported a problem", DiagnosticSeverity.Warning,
        "The OpenAPI reader reported: {0}. Generation continued; the affected part may be missing.");
    public static readonly DiagnosticDescriptor RuleUnusable = Make("FLXG009", "An x-rules rule cannot be applied", DiagnosticSeverity.Warning,
        "Rule '{0}' of {1}: {2}; the rule was ignored.");
    public static readonly DiagnosticDescriptor NumberOutOfRange = Make("FLXG010", "A number in the spec is outside the range of its C# type", DiagnosticSeverity.Warning,
        "'{0}: {1}' is outside the range of a C# double; values are not checked against it.");
    public static readonly DiagnosticDescriptor InvalidPattern = Make("FLXG011", "A pattern is not a valid regular expression", DiagnosticSeverity.Warning,
        "Pattern '{0}' is not a valid regular expression ({1}); values are not checked against it.");
    public static readonly DiagnosticDescriptor UnusableServer = Make("FLXG012", "The spec's server cannot receive credentials", DiagnosticSeverity.Warning,
        "The spec's server '{0}' is not used: {1}. The client has no default address; set TwilioClientOptions.BaseAddress (an https URL).");
    public static readonly DiagnosticDescriptor SidFormDiffers = Make("FLXG013", "An id uses Twilio's prefix in another form", DiagnosticSeverity.Info,
        "The id pattern '{0}' has Twilio's prefix '{1}' but not the form of {2} ('{3}'): it is generated as its own type '{4}', never merged into {2}.");
    public static readonly DiagnosticDescriptor SelectionMatchesNothing = Make("FLXG014", "A selection pattern matches no operation", DiagnosticSeverity.Warning,
        "{0} '{1}' matches no operation of '{2}', so {3}. Paths match ignoring case, '*' being any text within one segment and '**' any number of segments; operation ids match ignoring case, '*' being any text.");
    public static readonly DiagnosticDescriptor WebhookWithoutPayload = Make("FLXG015", "A webhook has no payload that can be typed", DiagnosticSeverity.Warning,
        "{0} {1}; no payload type is generated for it.");
    public static readonly DiagnosticDescriptor ClientAlreadyReferenced = Make("FLXG016", "A referenced assembly already contains this client", DiagnosticSeverity.Warning,
        "{0} already contains {1}, the client this project would generate from {2}, so it is not generated again here. Remove FlexCodegen from this project ({0}'s client, its ids and FlexCodegen.Runtime come with the reference), or set FlexCodegenBundledSpecs or FlexCodegenSpec to generate only what {0} lacks.");
    public static readonly DiagnosticDescriptor ApiRemoved = Make("FLXG201", "An element of the locked API was removed", DiagnosticSeverity.Warning,
        "Breaking API change in the client of {0}: {1}. The spec no longer declares it; code using it will not compile. {2}");
    public static readonly DiagnosticDescriptor ApiChanged = Make("FLXG202", "An element of the locked API changed incompatibly", DiagnosticSeverity.Warning,
        "Breaking API change in the client of {0}: {1} (the lock says '{2}'). {3}");
    public static readonly DiagnosticDescriptor ApiAdded = Make("FLXG203", "The API gained an element or changed compatibly", DiagnosticSeverity.Info,
        "API {0} in the client of {1}: {2}. Refresh the lock when you accept it: {3}");
    public static readonly DiagnosticDescriptor ApiLockUnreadable = Make("FLXG204", "A line of the API lock cannot be read", DiagnosticSeverity.Warning,
        "Line {0} of {1} is not an API element ('{2}'); it was skipped. {3}");
    public static readonly DiagnosticDescriptor InternalError = Make("FLXG999", "The generator failed on this spec", DiagnosticSeverity.Error,
        "FlexCodegen failed on '{0}': {1}. {2}; please report this with the spec attached.");

    private static readonly Dictionary<string, DiagnosticDescriptor> s_byId = new[]
    {
        SpecUnreadable, UnresolvedReference, NameClash, Unsupported, InvalidIdentifier, OverlayUnreadable, OverlayTargetMissing,
        SpecParseWarning, RuleUnusable, NumberOutOfRange, InvalidPattern, UnusableServer, SidFormDiffers, SelectionMatchesNothing, WebhookWithoutPayload, ClientAlreadyReferenced, ApiRemoved, ApiChanged, ApiAdded, ApiLockUnreadable,
        InternalError,
    }.ToDictionary(d => d.Id);

    /// <summary>The descriptor a cached <see cref="Model.DiagnosticInfo"/> was made from (it keeps only the id, so it stays equatable).</summary>
    public static DiagnosticDescriptor ById(string id) => s_byId[id];

    private static DiagnosticDescriptor Make(string id, string title, DiagnosticSeverity severity, string format) =>
        new(id, title, format, Category, severity, isEnabledByDefault: true, helpLinkUri: "https://github.com/flexcodegen/flexcodegen#diagnostics");
}

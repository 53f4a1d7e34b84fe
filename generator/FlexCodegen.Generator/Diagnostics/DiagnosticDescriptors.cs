using Microsoft.CodeAnalysis;

namespace FlexCodegen.Generator.Diagnostics;

/// <summary>Every diagnostic the generator reports. The message is prepared by the parser; the descriptor carries id and severity.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "FlexCodegen";

    public static readonly DiagnosticDescriptor SpecUnreadable = Make("FLXG001", "The spec could not be read", DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor UnresolvedReference = Make("FLXG002", "A $ref points nowhere", DiagnosticSeverity.Warning);
    public static readonly DiagnosticDescriptor NameClash = Make("FLXG003", "Two spec names become the same C# name", DiagnosticSeverity.Info);
    public static readonly DiagnosticDescriptor Unsupported = Make("FLXG004", "A spec construct is not supported", DiagnosticSeverity.Warning);
    public static readonly DiagnosticDescriptor InvalidIdentifier = Make("FLXG005", "A spec name cannot become a C# identifier", DiagnosticSeverity.Warning);
    public static readonly DiagnosticDescriptor OverlayUnreadable = Make("FLXG006", "The overlay could not be read", DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor OverlayTargetMissing = Make("FLXG007", "An overlay action matches nothing in the spec", DiagnosticSeverity.Warning);
    public static readonly DiagnosticDescriptor SpecParseWarning = Make("FLXG008", "The OpenAPI reader reported a problem", DiagnosticSeverity.Warning);
    public static readonly DiagnosticDescriptor RuleUnusable = Make("FLXG009", "An x-rules rule cannot be applied", DiagnosticSeverity.Warning);
    public static readonly DiagnosticDescriptor NumberOutOfRange = Make("FLXG010", "A number in the spec is outside the range of its C# type", DiagnosticSeverity.Warning);
    public static readonly DiagnosticDescriptor InvalidPattern = Make("FLXG011", "A pattern is not a valid regular expression", DiagnosticSeverity.Warning);
    public static readonly DiagnosticDescriptor ApiRemoved = Make("FLXG201", "An element of the locked API was removed", DiagnosticSeverity.Warning);
    public static readonly DiagnosticDescriptor ApiChanged = Make("FLXG202", "An element of the locked API changed incompatibly", DiagnosticSeverity.Warning);
    public static readonly DiagnosticDescriptor ApiAdded = Make("FLXG203", "The API gained an element or changed compatibly", DiagnosticSeverity.Info);
    public static readonly DiagnosticDescriptor ApiLockUnreadable = Make("FLXG204", "A line of the API lock cannot be read", DiagnosticSeverity.Warning);
    public static readonly DiagnosticDescriptor InternalError = Make("FLXG999", "The generator failed on this spec", DiagnosticSeverity.Error);

    public static DiagnosticDescriptor ById(string id) => id switch
    {
        "FLXG001" => SpecUnreadable,
        "FLXG002" => UnresolvedReference,
        "FLXG003" => NameClash,
        "FLXG004" => Unsupported,
        "FLXG005" => InvalidIdentifier,
        "FLXG006" => OverlayUnreadable,
        "FLXG007" => OverlayTargetMissing,
        "FLXG008" => SpecParseWarning,
        "FLXG009" => RuleUnusable,
        "FLXG010" => NumberOutOfRange,
        "FLXG011" => InvalidPattern,
        "FLXG201" => ApiRemoved,
        "FLXG202" => ApiChanged,
        "FLXG203" => ApiAdded,
        "FLXG204" => ApiLockUnreadable,
        _ => InternalError,
    };

    private static DiagnosticDescriptor Make(string id, string title, DiagnosticSeverity severity) =>
        new(id, title, "{0}", Category, severity, isEnabledByDefault: true, helpLinkUri: "https://github.com/flexcodegen/flexcodegen#diagnostics");
}

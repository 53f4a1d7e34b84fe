using Microsoft.CodeAnalysis;

namespace FlexCodegen.Runtime.Analyzers;

/// <summary>
/// The id analyzer's diagnostics. Code reports a descriptor and the format's arguments, never an id string. The
/// generator's own (FLXG0xx, FLXG1xx, FLXG2xx, FLXG999) are in its DiagnosticDescriptors.
/// </summary>
internal static class IdDiagnostics
{
    private const string Category = "FlexCodegen";

    public static readonly DiagnosticDescriptor InvalidSidLiteral = Make("FLXG301", "A constant is not a valid id of this type", DiagnosticSeverity.Error,
        "{0} is not a valid {1}: expected {2}. Parse would throw FormatException at run time.");
    public static readonly DiagnosticDescriptor SidOfAnotherType = Make("FLXG302", "A constant is an id of another type", DiagnosticSeverity.Error,
        "{0} is not {1}: this is {2}. Parse it as {3}, or use the id you meant.");
    public static readonly DiagnosticDescriptor ConstantTryParse = Make("FLXG303", "TryParse of a constant always gives the same answer", DiagnosticSeverity.Warning,
        "{0}.TryParse({1}) always {2}.");

    private static DiagnosticDescriptor Make(string id, string title, DiagnosticSeverity severity, string format) =>
        new(id, title, format, Category, severity, isEnabledByDefault: true, helpLinkUri: "https://github.com/flexcodegen/flexcodegen#diagnostics");
}

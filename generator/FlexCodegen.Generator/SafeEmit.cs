using Microsoft.CodeAnalysis;

namespace FlexCodegen.Generator;

/// <summary>An emitter bug must not take down the whole generator (CS8785): it becomes FLXG999 and the other types still generate.</summary>
internal static class SafeEmit
{
    public static void Run(SourceProductionContext context, string typeName, System.Action emit)
    {
        try
        {
            emit();
        }
        catch (System.Exception ex) when (ex is not System.OperationCanceledException)
        {
            context.ReportDiagnostic(Diagnostic.Create(Diagnostics.DiagnosticDescriptors.InternalError, Location.None,
                typeName, ex.GetType().Name + ": " + ex.Message, "The other types were generated"));
        }
    }
}

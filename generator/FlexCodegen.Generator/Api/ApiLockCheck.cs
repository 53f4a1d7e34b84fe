using System.Collections.Generic;
using System.IO;
using System.Linq;
using FlexCodegen.Generator.Diagnostics;
using FlexCodegen.Generator.Model;
using Microsoft.CodeAnalysis.Text;

namespace FlexCodegen.Generator.Api;

/// <summary>
/// The build's check of a generated surface against its lock file. A removed or changed element is reported at its
/// line in the lock (FLXG201 removed, FLXG202 changed incompatibly: warnings), an addition or compatible change at its
/// place in the spec (FLXG203, info), a line the check cannot read at that line (FLXG204). No lock file, no check.
/// </summary>
internal static class ApiLockCheck
{
    public static List<DiagnosticInfo> Run(SpecFile spec, SpecFile apiLock, ApiModel model)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var unreadable = new List<(int Line, string Text)>();
        // Lines as the compiler counts them (CR, LF, CRLF, U+0085, U+2028, U+2029), so a warning's line and span agree.
        var lines = SourceText.From(apiLock.Text).Lines;
        var locked = ApiSurface.Parse(lines, unreadable);
        var lineOf = locked.GroupBy(l => l.Entry.Identity).ToDictionary(g => g.Key, g => g.First().Line);
        var specLocator = new JsonLocator(spec.Path, spec.Text);
        string command = $"flexcodegen api {Path.GetFileName(spec.Path)}{Options(spec)} > {Path.GetFileName(apiLock.Path)}";
        string refresh = $"If the change is intended, refresh the lock: {command}.";

        foreach (var (line, text) in unreadable)
            diagnostics.Add(AtLine(DiagnosticDescriptors.ApiLockUnreadable, apiLock, lines, line,
                (line + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), Path.GetFileName(apiLock.Path), Short(text), refresh));

        foreach (var change in ApiDiff.Compare(locked.Select(l => l.Entry), ApiSurface.From(model)))
        {
            if (change.Kind == ApiChangeKind.Breaking && change.New is null)
                diagnostics.Add(AtLine(DiagnosticDescriptors.ApiRemoved, apiLock, lines, lineOf[change.Old!.Identity], change.Text, refresh));
            else if (change.Kind == ApiChangeKind.Breaking)
                diagnostics.Add(AtLine(DiagnosticDescriptors.ApiChanged, apiLock, lines, lineOf[change.Old!.Identity], change.Text, Short(change.Old!.Line), refresh));
            else
                diagnostics.Add(specLocator.Diagnostic(DiagnosticDescriptors.ApiAdded, change.Pointer, change.Kind == ApiChangeKind.Addition ? "addition" : "change", change.Text,
                    command + "."));
        }
        return diagnostics;
    }

    /// <summary>The options that give <c>flexcodegen api</c> the build's stacked overlays and selection.</summary>
    private static string Options(SpecFile spec) =>
        string.Concat(spec.Overlays.Select(o => " --stack-overlay " + o)) + (spec.Selection is { } selection ? selection.CommandLine() : "");

    private static DiagnosticInfo AtLine(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, SpecFile file, TextLineCollection lines, int line, params string[] arguments)
    {
        var span = lines[line].Span;
        return new DiagnosticInfo(descriptor.Id, arguments.ToEquatableArray(), file.Path, span.Start, span.Length, line, 0, line, span.Length);
    }

    private static string Short(string text) => text.Length <= 160 ? text : text.Substring(0, 160) + "…";
}

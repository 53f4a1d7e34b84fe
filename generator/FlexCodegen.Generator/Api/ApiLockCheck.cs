using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
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
        string client = ClientOf(spec);
        string command = RefreshCommand(spec, apiLock.Path);
        string refresh = $"If the change is intended, refresh the lock: {command}.";

        foreach (var (line, text) in unreadable)
            diagnostics.Add(AtLine(DiagnosticDescriptors.ApiLockUnreadable, apiLock, lines, line,
                (line + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), Path.GetFileName(apiLock.Path), Short(text), refresh));

        foreach (var change in ApiDiff.Compare(locked.Select(l => l.Entry), ApiSurface.From(model)))
        {
            if (change.Kind == ApiChangeKind.Breaking && change.New is null)
                diagnostics.Add(AtLine(DiagnosticDescriptors.ApiRemoved, apiLock, lines, lineOf[change.Old!.Identity], client, change.Text, refresh));
            else if (change.Kind == ApiChangeKind.Breaking)
                diagnostics.Add(AtLine(DiagnosticDescriptors.ApiChanged, apiLock, lines, lineOf[change.Old!.Identity], client, change.Text, Short(change.Old!.Line), refresh));
            else
                diagnostics.Add(specLocator.Diagnostic(DiagnosticDescriptors.ApiAdded, change.Pointer, change.Kind == ApiChangeKind.Addition ? "addition" : "change", client, change.Text,
                    command + "."));
        }
        return diagnostics;
    }

    /// <summary>How a message names the client, so with several specs in a project each report says whose it is.</summary>
    private static string ClientOf(SpecFile spec) => spec.BundledName is { } name ? $"{name} (bundled)" : Path.GetFileName(spec.Path);

    /// <summary>
    /// A command that writes this spec's lock as the build generates it, from any folder: <c>flexcodegen api</c> with the
    /// spec (by name, for a bundled one), its overlays and selection, into the lock's full path; and, when the project is
    /// known, the MSBuild target that refreshes every lock of the project.
    /// </summary>
    internal static string RefreshCommand(SpecFile spec, string lockPath)
    {
        var sb = new StringBuilder("flexcodegen api ");
        sb.Append(spec.BundledName is { } name ? "--bundled " + name : Shell(spec.Path));
        if (spec.OverlayPath is { } own) sb.Append(" --overlay ").Append(Shell(Path.Combine(Path.GetDirectoryName(spec.Path) ?? "", own)));
        foreach (string overlay in spec.Overlays) sb.Append(" --stack-overlay ").Append(Shell(overlay));
        if (spec.Selection is { } selection) sb.Append(selection.CommandLine());
        sb.Append(" > ").Append(Shell(lockPath));
        if (spec.ProjectPath is { } project) sb.Append(", or for every lock of the project: dotnet build ").Append(Shell(project)).Append(" -t:FlexCodegenWriteApiLocks");
        return sb.ToString();
    }

    /// <summary>
    /// A path as one shell word: as it is when it has nothing a shell would read; else in double quotes (which bash, cmd
    /// and PowerShell all take), or single ones when it holds what double quotes would expand.
    /// </summary>
    private static string Shell(string path)
    {
        if (path.Length > 0 && path.All(c => char.IsLetterOrDigit(c) || c is '/' or '\\' or '.' or '_' or '-' or ':' or '+' or '@' or ',' or '=' or '%')) return path;
        return path.IndexOfAny(new[] { '"', '$', '`' }) < 0 ? "\"" + path + "\"" : "'" + path.Replace("'", "'\\''") + "'";
    }

    private static DiagnosticInfo AtLine(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, SpecFile file, TextLineCollection lines, int line, params string[] arguments)
    {
        var span = lines[line].Span;
        return new DiagnosticInfo(descriptor.Id, arguments.ToEquatableArray(), file.Path, span.Start, span.Length, line, 0, line, span.Length);
    }

    private static string Short(string text) => text.Length <= 160 ? text : text.Substring(0, 160) + "…";
}

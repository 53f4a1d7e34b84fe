using System.Collections.Generic;
using System.IO;
using System.Linq;
using FlexCodegen.Generator.Model;
using FlexCodegen.Generator.Parsing;

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
        var locked = ApiSurface.Parse(apiLock.Text, unreadable);
        var lines = apiLock.Text.Replace("\r\n", "\n").Split('\n');
        var lineOf = locked.GroupBy(l => l.Entry.Identity).ToDictionary(g => g.Key, g => g.First().Line);
        var specLocator = new JsonLocator(spec.Path, spec.Text);
        string refresh = $"If the change is intended, refresh the lock: flexcodegen api {Path.GetFileName(spec.Path)} > {Path.GetFileName(apiLock.Path)}.";

        foreach (var (line, text) in unreadable)
            diagnostics.Add(AtLine("FLXG204", $"Line {line + 1} of {Path.GetFileName(apiLock.Path)} is not an API element ('{Short(text)}'); it was skipped. {refresh}", apiLock, lines, line));

        foreach (var change in ApiDiff.Compare(locked.Select(l => l.Entry), ApiSurface.From(model)))
        {
            string message = change.Kind switch
            {
                ApiChangeKind.Breaking when change.New is null => $"Breaking API change: {change.Text}. The spec no longer declares it; code using it will not compile. {refresh}",
                ApiChangeKind.Breaking => $"Breaking API change: {change.Text} (the lock says '{Short(change.Old!.Line)}'). {refresh}",
                _ => $"API {(change.Kind == ApiChangeKind.Addition ? "addition" : "change")}: {change.Text}. Add it to the lock when you accept it: flexcodegen api {Path.GetFileName(spec.Path)} > {Path.GetFileName(apiLock.Path)}.",
            };
            if (change.Kind == ApiChangeKind.Breaking)
                diagnostics.Add(AtLine(change.New is null ? "FLXG201" : "FLXG202", message, apiLock, lines, lineOf[change.Old!.Identity]));
            else
                diagnostics.Add(specLocator.Diagnostic("FLXG203", message, change.Pointer));
        }
        return diagnostics;
    }

    private static DiagnosticInfo AtLine(string id, string message, SpecFile file, string[] lines, int line)
    {
        int start = 0;
        for (int i = 0; i < line && i < lines.Length; i++) start += lines[i].Length + 1;
        if (file.Text.Contains("\r\n")) start += line; // the split removed one \r per line
        int length = line < lines.Length ? lines[line].TrimEnd('\r').Length : 0;
        return new DiagnosticInfo(id, message, file.Path, start, length, line, 0, line, length);
    }

    private static string Short(string text) => text.Length <= 160 ? text : text.Substring(0, 160) + "…";
}

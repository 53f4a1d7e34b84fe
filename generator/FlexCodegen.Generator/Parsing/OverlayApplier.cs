using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using FlexCodegen.Generator.Diagnostics;
using FlexCodegen.Generator.Model;

namespace FlexCodegen.Generator.Parsing;

/// <summary>
/// Applies an OpenAPI Overlay 1.0 document (<c>actions</c> with a JSONPath <c>target</c> and an <c>update</c> or
/// <c>remove</c>) to a spec before it is modelled. Knows nothing about any particular API.
/// Objects merge recursively, arrays are appended to, other values are replaced.
/// </summary>
internal static class OverlayApplier
{
    public static (string Text, List<DiagnosticInfo> Diagnostics) Apply(SpecFile spec, SpecFile overlay, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var locator = new JsonLocator(overlay.Path, overlay.Text);
        JsonNode? root, document;
        try
        {
            var options = new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
            root = JsonNode.Parse(spec.Text, documentOptions: options);
            document = JsonNode.Parse(overlay.Text, documentOptions: options);
        }
        catch (JsonException ex)
        {
            diagnostics.Add(locator.Diagnostic(DiagnosticDescriptors.OverlayUnreadable, null, System.IO.Path.GetFileName(overlay.Path), $"it (or its spec) is not valid JSON ({ex.Message}); the spec is generated without it"));
            return (spec.Text, diagnostics);
        }

        if (root is null || document?["actions"] is not JsonArray actions)
        {
            diagnostics.Add(locator.Diagnostic(DiagnosticDescriptors.OverlayUnreadable, null, System.IO.Path.GetFileName(overlay.Path), "it has no 'actions' array (OpenAPI Overlay 1.0); the spec is generated without it"));
            return (spec.Text, diagnostics);
        }

        OverlayCore.Apply(root, actions, (i, target, reason) =>
        {
            string pointer = "#/actions/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (target is null)
                diagnostics.Add(locator.Diagnostic(DiagnosticDescriptors.OverlayUnreadable, pointer, System.IO.Path.GetFileName(overlay.Path), $"action {i} {reason}; it was skipped"));
            else if (reason == "matches nothing")
                diagnostics.Add(locator.Diagnostic(DiagnosticDescriptors.OverlayTargetMissing, pointer + "/target", i.ToString(System.Globalization.CultureInfo.InvariantCulture), target, System.IO.Path.GetFileName(spec.Path)));
            else
                diagnostics.Add(locator.Diagnostic(DiagnosticDescriptors.OverlayUnreadable, pointer + "/target", System.IO.Path.GetFileName(overlay.Path), $"action {i}: target '{target}' {reason}"));
        });
        return (root.ToJsonString(), diagnostics);
    }
}

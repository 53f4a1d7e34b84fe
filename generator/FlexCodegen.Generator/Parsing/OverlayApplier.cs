using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
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
            diagnostics.Add(locator.Diagnostic("FLXG006", $"The overlay '{System.IO.Path.GetFileName(overlay.Path)}' (or its spec) is not valid JSON: {ex.Message}. The spec is generated without the overlay.", null));
            return (spec.Text, diagnostics);
        }

        if (root is null || document?["actions"] is not JsonArray actions)
        {
            diagnostics.Add(locator.Diagnostic("FLXG006", $"The overlay '{System.IO.Path.GetFileName(overlay.Path)}' has no 'actions' array (OpenAPI Overlay 1.0). The spec is generated without the overlay.", null));
            return (spec.Text, diagnostics);
        }

        OverlayCore.Apply(root, actions, (i, target, reason) =>
        {
            string pointer = "#/actions/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (target is null)
                diagnostics.Add(locator.Diagnostic("FLXG006", $"Overlay action {i} {reason}; it was skipped.", pointer));
            else if (reason == "matches nothing")
                diagnostics.Add(locator.Diagnostic("FLXG007", $"Overlay action {i}: target '{target}' matches nothing in '{System.IO.Path.GetFileName(spec.Path)}'. The spec may have changed; update or remove the action.", pointer + "/target"));
            else
                diagnostics.Add(locator.Diagnostic("FLXG006", $"Overlay action {i}: target '{target}' {reason}.", pointer + "/target"));
        });
        return (root.ToJsonString(), diagnostics);
    }
}

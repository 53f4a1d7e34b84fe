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
    /// <summary>
    /// The spec's JSON tree with the overlay's actions applied, for the parser to read as it is; null (and a diagnostic)
    /// when the overlay cannot be applied, and the spec is read without it.
    /// </summary>
    public static (JsonNode? Overlaid, List<DiagnosticInfo> Diagnostics) Apply(SpecFile spec, SpecFile overlay, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var locator = new JsonLocator(overlay.Path, overlay.Text);
        JsonNode? root;
        JsonArray? actions;
        try
        {
            root = JsonNode.Parse(spec.Text, documentOptions: OpenApiReader.JsonOptions);
            // Only an object has 'actions' (the indexer throws on any other node), and reading one builds the object.
            actions = JsonNode.Parse(overlay.Text, documentOptions: OpenApiReader.JsonOptions) is JsonObject document ? document["actions"] as JsonArray : null;
        }
        catch (JsonException ex)
        {
            diagnostics.Add(locator.Diagnostic(DiagnosticDescriptors.OverlayUnreadable, null, System.IO.Path.GetFileName(overlay.Path), $"it (or its spec) is not valid JSON ({ex.Message}); the spec is generated without it"));
            return (null, diagnostics);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            diagnostics.Add(Unholdable(locator, overlay, ex));
            return (null, diagnostics);
        }

        if (root is null || actions is null)
        {
            diagnostics.Add(locator.Diagnostic(DiagnosticDescriptors.OverlayUnreadable, null, System.IO.Path.GetFileName(overlay.Path), "it has no 'actions' array (OpenAPI Overlay 1.0); the spec is generated without it"));
            return (null, diagnostics);
        }

        try
        {
            var refused = OverlayCore.Apply(root, actions, (i, target, reason) =>
            {
                string pointer = "#/actions/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (target is null)
                    diagnostics.Add(locator.Diagnostic(DiagnosticDescriptors.OverlayUnreadable, pointer, System.IO.Path.GetFileName(overlay.Path), $"action {i} {reason}; it was skipped"));
                else if (reason is OverlayCore.NullUpdate or OverlayCore.UndecodableUpdate)
                    // At what is wrong with the update: the text that cannot be decoded, or the null itself.
                    diagnostics.Add(locator.Diagnostic(DiagnosticDescriptors.OverlayUnreadable,
                        (reason == OverlayCore.UndecodableUpdate ? locator.UndecodableText(pointer + "/update") : null) ?? pointer + "/update",
                        System.IO.Path.GetFileName(overlay.Path), $"action {i}: {reason}"));
                else if (reason == OverlayCore.MatchesNothing)
                    diagnostics.Add(locator.Diagnostic(DiagnosticDescriptors.OverlayTargetMissing, pointer + "/target", i.ToString(System.Globalization.CultureInfo.InvariantCulture), target, System.IO.Path.GetFileName(spec.Path)));
                else
                    diagnostics.Add(locator.Diagnostic(DiagnosticDescriptors.OverlayUnreadable, pointer + "/target", System.IO.Path.GetFileName(overlay.Path), $"action {i}: target '{target}' {reason}"));
            }, cancellationToken);
            if (refused is var (action, why))
            {
                string pointer = "#/actions/" + action.ToString(System.Globalization.CultureInfo.InvariantCulture);
                diagnostics.Add(locator.Diagnostic(DiagnosticDescriptors.OverlayUnreadable, pointer, System.IO.Path.GetFileName(overlay.Path), $"action {action} {why}; the spec is generated without the overlay"));
                return (null, diagnostics);
            }
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            diagnostics.Add(Unholdable(locator, overlay, ex));
            return (null, diagnostics);
        }
        return (root, diagnostics);
    }

    /// <summary>
    /// JSON that System.Text.Json will not hold as a tree: one key twice in an object, or text it cannot decode such as
    /// an escaped lone surrogate; at the first of them in the overlay.
    /// </summary>
    private static DiagnosticInfo Unholdable(JsonLocator locator, SpecFile overlay, Exception ex)
    {
        string? at = locator.Refused(ex);
        return locator.Diagnostic(DiagnosticDescriptors.OverlayUnreadable, at, System.IO.Path.GetFileName(overlay.Path),
            $"it could not be applied ({JsonLocator.Reason(ex, at)}); the spec is generated without it");
    }
}

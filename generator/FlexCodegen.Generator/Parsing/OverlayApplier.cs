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
    public static (JsonNode? Overlaid, List<DiagnosticInfo> Diagnostics) Apply(SpecFile spec, SpecFile overlay, CancellationToken cancellationToken) =>
        Apply(spec, new[] { overlay }, cancellationToken);

    /// <summary>
    /// The spec's JSON tree with each overlay applied in turn, each to the tree the ones before it made; each overlay's
    /// problems are reported at their place in that overlay. An overlay that cannot be applied is left out (FLXG006) and
    /// the next applies to the tree without it. Null when no overlay applied, or the spec itself is not a JSON tree (the
    /// parser then reports that at the spec).
    /// </summary>
    public static (JsonNode? Overlaid, List<DiagnosticInfo> Diagnostics) Apply(SpecFile spec, IReadOnlyList<SpecFile> overlays, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var applied = new List<SpecFile>();
        JsonNode? root = null;
        foreach (var overlay in overlays)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var locator = new JsonLocator(overlay.Path, overlay.Text);
            var actions = Actions(overlay, locator, diagnostics);
            if (actions is null) continue;
            root ??= SpecTree(spec);
            if (root is null) return (null, diagnostics);
            if (ApplyOne(spec, overlay, locator, root, actions, diagnostics.Add, cancellationToken))
            {
                applied.Add(overlay);
                continue;
            }
            // The refused overlay left the tree half-changed: the ones before it are applied again to the spec as read
            // (their problems were reported the first time).
            root = SpecTree(spec);
            if (root is null) return (null, diagnostics);
            foreach (var before in applied)
                ApplyOne(spec, before, new JsonLocator(before.Path, before.Text), root, Actions(before, null, null)!, static _ => { }, cancellationToken);
        }
        return (applied.Count == 0 ? null : root, diagnostics);
    }

    /// <summary>The spec as a tree the actions can change; null when it is not one (the parser reports why, at the spec).</summary>
    private static JsonNode? SpecTree(SpecFile spec)
    {
        try
        {
            return JsonNode.Parse(spec.Text, documentOptions: OpenApiReader.JsonOptions);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The overlay's <c>actions</c>; null (and FLXG006 at the overlay, when <paramref name="diagnostics"/> is given) when it has none to read.</summary>
    private static JsonArray? Actions(SpecFile overlay, JsonLocator? locator, List<DiagnosticInfo>? diagnostics)
    {
        try
        {
            // Only an object has 'actions' (the indexer throws on any other node), and reading one builds the object.
            if (JsonNode.Parse(overlay.Text, documentOptions: OpenApiReader.JsonOptions) is JsonObject document && document["actions"] is JsonArray actions)
                return actions;
            diagnostics?.Add(locator!.Diagnostic(DiagnosticDescriptors.OverlayUnreadable, null, System.IO.Path.GetFileName(overlay.Path), "it has no 'actions' array (OpenAPI Overlay 1.0); the spec is generated without it"));
        }
        catch (JsonException ex)
        {
            diagnostics?.Add(locator!.Diagnostic(DiagnosticDescriptors.OverlayUnreadable, null, System.IO.Path.GetFileName(overlay.Path), $"it is not valid JSON ({ex.Message}); the spec is generated without it"));
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            diagnostics?.Add(Unholdable(locator!, overlay, ex));
        }
        return null;
    }

    /// <summary>Applies one overlay's actions to <paramref name="root"/>; false when it was refused, and the tree is then half-changed.</summary>
    private static bool ApplyOne(SpecFile spec, SpecFile overlay, JsonLocator locator, JsonNode root, JsonArray actions, Action<DiagnosticInfo> report, CancellationToken cancellationToken)
    {
        string name = System.IO.Path.GetFileName(overlay.Path);
        try
        {
            var refused = OverlayCore.Apply(root, actions, (i, target, reason) =>
            {
                string pointer = "#/actions/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (target is null)
                    report(locator.Diagnostic(DiagnosticDescriptors.OverlayUnreadable, pointer, name, $"action {i} {reason}; it was skipped"));
                else if (reason is OverlayCore.NullUpdate or OverlayCore.UndecodableUpdate)
                    // At what is wrong with the update: the text that cannot be decoded, or the null itself.
                    report(locator.Diagnostic(DiagnosticDescriptors.OverlayUnreadable,
                        (reason == OverlayCore.UndecodableUpdate ? locator.UndecodableText(pointer + "/update") : null) ?? pointer + "/update",
                        name, $"action {i}: {reason}"));
                else if (reason == OverlayCore.MatchesNothing)
                    report(locator.Diagnostic(DiagnosticDescriptors.OverlayTargetMissing, pointer + "/target", i.ToString(System.Globalization.CultureInfo.InvariantCulture), target, System.IO.Path.GetFileName(spec.Path)));
                else
                    report(locator.Diagnostic(DiagnosticDescriptors.OverlayUnreadable, pointer + "/target", name, $"action {i}: target '{target}' {reason}"));
            }, cancellationToken);
            if (refused is var (action, why))
            {
                string pointer = "#/actions/" + action.ToString(System.Globalization.CultureInfo.InvariantCulture);
                report(locator.Diagnostic(DiagnosticDescriptors.OverlayUnreadable, pointer, name, $"action {action} {why}; the spec is generated without the overlay"));
                return false;
            }
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            report(Unholdable(locator, overlay, ex));
            return false;
        }
        return true;
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

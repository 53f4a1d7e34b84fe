using System;
using System.Collections.Generic;
using System.Linq;
using FlexCodegen.Generator.Model;

namespace FlexCodegen.Generator.Selection;

/// <summary>
/// A model cut down to a selection: the selected operations, the resource tree from the client down to each of them
/// (a node on the way keeps only its selected operations), their request types, and the objects, enums and ids those
/// use, nothing else. Names are the ones the whole spec gives, so a selection is a part of the full API, never a
/// renamed copy, and widening it later renames nothing.
/// </summary>
internal static class ModelSelector
{
    public static (ApiModel Model, List<(string List, string Pattern)> Unmatched) Apply(ApiModel model, OperationSelection selection)
    {
        var unmatched = new List<(string List, string Pattern)>();
        if (selection.IsAll) return (model, unmatched);

        var operations = model.Resources.SelectMany(r => r.Operations).ToList();
        foreach (var (list, pattern, isPath) in selection.Patterns())
            if (!operations.Any(op => isPath ? Glob.MatchesPath(pattern, op.SpecPath) : Glob.MatchesName(pattern, op.OperationId)))
                unmatched.Add((list, pattern));

        var byName = new Dictionary<string, ResourceModel>(StringComparer.Ordinal);
        foreach (var r in model.Resources) byName[r.ClassName] = r;
        var kept = new Dictionary<string, bool>(StringComparer.Ordinal);
        bool Keep(ResourceModel resource)
        {
            if (kept.TryGetValue(resource.ClassName, out bool known)) return known;
            kept[resource.ClassName] = false; // a tree has no cycles; this only guards the walk
            // Every child is visited (no short-circuit): a kept node needs to know which of its children are kept.
            bool any = resource.Operations.Any(op => selection.Selects(op.SpecPath, op.OperationId));
            foreach (var child in resource.Children)
                if (byName.TryGetValue(child.ClassName, out var node) && Keep(node)) any = true;
            return kept[resource.ClassName] = any;
        }

        var resources = new List<ResourceModel>();
        foreach (var resource in model.Resources)
        {
            if (!Keep(resource) && !resource.IsRoot) continue;
            resources.Add(resource with
            {
                Operations = resource.Operations.Where(op => selection.Selects(op.SpecPath, op.OperationId)).ToEquatableArray(),
                Children = resource.Children.Where(c => kept.TryGetValue(c.ClassName, out bool k) && k).ToEquatableArray(),
            });
        }

        var requestNames = new HashSet<string>(resources.SelectMany(r => r.Operations).Select(op => op.RequestType).Where(n => n is not null)!, StringComparer.Ordinal);
        var requests = model.Requests.Where(r => requestNames.Contains(r.TypeName)).ToList();
        var fieldTypes = requests.SelectMany(r => r.Fields).Select(f => (TypeRef?)f.Field.Type).ToList();
        var used = TypeGraph.Reachable(model.Objects,
            resources.SelectMany(r => r.Operations).Select(op => op.Response)
                .Concat(resources.SelectMany(r => r.Children).Select(c => c.IndexerType))
                .Concat(fieldTypes));
        // Only what a selected request carries is checked before sending (an object also sent by a left-out one is not).
        var sent = TypeGraph.Reachable(model.Objects, fieldTypes).Objects;

        return (model with
        {
            Sids = model.Sids.Where(s => used.Sids.Contains(s.TypeName)).ToEquatableArray(),
            Enums = model.Enums.Where(e => used.Enums.Contains(e.TypeName)).ToEquatableArray(),
            Objects = model.Objects.Where(o => used.Objects.Contains(o.TypeName)).Select(o => o with { Sent = sent.Contains(o.TypeName) }).ToEquatableArray(),
            Requests = requests.ToEquatableArray(),
            Resources = resources.ToEquatableArray(),
        }, unmatched);
    }

    /// <summary>Whether the operation at <paramref name="path"/> with <paramref name="operationId"/> is generated.</summary>
    public static bool Selects(this OperationSelection selection, string path, string operationId)
    {
        bool included = (selection.IncludePaths.Count == 0 && selection.IncludeOperations.Count == 0)
            || selection.IncludePaths.Any(p => Glob.MatchesPath(p, path))
            || selection.IncludeOperations.Any(p => Glob.MatchesName(p, operationId));
        return included
            && !selection.ExcludePaths.Any(p => Glob.MatchesPath(p, path))
            && !selection.ExcludeOperations.Any(p => Glob.MatchesName(p, operationId));
    }
}

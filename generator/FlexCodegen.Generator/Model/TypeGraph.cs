using System;
using System.Collections.Generic;
using System.Linq;

namespace FlexCodegen.Generator.Model;

/// <summary>Which generated types a set of values uses, through the properties of the objects it reaches.</summary>
internal static class TypeGraph
{
    /// <summary>The names of the objects, enums and ids <paramref name="roots"/> reach, each kind on its own.</summary>
    public static (HashSet<string> Objects, HashSet<string> Enums, HashSet<string> Sids) Reachable(IEnumerable<ObjectModel> objects, IEnumerable<TypeRef?> roots)
    {
        var byName = new Dictionary<string, ObjectModel>(StringComparer.Ordinal);
        foreach (var o in objects)
            if (!byName.ContainsKey(o.TypeName)) byName[o.TypeName] = o;
        var reached = (Objects: new HashSet<string>(StringComparer.Ordinal), Enums: new HashSet<string>(StringComparer.Ordinal), Sids: new HashSet<string>(StringComparer.Ordinal));
        var pending = new Stack<TypeRef>(roots.Where(t => t is not null)!);
        while (pending.Count > 0)
        {
            var type = pending.Pop();
            while (type.Kind == ValueKind.Array && type.Item is not null) type = type.Item;
            if (type.Name is null) continue;
            switch (type.Kind)
            {
                case ValueKind.Enum:
                    reached.Enums.Add(type.Name);
                    break;
                case ValueKind.Sid:
                    reached.Sids.Add(type.Name);
                    break;
                case ValueKind.Object when reached.Objects.Add(type.Name) && byName.TryGetValue(type.Name, out var model):
                    foreach (var property in model.Properties) pending.Push(property.Type);
                    break;
            }
        }
        return reached;
    }
}

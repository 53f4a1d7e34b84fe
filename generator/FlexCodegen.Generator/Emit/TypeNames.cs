using FlexCodegen.Generator.Model;

namespace FlexCodegen.Generator.Emit;

/// <summary>How generated code spells types, and the attributes and file names every generated type gets.</summary>
internal static class TypeNames
{
    public const string Runtime = "global::FlexCodegen.Runtime";
    public const string Json = "global::System.Text.Json";

    public const string CancellationToken = "global::System.Threading.CancellationToken";

    /// <summary>On every generated type, so analyzers and coverage tools treat it as generated.</summary>
    public static readonly string GeneratedCode =
        "[global::System.CodeDom.Compiler.GeneratedCode(\"FlexCodegen\", \"" + (typeof(TypeNames).Assembly.GetName().Version?.ToString(3) ?? "0.0.0") + "\")]";

    /// <summary>On plumbing types (converters), as Refit marks its generated plumbing.</summary>
    public const string ExcludeFromCoverage = "[global::System.Diagnostics.CodeAnalysis.ExcludeFromCodeCoverage]";

    public static bool IsValueType(TypeRef t) => t.Kind is ValueKind.Boolean or ValueKind.Int32 or ValueKind.Int64 or ValueKind.Double or ValueKind.DateTime or ValueKind.Json or ValueKind.Sid or ValueKind.Enum;

    /// <summary>The C# type, without nullability.</summary>
    public static string Name(TypeRef t) => t.Kind switch
    {
        ValueKind.String => "string",
        ValueKind.Boolean => "bool",
        ValueKind.Int32 => "int",
        ValueKind.Int64 => "long",
        ValueKind.Double => "double",
        ValueKind.DateTime => "global::System.DateTimeOffset",
        ValueKind.Uri => "global::System.Uri",
        ValueKind.UriMap => "global::System.Collections.Generic.IReadOnlyDictionary<string, global::System.Uri>",
        ValueKind.Json => Json + ".JsonElement",
        ValueKind.Array => "global::System.Collections.Generic.IReadOnlyList<" + Name(t.Item!) + ">",
        _ => t.FullyQualifiedName!,
    };

    public static string Nullable(TypeRef t) => Name(t) + "?";

    public static string Hint(EmitContext context, string typeName) => context.HintPrefix + "." + typeName + ".g.cs";
}

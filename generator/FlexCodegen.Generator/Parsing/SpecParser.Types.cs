using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using FlexCodegen.Generator.Diagnostics;
using FlexCodegen.Generator.Model;
using FlexCodegen.Generator.Names;

namespace FlexCodegen.Generator.Parsing;

internal sealed partial class SpecParser
{
    /// <summary>An id pattern seen in the spec, with the names it could be given.</summary>
    private sealed class SidDraft
    {
        public SidDraft(SidPattern pattern, string source) { Pattern = pattern; Source = source; }
        public SidPattern Pattern { get; }
        public string Source { get; }
        public SortedSet<string> Owners { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, int> PropertyNames { get; } = new(StringComparer.Ordinal);
        public string? Description { get; set; }
        public string TypeName { get; set; } = "";
        public string? Namespace { get; set; }
        public string? Pointer { get; set; }
    }

    // ---- SIDs ----------------------------------------------------------------------------------------------

    private void CollectSids()
    {
        foreach (var (name, schema) in ComponentSchemas())
        {
            foreach (var prop in PropertiesOf(schema))
            {
                var target = prop.Value.Ref is not null ? null : prop.Value;
                var candidate = target is not null && (target.Type & SchemaTypes.Array) != 0 ? target.Items : target;
                if (candidate is null || candidate.Ref is not null) continue;
                var draft = SeeSid(candidate.Pattern, prop.Key, candidate.Description, "#/components/schemas/" + Escape(name) + "/properties/" + Escape(prop.Key));
                if (draft is not null && prop.Key == "sid") draft.Owners.Add(name);
            }
        }

        foreach (var (path, item) in Paths())
        {
            foreach (var (_, op) in Operations(item))
            {
                foreach (var p in Parameters(item, op))
                {
                    if (p.In == ParameterLocation.Path && p.Name == "Sid") continue; // named by its owner
                    SeeSid(p.Schema?.Pattern, p.Name, p.Description);
                }
                var (_, body) = Body(op);
                foreach (var prop in PropertiesOf(body))
                    SeeSid(prop.Value.Pattern ?? prop.Value.Items?.Pattern, prop.Key, prop.Value.Description);
            }
        }

        // A webhook's payload written in place (not a component): its ids as a request body's.
        foreach (var webhook in _document.Webhooks)
        {
            foreach (var (_, op) in Operations(webhook.Item))
            {
                var (_, body) = PayloadBody(op);
                if (body is null || body.Ref is not null) continue;
                foreach (var prop in PropertiesOf(body))
                    SeeSid(prop.Value.Pattern ?? prop.Value.Items?.Pattern, prop.Key, prop.Value.Description);
            }
        }
    }

    private SidDraft? SeeSid(string? pattern, string propertyName, string? description, string? pointer = null)
    {
        var sid = SidPattern.TryParse(pattern);
        if (sid is null) return null;
        if (!_sidsByKey.TryGetValue(sid.Key, out var draft))
            _sidsByKey[sid.Key] = draft = new SidDraft(sid, pattern!);
        draft.Pointer ??= pointer;
        draft.PropertyNames.TryGetValue(propertyName, out int count);
        draft.PropertyNames[propertyName] = count + 1;
        if (draft.Description is null && propertyName != "sid") draft.Description = Text(description);
        return draft;
    }

    /// <summary>
    /// A prefix owned by a resource (its <c>sid</c> property) is named after the resource; the others after the
    /// property most often carrying them. Owned prefixes claim names first, so <c>InteractionSid</c> always means KD.
    /// </summary>
    private EquatableArray<SidModel> NameSids()
    {
        var owned = _sidsByKey.Values.Where(d => d.Owners.Count > 0)
            .Select(d => (Draft: d, Wanted: OwnerName(d)))
            .OrderBy(x => x.Wanted, StringComparer.Ordinal).ThenBy(x => x.Draft.Pattern.Key, StringComparer.Ordinal);
        var unowned = _sidsByKey.Values.Where(d => d.Owners.Count == 0)
            .Select(d => (Draft: d, Wanted: PropertySidName(d)))
            .OrderBy(x => x.Wanted, StringComparer.Ordinal).ThenBy(x => x.Draft.Pattern.Key, StringComparer.Ordinal);

        var result = new List<SidModel>();
        foreach (var (draft, wanted) in owned.Concat(unowned))
        {
            var pattern = draft.Pattern;
            if (_sharesTwilioIds && TwilioIds.NameFor(pattern.Prefixes, pattern.Storage()) is string shared)
            {
                // One type per Twilio id kind in a compilation: named by the table, not by this spec, and without this
                // spec's description, so every spec that has the kind yields the same model and one type is emitted.
                draft.TypeName = shared;
                draft.Namespace = TwilioIds.Namespace;
                result.Add(SharedSid(shared, TwilioIds.PatternOf(pattern.Prefixes[0])));
                continue;
            }
            string name = wanted;
            if (_names.IsTaken(name))
            {
                // Same name, different prefix (channel_sid is CH in Chat, UO in Interactions): never merge the two.
                name = wanted.Substring(0, wanted.Length - 3) + Naming.Pascal(string.Join("", draft.Pattern.Prefixes)) + "Sid";
            }
            draft.TypeName = _names.Claim(name);
            if (_sharesTwilioIds && pattern.Prefixes.Count == 1 && TwilioIds.NameOfPrefix(pattern.Prefixes[0]) is string twilioName)
            {
                // Twilio's prefix in another form is not Twilio's id: never merged into the shared type, and said so.
                Report(DiagnosticDescriptors.SidFormDiffers, draft.Pointer, draft.Source, pattern.Prefixes[0], TwilioIds.Namespace + "." + twilioName,
                    TwilioIds.PatternOf(pattern.Prefixes[0]), draft.TypeName);
            }
            result.Add(new SidModel(draft.TypeName, pattern.Prefixes.ToEquatableArray(), pattern.BodyLength, pattern.BodyChars(), pattern.Storage(),
                pattern.Describe(), draft.Source, draft.Description));
        }
        return result.OrderBy(s => s.TypeName, StringComparer.Ordinal).ToEquatableArray();
    }

    /// <summary>The model of one of Twilio's shared id kinds: what the runtime's type was emitted from.</summary>
    public static SidModel SharedSid(string name, string patternText)
    {
        var pattern = SidPattern.TryParse(patternText)!;
        return new SidModel(name, pattern.Prefixes.ToEquatableArray(), pattern.BodyLength, pattern.BodyChars(), pattern.Storage(),
            pattern.Describe(), patternText, null, TwilioIds.Namespace);
    }

    private static string OwnerName(SidDraft draft)
    {
        // The shortest owning schema is the resource itself (conversation over service_conversation).
        string owner = draft.Owners.OrderBy(o => Naming.SchemaTypeName(o).Length).ThenBy(o => o, StringComparer.Ordinal).First();
        return Naming.SchemaTypeName(owner) + "Sid";
    }

    private static string PropertySidName(SidDraft draft)
    {
        // A plain name beats a dotted form name (workspace_sid over Integration.WorkspaceSid); then the most used, the shortest.
        string property = draft.PropertyNames.Where(p => p.Key != "sid" && p.Key != "Sid")
            .OrderBy(p => p.Key.Contains(".") ? 1 : 0).ThenByDescending(p => p.Value).ThenBy(p => p.Key.Length).ThenBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => p.Key).FirstOrDefault()
            ?? string.Join("", draft.Pattern.Prefixes);
        string name = Naming.Identifier(Naming.Pascal(property), "Id");
        return name.EndsWith("Sid", StringComparison.Ordinal) ? name : name + "Sid";
    }

    private SidDraft? SidFor(string? pattern) =>
        SidPattern.TryParse(pattern) is SidPattern sid && _sidsByKey.TryGetValue(sid.Key, out var draft) ? draft : null;

    // ---- enums and objects --------------------------------------------------------------------------------

    private void CollectComponentTypes()
    {
        // Names first, so references resolve whatever order the schemas come in.
        var enumSchemas = new List<(string Name, SpecSchema Schema)>();
        var objectSchemas = new List<(string Name, SpecSchema Schema)>();
        foreach (var (name, schema) in ComponentSchemas())
        {
            // A schema that is only a $ref is an alias: it names the type it leads to, it is not a type of its own
            // (a chain S0 → S1 → … → S1000 is one type, not 1,001 identical ones).
            if (schema.Ref is not null) continue;
            if (schema.Enum is { Count: > 0 }) enumSchemas.Add((name, schema));
            else if (schema.Properties is { Count: > 0 }) objectSchemas.Add((name, schema));
        }

        // Resources claim their names before enums: ProvisioningStatus is the resource, its status enum gives way.
        foreach (var (name, _) in objectSchemas)
            _objectNameBySchema[name] = ClaimType(new[] { Naming.SchemaTypeName(name) }, "#/components/schemas/" + Escape(name), name);
        foreach (var (name, _) in enumSchemas)
        {
            int at = name.IndexOf("_enum_", StringComparison.Ordinal);
            var candidates = at > 0
                ? new[]
                {
                    Naming.EnumName(name.Substring(0, at), name.Substring(at + "_enum_".Length)),
                    Naming.Pascal(name.Substring(0, at)) + Naming.Pascal(name.Substring(at + "_enum_".Length)),
                    Naming.Pascal(name),
                }
                : new[] { Naming.SchemaTypeName(name) };
            _enumNameBySchema[name] = ClaimType(candidates.Select(c => Naming.Identifier(c, "Enum")), "#/components/schemas/" + Escape(name), name);
        }

        foreach (var (name, schema) in enumSchemas)
            _enums.Add(MakeEnum(_enumNameBySchema[name], schema, "#/components/schemas/" + Escape(name)));
        foreach (var (name, schema) in objectSchemas)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            _objects.Add(MakeObject(_objectNameBySchema[name], schema, "#/components/schemas/" + Escape(name)));
        }
    }

    /// <summary>
    /// Claims the first free candidate (else the first with a number); says so when the first was taken. A candidate named
    /// like a type every SDK project imports gets the product in front first (<see cref="ImplicitUsings"/>).
    /// </summary>
    private string ClaimType(IEnumerable<string> candidates, string pointer, string specName)
    {
        var list = candidates.Select(c => ImplicitUsings.Clear(c, _namespace)).Distinct(StringComparer.Ordinal).ToList();
        string name = list.FirstOrDefault(c => !_names.IsTaken(c)) ?? list[0];
        name = _names.Claim(name);
        if (name != list[0])
            Report(DiagnosticDescriptors.NameClash, pointer, $"'{specName}'", list[0], name);
        return name;
    }

    private EnumModel MakeEnum(string typeName, SpecSchema schema, string pointer)
    {
        var members = new List<EnumMember>();
        var used = new HashSet<string>(GeneratedMembers.Enum, StringComparer.Ordinal) { typeName };
        var wires = new HashSet<string>(StringComparer.Ordinal);
        var descriptions = schema.EnumDescriptions;
        if (descriptions is not null && descriptions.Count != schema.Enum!.Count && _reportedPlaces.Add(pointer + "/x-enum-descriptions"))
            Report(DiagnosticDescriptors.SpecParseWarning, pointer + "/x-enum-descriptions",
                $"'x-enum-descriptions' of {typeName} has {descriptions.Count} entries for {schema.Enum.Count} values; each describes the value at its position, and a value without one is described by its text alone");
        for (int index = 0; index < schema.Enum!.Count; index++)
        {
            var node = schema.Enum[index];
            string? wire = node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node?.ToJsonString();
            if (wire is null || !wires.Add(wire)) continue;
            string wanted = wire.Length == 0 ? "Empty" : Naming.Identifier(Naming.Pascal(wire));
            if (wanted.Length == 0) wanted = "Value";
            string name = NameRegistry.Claim(used, wanted);
            if (name != wanted)
                Report(DiagnosticDescriptors.NameClash, pointer, $"Enum value '{wire}' of {typeName}", wanted, name);
            members.Add(new EnumMember(name, wire, descriptions is not null && index < descriptions.Count ? Text(descriptions[index]) : null));
        }
        return new EnumModel(typeName, members.ToEquatableArray(), Text(schema.Description), pointer);
    }

    private ObjectModel MakeObject(string typeName, SpecSchema schema, string pointer)
    {
        var props = new List<PropertyModel>();
        var used = new HashSet<string>(GeneratedMembers.Object, StringComparer.Ordinal) { typeName };
        var required = schema.Required ?? new HashSet<string>();
        foreach (var prop in PropertiesOf(schema))
        {
            string propPointer = pointer + "/properties/" + Escape(prop.Key);
            string name = UniqueMember(Naming.Pascal(prop.Key), used, typeName, prop.Key, propPointer);
            var type = Resolve(prop.Value, typeName, prop.Key, propPointer);
            props.Add(new PropertyModel(prop.Key, name, type, required.Contains(prop.Key), Text(Target(prop.Value, propPointer)?.Description), ConstraintsOf(prop.Value, type, propPointer), propPointer));
        }
        return new ObjectModel(typeName, props.ToEquatableArray(), Text(schema.Description ?? schema.Title));
    }

    private string UniqueMember(string wanted, HashSet<string> used, string typeName, string specName, string pointer)
    {
        if (wanted.Length == 0)
        {
            Report(DiagnosticDescriptors.InvalidIdentifier, pointer, $"'{specName}'", "it has no letters or digits to make one from", "it is generated as 'Value'");
            wanted = "Value";
        }
        wanted = Naming.Identifier(wanted);
        string name = NameRegistry.Claim(used, wanted);
        if (name != wanted)
            Report(DiagnosticDescriptors.NameClash, pointer, $"'{specName}' in {typeName}", wanted, name);
        return name;
    }

    /// <summary>The C# type of a schema. Inline enums become types named owner + field; inline objects stay JsonElement.</summary>
    private TypeRef Resolve(SpecSchema schema, string owner, string field, string pointer)
    {
        // An alias chain is followed a link at a time: its length takes no stack.
        while (RefId(schema) is string id)
        {
            if (Target(schema, pointer) is null) return TypeRef.Json;
            if (_enumNameBySchema.TryGetValue(id, out var enumName)) return Generated(ValueKind.Enum, enumName);
            if (_objectNameBySchema.TryGetValue(id, out var objectName)) return Generated(ValueKind.Object, objectName);
            schema = schema.Target!;
        }

        if (schema.Enum is { Count: > 0 } && (schema.Type == SchemaTypes.None || Has(schema, SchemaTypes.String)))
        {
            string key = "inline:" + owner + "." + field;
            if (!_enumNameBySchema.TryGetValue(key, out var name))
            {
                name = ClaimType(new[] { Naming.Identifier(Naming.EnumName(owner, field), "Enum"), Naming.Identifier(Naming.Pascal(owner) + Naming.Pascal(field), "Enum") }, pointer, owner + "." + field);
                _enumNameBySchema[key] = name;
                _enums.Add(MakeEnum(name, schema, pointer));
            }
            return Generated(ValueKind.Enum, name);
        }

        if (Has(schema, SchemaTypes.Array))
        {
            if (schema.Items is { } inner && Has(inner, SchemaTypes.Array))
            {
                // The emitters have no code for a list of lists (it would not compile): each inner list stays JSON.
                if (_reportedPlaces.Add(pointer + "/items"))
                    Report(DiagnosticDescriptors.Unsupported, pointer + "/items", $"A list of lists ('{field}' of {owner})", "the items of an array are an array", "each inner list is typed as JsonElement");
                return new TypeRef(ValueKind.Array, Item: TypeRef.Json);
            }
            return new TypeRef(ValueKind.Array, Item: schema.Items is null ? TypeRef.Json : Resolve(schema.Items, owner, field, pointer + "/items"));
        }
        if (Has(schema, SchemaTypes.String))
        {
            if (SidFor(schema.Pattern) is SidDraft sid) return new TypeRef(ValueKind.Sid, sid.TypeName, Namespace: sid.Namespace ?? _namespace);
            return schema.Format switch
            {
                "date-time" or "date-time-rfc-2822" => new TypeRef(ValueKind.DateTime),
                "uri" => new TypeRef(ValueKind.Uri),
                _ => TypeRef.String,
            };
        }
        if (Has(schema, SchemaTypes.Integer)) return new TypeRef(schema.Format == "int64" ? ValueKind.Int64 : ValueKind.Int32);
        if (Has(schema, SchemaTypes.Number)) return new TypeRef(ValueKind.Double);
        if (Has(schema, SchemaTypes.Boolean)) return new TypeRef(ValueKind.Boolean);
        if (Has(schema, SchemaTypes.Object) && schema.Format == "uri-map") return new TypeRef(ValueKind.UriMap);
        return TypeRef.Json; // free-form: objects without a named schema, values with no type
    }

    /// <summary>A generated type; code names it with global::, so a property called AccountSid never hides the type AccountSid.</summary>
    private TypeRef Generated(ValueKind kind, string typeName) => new(kind, typeName, Namespace: _namespace);

    /// <summary>
    /// The checks a schema states. A bound that is not a finite number, or a pattern that is not a valid regular
    /// expression, is reported at its place and left out: it would not compile, or would throw when the check first runs.
    /// </summary>
    private Constraints ConstraintsOf(SpecSchema schema, TypeRef type, string pointer)
    {
        var s = Target(schema, pointer);
        if (s is null) return Constraints.None;
        bool isSid = type.Kind == ValueKind.Sid;
        string? pattern = isSid || type.Kind != ValueKind.String ? null : Text(s.Pattern);
        if (pattern is not null && !IsValidRegex(pattern, out string? why))
        {
            Report(DiagnosticDescriptors.InvalidPattern, pointer + "/pattern", Quote(pattern), why!);
            pattern = null;
        }
        var c = new Constraints(
            isSid ? null : s.MinLength,
            isSid ? null : s.MaxLength,
            Bound(s.Minimum, "minimum", pointer),
            Bound(s.Maximum, "maximum", pointer),
            pattern);
        return c == Constraints.None ? Constraints.None : c;
    }

    private string? Bound(string? text, string keyword, string pointer)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double value) && !double.IsInfinity(value) && !double.IsNaN(value))
            return value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        Report(DiagnosticDescriptors.NumberOutOfRange, pointer + "/" + keyword, keyword, Quote(text!));
        return null;
    }

    private static bool IsValidRegex(string pattern, out string? why)
    {
        try
        {
            _ = new System.Text.RegularExpressions.Regex(pattern, System.Text.RegularExpressions.RegexOptions.CultureInvariant);
            why = null;
            return true;
        }
        catch (ArgumentException ex)
        {
            why = ex.Message;
            return false;
        }
    }

    private static string Quote(string text) => text.Length <= 100 ? text : text.Substring(0, 100) + "…";
}

using FlexCodegen.Generator.Model;
using FlexCodegen.Generator.Names;
using Microsoft.CodeAnalysis;

namespace FlexCodegen.Generator.Emit;

/// <summary>
/// Emits a catalogue of event types: a static class with a <c>const string</c> per value of the enum that types a
/// webhook payload's <c>EventType</c>. Constants, not the enum's values, because dispatch by text
/// (<c>.On(TaskrouterEventTypes.TaskCompleted, …)</c>) and <c>switch</c> labels take constants.
/// </summary>
internal static class EventTypesEmitter
{
    public static void Emit(SourceProductionContext context, EmitContext emit, EventTypesModel model) =>
        context.AddSource(TypeNames.Hint(emit, model.TypeName), Render(emit, model));

    public static string Render(EmitContext emit, EventTypesModel model)
    {
        string t = model.TypeName;
        var w = new SourceWriter();
        w.Line(SourceWriter.Header(emit.Namespace));
        string first = model.Members.Count > 0 ? model.Members[0].Name : "";
        w.Line("/// <summary>");
        if (!string.IsNullOrWhiteSpace(model.Description))
            foreach (var line in SourceWriter.SplitLines(model.Description!)) w.Line("/// " + SourceWriter.Escape(line).Trim());
        w.Line($"/// The event types a payload's <c>EventType</c> carries, as constants for dispatch by text and for <c>switch</c> labels");
        if (first.Length > 0) w.Line($"/// (<c>case {t}.{first}:</c>).");
        w.Line($"/// The same values as <see cref=\"{model.EnumTypeName}\"/>, which also reads an event type added after this spec.");
        w.Line("/// </summary>");
        w.Line(TypeNames.GeneratedCode);
        w.Open($"public static class {t}");
        for (int i = 0; i < model.Members.Count; i++)
        {
            var m = model.Members[i];
            if (i > 0) w.Line();
            w.Summary(null, $"<c>{SourceWriter.Escape(m.WireValue)}</c>" + (m.Description is null ? "" : ": " + SourceWriter.Escape(m.Description)));
            w.Line($"public const string {m.Name} = {SourceWriter.Literal(m.WireValue)};");
        }
        w.Close();
        return w.ToString();
    }
}

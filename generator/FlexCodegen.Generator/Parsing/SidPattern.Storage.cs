using System.Linq;

namespace FlexCodegen.Generator.Parsing;

/// <summary>How the generated struct holds an id of this pattern (the generator's half: it needs the model).</summary>
internal sealed partial record SidPattern
{
    /// <summary>
    /// Hex when the body is exactly 32 hex digits (all of Twilio's ids) and the runtime's <c>HexSid</c> can number the
    /// prefixes (at most 254, each at most 32 characters); text otherwise.
    /// </summary>
    public Model.SidStorage Storage() =>
        BodyLength == 32 && Prefixes.Count <= 254 && Prefixes.All(p => p.Length <= 32)
        && new string(BodyChars().Distinct().OrderBy(c => c).ToArray()) == "0123456789ABCDEFabcdef"
            ? Model.SidStorage.Hex
            : Model.SidStorage.Text;
}

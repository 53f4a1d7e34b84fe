using System.Collections.Generic;

namespace FlexCodegen.Runtime;

/// <summary>Not for direct use (generated code calls it). A request's header parameters as the pipeline takes them.</summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class TwilioHeaders
{
    /// <summary>The headers whose value is set, in order; null when none is.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>>? Of(params (string Name, string? Value)[] headers)
    {
        List<KeyValuePair<string, string>>? list = null;
        foreach (var (name, value) in headers)
            if (value is not null) (list ??= new()).Add(new KeyValuePair<string, string>(name, value));
        return list;
    }
}

using System;
using System.ComponentModel;

namespace FlexCodegen.Runtime;

/// <summary>
/// States the form of a generated id type (the spec's pattern, e.g. <c>^KD[0-9a-fA-F]{32}$</c>, and the form as error
/// messages describe it), so FlexCodegen's analyzer can check id literals at compile time (FLXG301, FLXG302) in the
/// assembly that generated the id and in every assembly that references it. Plumbing for generated code; not for direct use.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[AttributeUsage(AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class SidFormAttribute : Attribute
{
    /// <summary>Marks a generated id type with its form.</summary>
    /// <param name="pattern">The spec's pattern: one or more upper-case prefixes, then a fixed number of characters from ranges.</param>
    /// <param name="expectedForm">The form as messages state it: <c>'KD' + 32 hex digits, 34 characters</c>.</param>
    public SidFormAttribute(string pattern, string expectedForm)
    {
        Pattern = pattern;
        ExpectedForm = expectedForm;
    }

    /// <summary>The spec's pattern for the id.</summary>
    public string Pattern { get; }

    /// <summary>The form as messages state it.</summary>
    public string ExpectedForm { get; }
}

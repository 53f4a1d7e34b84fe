using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace FlexCodegen.Runtime;

/// <summary>One broken rule: the field (as the API names it), the rule, and the value that broke it.</summary>
public sealed record RequestViolation(string Field, string Rule, string? Value)
{
    /// <summary><c>PageSize: must be at least 1 (got '0')</c>.</summary>
    public override string ToString() => Value is null ? $"{Field}: {Rule}" : $"{Field}: {Rule} (got '{Value}')";
}

/// <summary>A request broke one or more rules; nothing was sent. The message lists every violation.</summary>
public sealed class RequestValidationException : ArgumentException
{
    /// <summary>Creates the exception for <paramref name="requestType"/>.</summary>
    public RequestValidationException(string requestType, IReadOnlyList<RequestViolation> violations)
        : base($"{requestType} is not valid; nothing was sent:" + string.Concat(violations.Select(v => "\n - " + v)), violations.Count > 0 ? violations[0].Field : null)
    {
        RequestType = requestType;
        Violations = violations;
    }

    /// <summary>The request type that failed to build.</summary>
    public string RequestType { get; }

    /// <summary>Every violation, one per line (without ArgumentException's parameter suffix).</summary>
    public override string Message => RequestType + " is not valid; nothing was sent:" + string.Concat(Violations.Select(v => "\n - " + v));

    /// <summary>Every broken rule.</summary>
    public IReadOnlyList<RequestViolation> Violations { get; }
}

/// <summary>Not for direct use (generated code calls it). Collects violations while a generated builder checks its fields.</summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed class RequestValidator
{
    private readonly string _requestType;
    private List<RequestViolation>? _violations;

    /// <summary>Starts checking a request of type <paramref name="requestType"/>.</summary>
    public RequestValidator(string requestType) => _requestType = requestType;

    /// <summary>True when nothing was broken so far.</summary>
    public bool IsValid => _violations is null;

    /// <summary>Records a violation.</summary>
    public void Add(string field, string rule, string? value) => (_violations ??= new()).Add(new RequestViolation(field, rule, value is null ? null : MessageText.Quote(value)));

    /// <summary>A required field that was not set.</summary>
    public void Required(string field) => Add(field, "required, but not set", null);

    /// <summary>An id left at <c>default</c>, which names no resource.</summary>
    /// <param name="field">The field, as the API names it.</param>
    /// <param name="idType">The id type's name.</param>
    /// <param name="expectedForm">What a valid id of that type looks like.</param>
    public void DefaultId(string field, string idType, string expectedForm) =>
        Add(field, "must be " + EnglishArticle.For(idType) + " " + idType + " (" + expectedForm + "), not default(" + idType + ")", null);

    /// <summary>
    /// An enum value whose text is empty, so it names no value; a value the spec does not list is otherwise sent as
    /// given (Twilio may have added it), and an empty value the spec itself lists passes.
    /// </summary>
    /// <typeparam name="T">The enum type.</typeparam>
    /// <param name="field">The field, as the API names it.</param>
    /// <param name="value">The value, if set.</param>
    /// <param name="known">The values the spec lists.</param>
    public void EnumValue<T>(string field, T? value, IReadOnlyList<T> known) where T : struct, IEquatable<T>
    {
        if (value is not T v || v.ToString()!.Length != 0 || known.Contains(v)) return;
        Add(field, "must be a value, not empty: one of " + string.Join(", ", known) + ", or a newer one by its wire text", null);
    }

    /// <summary>As <see cref="EnumValue{T}(string, T?, IReadOnlyList{T})"/>, for the field <paramref name="name"/> of the object at <paramref name="path"/> (joined only when the check fails).</summary>
    /// <typeparam name="T">The enum type.</typeparam>
    /// <param name="path">The object holding the field.</param>
    /// <param name="name">The field's suffix, such as <c>.status</c>.</param>
    /// <param name="value">The value, if set.</param>
    /// <param name="known">The values the spec lists.</param>
    public void EnumValue<T>(string path, string name, T? value, IReadOnlyList<T> known) where T : struct, IEquatable<T>
    {
        if (value is T v && v.ToString()!.Length == 0) EnumValue(path + name, value, known);
    }

    /// <summary>String length within bounds.</summary>
    public void Length(string field, string? value, int? min, int? max)
    {
        if (value is null) return;
        if (min is int lo && value.Length < lo) Add(field, string.Create(CultureInfo.InvariantCulture, $"must be at least {lo} characters long, is {value.Length}"), value);
        if (max is int hi && value.Length > hi) Add(field, string.Create(CultureInfo.InvariantCulture, $"must be at most {hi} characters long, is {value.Length}"), value);
    }

    /// <summary>Number within bounds.</summary>
    public void Range(string field, double? value, double? min, double? max)
    {
        if (value is not double v) return;
        if (min is double lo && v < lo) Add(field, $"must be at least {lo.ToString(CultureInfo.InvariantCulture)}", v.ToString(CultureInfo.InvariantCulture));
        if (max is double hi && v > hi) Add(field, $"must be at most {hi.ToString(CultureInfo.InvariantCulture)}", v.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>String matches the spec's pattern (made by <see cref="SpecPattern.Create"/>, so the check ends in bounded time).</summary>
    public void Pattern(string field, string? value, Regex pattern)
    {
        if (value is null) return;
        try
        {
            if (!pattern.IsMatch(value)) Add(field, $"must match the pattern {MessageText.Quote(pattern.ToString())}", value);
        }
        catch (RegexMatchTimeoutException)
        {
            Add(field, $"could not be checked against the pattern {MessageText.Quote(pattern.ToString())} within {SpecPattern.MatchTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s (the pattern backtracks); refused", value);
        }
    }

    /// <summary>An HTTP header value: a line break or NUL would end the header and start another, so it is refused.</summary>
    public void HeaderValue(string field, string? value)
    {
        if (value is not null && value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
            Add(field, "must not contain a line break (CR, LF) or NUL: it is sent as an HTTP header", value.Replace("\r", "\\r").Replace("\n", "\\n").Replace("\0", "\\0"));
    }

    /// <summary>Throws <see cref="RequestValidationException"/> when anything was broken.</summary>
    public void ThrowIfInvalid()
    {
        if (_violations is not null) throw new RequestValidationException(_requestType, _violations);
    }
}

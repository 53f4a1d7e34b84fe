using System;
using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FlexCodegen.Runtime;

/// <summary>
/// Not for direct use: what every generated model implements, so <see cref="TwilioModelJsonConverter{T}"/> can call its
/// generated reader and writer without reflection.
/// </summary>
/// <typeparam name="TSelf">The model type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface ITwilioJsonModel<TSelf> : IJsonWritable where TSelf : class, ITwilioJsonModel<TSelf>
{
    /// <summary>Not for direct use. Reads the model; the reader is on the object's start and ends on its end.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The model.</returns>
    static abstract TSelf ReadJson(ref Utf8JsonReader reader);
}

/// <summary>
/// Not for direct use: the <see cref="JsonConverter"/> every generated model names in its <c>[JsonConverter]</c>, so plain
/// System.Text.Json (default options, ASP.NET's web defaults, an application's own <c>JsonSerializerContext</c>) reads and
/// writes Twilio's wire form, the same JSON as the model's <c>ToString()</c>, with unknown fields kept. No reflection.
/// </summary>
/// <typeparam name="T">The model type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class TwilioModelJsonConverter<T> : JsonConverter<T> where T : class, ITwilioJsonModel<T>
{
    /// <inheritdoc/>
    /// <remarks>
    /// What System.Text.Json hands a converter is as untrusted as a response (ASP.NET Core binds request bodies with it),
    /// so the model is read under the same budget of kept values as a response (100,000). With
    /// <c>AllowDuplicateProperties</c> false (.NET 10), a key written twice in any object of the value is refused first.
    /// </remarks>
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
#if NET10_0_OR_GREATER
        if (options is { AllowDuplicateProperties: false }) RepeatedKeys.Refuse(reader, typeof(T).Name);
#endif
        bool budget = ResponseBudget.Begin();
        try
        {
            return T.ReadJson(ref reader);
        }
        finally
        {
            if (budget) ResponseBudget.End();
        }
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }
        // Written with the client's own encoder (escaping only what JSON requires), whatever the options say, so the bytes
        // are exactly Twilio's wire form: the same as ToString().
        TwilioJson.WithWriter(value, static (v, w) => v.WriteTo(w), writer, static (outer, utf8) =>
        {
            outer.WriteRawValue(utf8, skipInputValidation: true);
            return 0;
        });
    }
}

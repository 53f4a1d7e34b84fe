using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace FlexCodegen.Runtime;

/// <summary>Twilio's list <c>meta</c>.</summary>
public sealed record PageMeta(int? Page, int? PageSize, Uri? FirstPageUrl, Uri? PreviousPageUrl, Uri? Url, Uri? NextPageUrl, string? Key)
{
    internal static PageMeta Read(ref Utf8JsonReader reader)
    {
        int? page = null, size = null;
        Uri? first = null, prev = null, url = null, next = null;
        string? key = null;
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("meta: expected an object");
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string name = reader.GetString()!;
            reader.Read();
            switch (name)
            {
                case "page": page = TwilioJson.ReadInt32(ref reader); break;
                case "page_size": size = TwilioJson.ReadInt32(ref reader); break;
                case "first_page_url": first = ReadUrl(ref reader, "first_page_url"); break;
                case "previous_page_url": prev = ReadUrl(ref reader, "previous_page_url"); break;
                case "url": url = ReadUrl(ref reader, "url"); break;
                case "next_page_url": next = ReadUrl(ref reader, "next_page_url"); break;
                case "key": key = TwilioJson.ReadString(ref reader); break;
                default: reader.Skip(); break;
            }
        }
        return new PageMeta(page, size, first, prev, url, next, key);
    }

    internal static Uri? ReadUrl(ref Utf8JsonReader reader, string name)
    {
        string? text = TwilioJson.ReadString(ref reader);
        if (text is null) return null;
        return TwilioJson.ToUri(text) ?? throw new JsonException($"{name}: '{MessageText.Quote(text)}' is not a URL");
    }
}

/// <summary>One page of a Twilio list.</summary>
public sealed class Page<T>
{
    /// <summary>Creates a page.</summary>
    public Page(IReadOnlyList<T> items, PageMeta meta)
    {
        Items = items;
        Meta = meta;
    }

    /// <summary>The items on this page.</summary>
    public IReadOnlyList<T> Items { get; }

    /// <summary>Paging information.</summary>
    public PageMeta Meta { get; }

    /// <summary>The most items a page may hold: Twilio's largest page size. A page with more is refused as malformed.</summary>
    public const int MaxItems = 1000;

    /// <summary>True when there is a next page.</summary>
    public bool HasNextPage => Meta.NextPageUrl is not null;

    /// <summary>
    /// Makes a reader for a page whose items are under <paramref name="itemsProperty"/>. Paging information comes from
    /// a <c>meta</c> object (Twilio's v1 APIs) or from top-level <c>page</c>, <c>page_size</c>, <c>uri</c>,
    /// <c>first_page_uri</c>, <c>previous_page_uri</c> and <c>next_page_uri</c> (Twilio's 2010 API, where the URIs are
    /// relative to the API's host).
    /// </summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public static JsonValueReader<Page<T>> Reader(string itemsProperty, JsonValueReader<T> readItem) => (ref Utf8JsonReader reader) =>
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("expected a page object");
        List<T>? items = null;
        PageMeta? meta = null;
        int? page = null, size = null;
        Uri? first = null, prev = null, url = null, next = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string name = reader.GetString()!;
            reader.Read();
            if (name == itemsProperty) items = TwilioJson.ReadArray(ref reader, readItem, MaxItems);
            else if (name == "meta") meta = PageMeta.Read(ref reader);
            else if (name == "page") page = TwilioJson.ReadInt32(ref reader);
            else if (name == "page_size") size = TwilioJson.ReadInt32(ref reader);
            else if (name == "uri") url = PageMeta.ReadUrl(ref reader, name);
            else if (name == "first_page_uri") first = PageMeta.ReadUrl(ref reader, name);
            else if (name == "previous_page_uri") prev = PageMeta.ReadUrl(ref reader, name);
            else if (name == "next_page_uri") next = PageMeta.ReadUrl(ref reader, name);
            else reader.Skip();
        }
        return new Page<T>((IReadOnlyList<T>?)items ?? Array.Empty<T>(), meta ?? new PageMeta(page, size, first, prev, url, next, null));
    };
}

/// <summary>Not for direct use (generated code calls it). Turns a first-page call into an <see cref="IAsyncEnumerable{T}"/> that fetches a page only when the consumer gets there.</summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class TwilioPaging
{
    /// <summary>
    /// Enumerates every item, following <c>meta.next_page_url</c>. The enumeration ends after a page with no next URL or
    /// no items. A next URL on another origin, or one already read in this enumeration (a server sending the caller round
    /// in a loop), ends it with <see cref="TwilioResponseException"/> before anything more is sent.
    /// </summary>
    public static async IAsyncEnumerable<T> EnumerateAsync<T>(TwilioPipeline pipeline, Func<CancellationToken, Task<Page<T>>> firstPage,
        JsonValueReader<Page<T>> readPage, string operationId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (pipeline is null) throw new ArgumentNullException(nameof(pipeline));
        Page<T> page = await firstPage(cancellationToken).ConfigureAwait(false);
        var read = new HashSet<string>(StringComparer.Ordinal);
        if (page.Meta.Url is Uri first && first.IsAbsoluteUri) read.Add(first.AbsoluteUri);
        while (true)
        {
            foreach (var item in page.Items)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return item;
            }
            if (page.Meta.NextPageUrl is not Uri next || page.Items.Count == 0) yield break;
            Uri resolved = pipeline.ResolvePageUrl(next, operationId);
            if (!read.Add(resolved.AbsoluteUri))
                throw new TwilioResponseException($"{operationId}: the next page URL '{MessageText.Quote(resolved.AbsoluteUri)}' names a page already read in this enumeration; stopped, so the list does not loop forever.");
            page = await pipeline.GetResolvedAsync(resolved, readPage, operationId, cancellationToken).ConfigureAwait(false);
        }
    }
}

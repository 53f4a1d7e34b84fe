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
                case "first_page_url": first = TwilioJson.ReadUri(ref reader); break;
                case "previous_page_url": prev = TwilioJson.ReadUri(ref reader); break;
                case "url": url = TwilioJson.ReadUri(ref reader); break;
                case "next_page_url": next = TwilioJson.ReadUri(ref reader); break;
                case "key": key = TwilioJson.ReadString(ref reader); break;
                default: reader.Skip(); break;
            }
        }
        return new PageMeta(page, size, first, prev, url, next, key);
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

    /// <summary>True when there is a next page.</summary>
    public bool HasNextPage => Meta.NextPageUrl is not null;

    /// <summary>Makes a reader for a page whose items are under <paramref name="itemsProperty"/>.</summary>
    public static JsonValueReader<Page<T>> Reader(string itemsProperty, JsonValueReader<T> readItem) => (ref Utf8JsonReader reader) =>
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("expected a page object");
        List<T>? items = null;
        PageMeta? meta = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string name = reader.GetString()!;
            reader.Read();
            if (name == itemsProperty) items = TwilioJson.ReadArray(ref reader, readItem);
            else if (name == "meta") meta = PageMeta.Read(ref reader);
            else reader.Skip();
        }
        return new Page<T>((IReadOnlyList<T>?)items ?? Array.Empty<T>(), meta ?? new PageMeta(null, null, null, null, null, null, null));
    };
}

/// <summary>Turns a first-page call into an <see cref="IAsyncEnumerable{T}"/> that fetches a page only when the consumer gets there.</summary>
public static class TwilioPaging
{
    /// <summary>Enumerates every item, following <c>meta.next_page_url</c>.</summary>
    public static async IAsyncEnumerable<T> EnumerateAsync<T>(TwilioPipeline pipeline, Func<CancellationToken, Task<Page<T>>> firstPage,
        JsonValueReader<Page<T>> readPage, string operationId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Page<T> page = await firstPage(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            foreach (var item in page.Items)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return item;
            }
            if (page.Meta.NextPageUrl is not Uri next || page.Items.Count == 0) yield break;
            page = await pipeline.GetAbsoluteAsync(next, readPage, operationId, cancellationToken).ConfigureAwait(false);
        }
    }
}

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
        string? key = null, nextText = null;
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("meta: expected an object");
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string name = reader.GetString()!;
            reader.Read();
            switch (name)
            {
                case "page": page = ReadCount(ref reader, "page"); break;
                case "page_size": size = ReadCount(ref reader, "page_size"); break;
                case "first_page_url": first = ReadUrl(ref reader, "first_page_url", out _); break;
                case "previous_page_url": prev = ReadUrl(ref reader, "previous_page_url", out _); break;
                case "url": url = ReadUrl(ref reader, "url", out _); break;
                case "next_page_url": next = ReadUrl(ref reader, "next_page_url", out nextText); break;
                case "key": key = TwilioJson.ReadString(ref reader); break;
                default: reader.Skip(); break;
            }
        }
        return new PageMeta(page, size, first, prev, url, next, key) { NextPageText = nextText };
    }

    /// <summary>
    /// The next page's URL as it came, when there is one: <see cref="NextPageUrl"/> is null for a text that is not a
    /// URL <see cref="Uri"/> accepts, and enumerating fails on it only when the caller asks for that page.
    /// </summary>
    internal string? NextPageText { get; init; }

    /// <summary>
    /// A page URL: paging needs only the next page's, so one that is not a URL <see cref="Uri"/> accepts (RFC 3986 allows
    /// hosts it refuses) reads null and is reported as a kept field, and the page is read.
    /// </summary>
    internal static int? ReadCount(ref Utf8JsonReader reader, string name)
    {
        try
        {
            return TwilioJson.ReadInt32(ref reader);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            KeptFields.Report("PageMeta." + name, ex.Message);
            reader.Skip();
            return null;
        }
    }

    internal static Uri? ReadUrl(ref Utf8JsonReader reader, string name, out string? text)
    {
        text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        if (text is null)
        {
            if (reader.TokenType != JsonTokenType.Null) KeptFields.Report("PageMeta." + name, "expected a URL string, got " + reader.TokenType);
            reader.Skip();
            return null;
        }
        if (TwilioJson.ToUri(text) is Uri uri) return uri;
        KeptFields.Report("PageMeta." + name, $"'{MessageText.Quote(text)}' is not a URL System.Uri accepts");
        return null;
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

    /// <summary>True when there is a next page (also when its URL is one <see cref="Uri"/> refuses: enumerating fails there, not before).</summary>
    public bool HasNextPage => Meta.NextPageUrl is not null || Meta.NextPageText is not null;

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
        string? nextText = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string name = reader.GetString()!;
            reader.Read();
            if (name == itemsProperty) items = TwilioJson.ReadArray(ref reader, readItem, MaxItems);
            else if (name == "meta") meta = PageMeta.Read(ref reader);
            else if (name == "page") page = PageMeta.ReadCount(ref reader, name);
            else if (name == "page_size") size = PageMeta.ReadCount(ref reader, name);
            else if (name == "uri") url = PageMeta.ReadUrl(ref reader, name, out _);
            else if (name == "first_page_uri") first = PageMeta.ReadUrl(ref reader, name, out _);
            else if (name == "previous_page_uri") prev = PageMeta.ReadUrl(ref reader, name, out _);
            else if (name == "next_page_uri") next = PageMeta.ReadUrl(ref reader, name, out nextText);
            else reader.Skip();
        }
        return new Page<T>((IReadOnlyList<T>?)items ?? Array.Empty<T>(), meta ?? new PageMeta(page, size, first, prev, url, next, null) { NextPageText = nextText });
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
            if (page.Items.Count == 0) yield break;
            if (page.Meta.NextPageUrl is not Uri next)
            {
                if (page.Meta.NextPageText is string text)
                    throw new TwilioResponseException($"{operationId}: the next_page_url '{MessageText.Quote(text)}' is not a URL the client can follow; the items before it were read.");
                yield break;
            }
            Uri resolved = pipeline.ResolvePageUrl(next, operationId);
            if (!read.Add(resolved.AbsoluteUri))
                throw new TwilioResponseException($"{operationId}: the next page URL '{MessageText.Quote(resolved.AbsoluteUri)}' names a page already read in this enumeration; stopped, so the list does not loop forever.");
            page = await pipeline.GetResolvedAsync(resolved, readPage, operationId, cancellationToken).ConfigureAwait(false);
        }
    }
}

using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace FlexCodegen.Runtime;

/// <summary>The bottom of a chain over a handed-in <see cref="HttpClient"/>: sends through it, headers first.</summary>
internal sealed class HttpClientSender : HttpMessageHandler
{
    private readonly HttpClient _client;

    public HttpClientSender(HttpClient client) => _client = client;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);

    // The caller's HttpClient is the caller's to dispose.
    protected override void Dispose(bool disposing)
    {
    }
}

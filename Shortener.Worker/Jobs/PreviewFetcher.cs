using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using Shortener.Core.Net;

namespace Shortener.Worker.Jobs;

public sealed record FetchedPreview(string Url, int StatusCode, string? Title, string? Description, string? Image);

/// <summary>A fetch that produced no answer worth storing: unreachable, refused by the SSRF guard, too many redirects, too slow.</summary>
public sealed class PreviewFailedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Fetches a link's target for its preview: within Timeout in all, at most MaxRedirects redirects, each hop checked by
/// the SSRF guard (scheme here, address where it connects), at most MaxBytes read. Any HTTP answer is a preview (its
/// status is stored); only getting none is a failure.
/// </summary>
public sealed class PreviewFetcher : IDisposable
{
    public const string UserAgent = "Shortener-Preview/1.0 (link preview)";

    private readonly HttpClient _client;
    private readonly PreviewOptions _options;

    public PreviewFetcher(TargetGuard guard, IOptions<JobOptions> options)
    {
        _options = options.Value.Preview;
        var handler = guard.CreateHandler();
        handler.AutomaticDecompression = DecompressionMethods.All;
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task<FetchedPreview> FetchAsync(string url, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(_options.Timeout);
        var uri = new Uri(url);
        try
        {
            for (var redirects = 0; ; redirects++)
            {
                if (TargetGuard.SchemeRefusal(uri) is { } refusal) throw new PreviewFailedException($"Refused: {uri} — {refusal}");
                using var request = new HttpRequestMessage(HttpMethod.Get, uri);
                request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
                request.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5");
                using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
                var code = (int)response.StatusCode;
                if (code is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    if (redirects == _options.MaxRedirects)
                        throw new PreviewFailedException($"More than {_options.MaxRedirects} redirects (the last to {new Uri(uri, location)}).");
                    uri = new Uri(uri, location);
                    continue;
                }
                var summary = IsHtml(response) ? HtmlPreview.Read(await ReadTextAsync(response, deadline.Token), uri) : new PageSummary(null, null, null);
                return new FetchedPreview(uri.AbsoluteUri, code, summary.Title, summary.Description, summary.Image);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new PreviewFailedException($"No answer from {uri} within {_options.Timeout.TotalSeconds:0.###} s.");
        }
        catch (HttpRequestException e)
        {
            throw new PreviewFailedException(TargetGuard.Explain(e), e);
        }
    }

    private static bool IsHtml(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType is null or "text/html" or "application/xhtml+xml";

    /// <summary>At most MaxBytes, decoded with the charset the answer names (UTF-8 when it names none this runtime knows).</summary>
    private async Task<string> ReadTextAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[_options.MaxBytes];
        var length = 0;
        while (length < buffer.Length && await stream.ReadAsync(buffer.AsMemory(length), ct) is var read and > 0) length += read;
        Encoding encoding;
        try
        {
            encoding = response.Content.Headers.ContentType?.CharSet is { } charset ? Encoding.GetEncoding(charset.Trim('"')) : Encoding.UTF8;
        }
        catch (ArgumentException)
        {
            encoding = Encoding.UTF8;
        }
        return encoding.GetString(buffer, 0, length);
    }

    public void Dispose() => _client.Dispose();
}

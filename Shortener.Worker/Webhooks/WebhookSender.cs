using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Shortener.Core.Net;
using Shortener.Core.Webhooks;

namespace Shortener.Worker.Webhooks;

/// <summary>What one attempt came to. Only a 2xx answer is delivered.</summary>
public sealed record AttemptResult(bool Delivered, int? StatusCode, string? Error, TimeSpan? RetryAfter)
{
    /// <summary>410: the receiver says the endpoint is gone for good.</summary>
    public bool Gone => StatusCode == (int)HttpStatusCode.Gone;

    /// <summary>Nothing to send, ever: a link.clicked whose click is no longer stored.</summary>
    public bool Unsendable { get; init; }

    public static readonly AttemptResult ClickGone = new(false, null, "The click is no longer stored; there is nothing to send.", null) { Unsendable = true };
}

/// <summary>
/// One signed POST, as the Standard Webhooks specification has it: webhook-id (the same on every attempt),
/// webhook-timestamp (this attempt's, in Unix seconds) and webhook-signature. It follows no redirect, gives up after
/// the timeout, and reads at most MaxResponseBytes of the answer.
/// </summary>
public sealed class WebhookSender(HttpClient client, TimeSpan timeout, int maxResponseBytes, TimeProvider time)
{
    public const string UserAgent = "Shortener-Webhooks/1.0";

    public async Task<AttemptResult> SendAsync(string url, string id, string body, IReadOnlyList<byte[]> keys, CancellationToken ct)
    {
        var content = Encoding.UTF8.GetBytes(body);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(content) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation("webhook-id", id);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-signature", WebhookSignature.Sign(id, timestamp, content, keys));
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var code = (int)response.StatusCode;
            var excerpt = await ReadExcerptAsync(response, deadline.Token);
            if (response.IsSuccessStatusCode) return new AttemptResult(true, code, null, null);
            var error = code is >= 300 and < 400
                ? $"{code}: redirects are not followed (Location: {response.Headers.Location})"
                : $"{code} {response.ReasonPhrase}{(excerpt.Length > 0 ? ": " + excerpt : "")}";
            return new AttemptResult(false, code, error, RetryAfter(response));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new AttemptResult(false, null, $"No answer within {timeout.TotalSeconds:0.###} s.", null);
        }
        catch (HttpRequestException e)
        {
            return new AttemptResult(false, null, TargetGuard.Explain(e), null);
        }
    }

    /// <summary>
    /// Reads at most MaxResponseBytes (an endless answer costs no more than that) and keeps the start for the delivery
    /// log. Bytes left unread close the connection rather than return it to the pool.
    /// </summary>
    private async Task<string> ReadExcerptAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[8192];
        var excerpt = "";
        for (var total = 0; total < maxResponseBytes;)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(0, Math.Min(buffer.Length, maxResponseBytes - total)), ct);
            if (read == 0) break;
            if (total == 0) excerpt = Encoding.UTF8.GetString(buffer, 0, Math.Min(read, 200)).ReplaceLineEndings(" ").Trim();
            total += read;
        }
        return excerpt;
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };
}

using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Shortener.Tests.Webhooks;

/// <summary>
/// A real HTTP receiver on loopback, in the test process: it records every POST (webhook deliveries) with its headers
/// and raw body and answers as a test tells it per path (200 unless told otherwise), and serves pages and redirects for
/// link previews, counting the GETs of each path.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Delivery> _deliveries = new();
    private readonly ConcurrentDictionary<string, Func<int, IResult>> _answers = new();
    private readonly ConcurrentDictionary<string, int> _posts = new();
    private readonly ConcurrentDictionary<string, Func<IResult>> _pages = new();
    private readonly ConcurrentDictionary<string, int> _gets = new();

    /// <summary>One POST as it arrived: the Standard Webhooks headers and the body exactly as sent.</summary>
    public sealed record Delivery(string Path, string Id, string Timestamp, string Signature, string Body, DateTimeOffset ReceivedAt)
    {
        public JsonNode Json => JsonNode.Parse(Body)!;
        public string Type => (string)Json["type"]!;
    }

    private WebhookReceiver(WebApplication app) => _app = app;

    public string BaseUrl => _app.Urls.First();

    /// <summary>A path of its own for one test, so tests never see each other's deliveries.</summary>
    public static string NewPath(string name) => $"/{name}/{Guid.NewGuid():N}";

    public string Url(string path) => BaseUrl + path;

    /// <summary>How POSTs to <paramref name="path"/> are answered, given their number (1 for the first).</summary>
    public void Answer(string path, Func<int, IResult> answer) => _answers[path] = answer;

    public void Page(string path, string html) => _pages[path] = () => Results.Content(html, "text/html; charset=utf-8");

    public void Redirect(string path, string to) => _pages[path] = () => Results.Redirect(to);

    public IReadOnlyList<Delivery> DeliveriesTo(string path) => _deliveries.Where(d => d.Path == path).ToList();

    public int Gets(string path) => _gets.GetValueOrDefault(path);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/{**path}", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            var path = request.Path.Value!;
            receiver._deliveries.Enqueue(new Delivery(path, request.Headers["webhook-id"].ToString(), request.Headers["webhook-timestamp"].ToString(),
                request.Headers["webhook-signature"].ToString(), body, DateTimeOffset.UtcNow));
            var n = receiver._posts.AddOrUpdate(path, 1, (_, count) => count + 1);
            return receiver._answers.TryGetValue(path, out var answer) ? answer(n) : Results.Ok();
        });
        app.MapGet("/{**path}", (HttpRequest request) =>
        {
            var path = request.Path.Value!;
            receiver._gets.AddOrUpdate(path, 1, (_, count) => count + 1);
            return receiver._pages.TryGetValue(path, out var page) ? page() : Results.NotFound();
        });
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CsCheck;
using Shortener.Tests.Events;
using Shortener.Tests.Infrastructure;
using Shortener.Tests.Links;
using Shortener.Tests.OpenApi;
using Shortener.Tests.Pipeline;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Shortener.Tests.Fuzz;

/// <summary>
/// Property: whatever is sent to whichever endpoint the OpenAPI document lists (read from the running api, so endpoints
/// added later are covered without touching this), no answer is a 5xx, and a 4xx leaves PostgreSQL and Redis as they
/// were (<see cref="StoredState"/>) and explains itself as problem+json. Seeded and bounded here (FUZZ_CASES, default
/// 300; FUZZ_SEED replays a failure: CsCheck prints the seed); run many more on demand:
/// <c>FUZZ_CASES=20000 dotnet test Shortener.Tests --filter FullyQualifiedName~ApiFuzzTests</c>.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ApiFuzzTests(AppFixture app, ITestOutputHelper output)
{
    /// <summary>The seed dotnet test uses, so a run can be repeated; FUZZ_SEED=random draws a new one.</summary>
    private const string DefaultSeed = "9IlqfHlUmZY3";

    [Fact]
    public async Task NoRequestGetsA5xxAndNoRefusedRequestChangesAnything()
    {
        var cases = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_CASES"), out var n) && n > 0 ? n : 300;
        var seedSetting = Environment.GetEnvironmentVariable("FUZZ_SEED");
        var seed = seedSetting switch { null or "" => DefaultSeed, "random" => null, _ => seedSetting };

        var document = await OpenApiDocument.LoadAsync(app.Anonymous);
        var known = await KnownValuesAsync();
        var (_, userKey) = await app.NewUserAsync();
        using var redis = await ConnectionMultiplexer.ConnectAsync(app.CacheConnectionString);
        // Header values go out as UTF-8, as some clients send them, rather than being refused here.
        using var http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false, UseCookies = false, RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8,
        })
        {
            BaseAddress = app.Anonymous.BaseAddress, Timeout = TimeSpan.FromSeconds(30),
        };
        var keys = new Dictionary<string, string?>
        {
            ["admin"] = app.AdminKey, ["user"] = userKey.Key, ["none"] = null, ["wrong"] = "shk_" + new string('x', 43), ["garbage"] = "\u00e9\u00ff 'x",
        };
        var sent = 0;
        var statuses = new SortedDictionary<int, int>();

        try
        {
            await SampleAsync();
        }
        catch
        {
            // A failure that is the machine's rather than the api's (a server gone) shows here.
            foreach (var resource in new[] { "postgres", "cache", "api" })
                output.WriteLine($"{resource}:{Environment.NewLine}{string.Join(Environment.NewLine, await app.LogsAsync(resource, 25))}");
            throw;
        }

        output.WriteLine($"{sent} requests over {document.Operations.Count()} operations; statuses: " +
            string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}")));

        Task SampleAsync() => new RequestGenerator(document, known).Requests.SampleAsync(async request =>
        {
            var before = await StoredState.ReadAsync(app, redis);
            var (status, mediaType, body) = await SendAsync(http, request, keys[request.Auth]);
            Interlocked.Increment(ref sent);
            lock (statuses) statuses[status] = statuses.GetValueOrDefault(status) + 1;
            if (status >= 500) throw new Xunit.Sdk.XunitException($"{request} answered {status}: {body}");
            if (status is < 400 or >= 500) return;
            var after = await StoredState.ReadAsync(app, redis);
            if (after != before) throw new Xunit.Sdk.XunitException($"{request} answered {status} but changed what is stored:\n{before}\n{after}");
            var html = mediaType == "text/html" && request.Operation == "POST /{slug}";
            if (body.Length > 0 && mediaType != "application/problem+json" && !html)
                throw new Xunit.Sdk.XunitException($"{request} answered {status} as {mediaType}, not problem+json: {body}");
        }, writeLine: output.WriteLine, seed: seed, iter: cases, threads: 1, print: r => r.ToString());
    }

    /// <summary>The request as a client writes it: any path and header bytes HttpClient lets through, the body as UTF-8.</summary>
    private static async Task<(int Status, string? MediaType, string Body)> SendAsync(HttpClient http, FuzzRequest request, string? key)
    {
        Uri uri;
        try
        {
            uri = new Uri(http.BaseAddress!, request.PathAndQuery);
        }
        catch (UriFormatException)
        {
            return (400, null, "");
        }
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), uri);
        if (key is not null) message.Headers.TryAddWithoutValidation("X-Api-Key", key);
        foreach (var (name, value) in request.Headers) message.Headers.TryAddWithoutValidation(name, value);
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(request.Body));
            message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
        }
        try
        {
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            // An event stream never ends and is never a refusal: its status says all.
            return ((int)response.StatusCode, mediaType, mediaType == "text/event-stream" ? "" : await ReadSomeAsync(response));
        }
        catch (HttpRequestException)
        {
            // Kestrel closes the connection on a request it cannot parse; that is a refusal, and must change nothing too.
            return (499, null, "");
        }
    }

    /// <summary>
    /// The first 64 KB of the body, read for at most 5 s: a stream (Server-Sent Events) never ends, and an answer is
    /// judged by its status and its first bytes anyway.
    /// </summary>
    private static async Task<string> ReadSomeAsync(HttpResponseMessage response)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
        var buffer = new byte[64 * 1024];
        var read = 0;
        try
        {
            for (int n; read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), timeout.Token)) > 0;) read += n;
        }
        catch (OperationCanceledException)
        {
        }
        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    /// <summary>Valid values for parameter and field names, so some requests reach the code behind validation.</summary>
    private async Task<Dictionary<string, string[]>> KnownValuesAsync()
    {
        var plain = (await app.Api.CreateAsync(new { url = "https://example.com/fuzz" })).Slug();
        var locked = (await app.Api.CreateAsync(new { url = "https://example.com/fuzz-locked", password = "pw", max_clicks = 3 })).Slug();
        using var export = await app.Api.PostAsync($"/links/{plain}/exports", null);
        var exportId = (await export.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var (_, spare) = await app.NewUserAsync();
        var future = DateTimeOffset.UtcNow.AddDays(3).ToString("O");
        var site = await app.Api.RegisterSiteAsync("fuzz");
        return new Dictionary<string, string[]>
        {
            ["slug"] = [plain, locked, "no-such-link", $"fz-{Guid.NewGuid():N}"[..20]],
            ["id"] = [exportId, Guid.Empty.ToString(), spare.UserId.ToString(), "1"],
            ["prefix"] = [spare.Prefix],
            ["url"] = ["https://example.com/fuzz", "https://пример.рф/é"],
            ["password"] = ["pw", "wrong"],
            ["user"] = [$"fuzz-{Guid.NewGuid():N}"[..16]],
            ["expires_at"] = [future],
            ["max_clicks"] = ["5"],
            ["start"] = ["2025-01-01"], ["end"] = ["2025-01-31"], ["top"] = ["3"], ["include_bots"] = ["true"],
            ["site_id"] = [site, "no-such-site.example"], ["event_type"] = ["pageview"], ["path"] = ["/pricing"], ["user_id"] = ["u1"],
            ["timestamp"] = [DateTimeOffset.UtcNow.ToString("O"), "2026-01-01T00:00:00"], ["event_id"] = [Guid.NewGuid().ToString()],
            ["date"] = [DateTime.UtcNow.ToString("yyyy-MM-dd")], ["name"] = ["Fuzz site"],
            ["limit"] = ["5"], ["cursor"] = ["1"], ["after"] = ["0-0"], ["ids"] = ["0-1"],
            ["X-Forwarded-For"] = ["203.0.113.9", "2001:db8::1"], ["Accept"] = ["text/html", "application/json"],
        };
    }
}

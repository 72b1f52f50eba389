using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;

namespace Shortener.Tests.Infrastructure;

public sealed record CreatedLink(long Id, string Slug, string ShortUrl, string OriginalUrl, DateTimeOffset CreatedAt);

/// <summary>What a user does with curl, as test verbs.</summary>
public static class ShortenerClient
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static async Task<CreatedLink> CreateLinkAsync(this AppFixture app, string url)
    {
        using var response = await app.Api.PostAsJsonAsync("/links", new { url });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CreatedLink>(Json))!;
    }

    public static async Task<HttpStatusCode> FollowAsync(this AppFixture app, string slug)
    {
        using var response = await app.Anonymous.GetAsync($"/{slug}");
        return response.StatusCode;
    }

    public static async Task<long> StoredClicksAsync(this AppFixture app, long linkId)
    {
        await using var conn = await app.OpenDatabaseAsync();
        return await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM clicks WHERE link_id = @linkId", new { linkId });
    }

    /// <summary>Waits until the worker has stored at least <paramref name="expected"/> clicks, then returns the count.</summary>
    public static Task<long> WaitForStoredClicksAsync(this AppFixture app, long linkId, long expected, TimeSpan? timeout = null) =>
        Eventually.WaitForAsync(() => app.StoredClicksAsync(linkId), n => n >= expected, timeout ?? TimeSpan.FromSeconds(90),
            $"{expected} stored clicks for link {linkId}");

    /// <summary>
    /// Redirects as fast as one client can until stopped, counting the 302s; anything else fails the test.
    /// Bounded (two minutes, 200,000 requests) so a test that forgets to stop it still ends.
    /// </summary>
    public sealed class RedirectLoad(AppFixture app, string slug)
    {
        private readonly CancellationTokenSource _stop = new();
        private long _served;
        private Task? _run;

        public long Served => Interlocked.Read(ref _served);

        public RedirectLoad Start()
        {
            _run = Task.Run(async () =>
            {
                var deadline = DateTime.UtcNow.AddMinutes(2);
                while (!_stop.IsCancellationRequested && _served < 200_000 && DateTime.UtcNow < deadline)
                {
                    var status = await app.FollowAsync(slug);
                    Assert.Equal(HttpStatusCode.Found, status);
                    Interlocked.Increment(ref _served);
                }
            });
            return this;
        }

        public Task WaitForServedAsync(long count) =>
            Eventually.WaitForAsync(() => Task.FromResult(Served), n => n >= count || _run!.IsCompleted, TimeSpan.FromSeconds(60), $"{count} redirects");

        public async Task<long> StopAsync()
        {
            await _stop.CancelAsync();
            await _run!;
            return Served;
        }
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Shortener.Tests.Infrastructure;
using Shortener.Tests.Pipeline;

namespace Shortener.Tests.Stats;

/// <summary>A fresh install answers stats before its first rollup has run (every day is then read raw).</summary>
[Collection(AppCollection.Name)]
public sealed class FirstRollupTests(AppFixture app)
{
    [Fact]
    public async Task StatsAnswerBeforeAnyRollupHasRun()
    {
        var link = await app.CreateLinkAsync("https://example.com/before-rollup");
        await app.FollowAsync(link.Slug);
        await app.WaitForStoredClicksAsync(link.Id, 1);
        // As after installation (or the upgrade that starts daily_stats again); the next run rebuilds everything.
        await using (var conn = await app.OpenDatabaseAsync())
            await conn.ExecuteAsync("""
                BEGIN;
                DELETE FROM daily_stats;
                DELETE FROM rollup_visitors;
                UPDATE rollup_state SET watermark = '0', visitors_from = NULL, last_run_at = NULL;
                COMMIT;
                """);

        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        using var response = await app.Api.GetAsync($"/links/{link.Slug}/stats?start={DateTime.UtcNow.AddDays(-6):yyyy-MM-dd}&end={today}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = await response.Content.ReadFromJsonAsync<JsonDocument>();
        Assert.Equal(1, body!.RootElement.GetProperty("total_clicks").GetInt64());
        Assert.Equal(7, body.RootElement.GetProperty("daily").GetArrayLength());
        Assert.Equal(1, body.RootElement.GetProperty("source").GetProperty("raw_clicks").GetInt64());

        // The first run starts the visitor sets; the answer is the same from daily_stats.
        var (total, rawClicks) = await Eventually.WaitForAsync(async () =>
        {
            using var again = await app.Api.GetFromJsonAsync<JsonDocument>($"/links/{link.Slug}/stats?start={today}&end={today}");
            return (again!.RootElement.GetProperty("total_clicks").GetInt64(), again.RootElement.GetProperty("source").GetProperty("raw_clicks").GetInt64());
        }, r => r.Item2 == 0, TimeSpan.FromSeconds(90), "the first rollup run");
        Assert.Equal((1, 0), (total, rawClicks));
    }
}

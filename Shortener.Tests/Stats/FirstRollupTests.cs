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
        await using (var conn = await app.OpenDatabaseAsync())
            await conn.ExecuteAsync("UPDATE rollup_state SET last_run_at = NULL"); // as after installation

        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        using var response = await app.Api.GetAsync($"/links/{link.Slug}/stats?start={DateTime.UtcNow.AddDays(-6):yyyy-MM-dd}&end={today}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = await response.Content.ReadFromJsonAsync<JsonDocument>();
        Assert.Equal(1, body!.RootElement.GetProperty("total_clicks").GetInt64());
        Assert.Equal(7, body.RootElement.GetProperty("daily").GetArrayLength());
    }
}

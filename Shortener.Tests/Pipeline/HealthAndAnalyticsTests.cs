using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Shortener.Core.Data;
using Shortener.Tests.Infrastructure;

namespace Shortener.Tests.Pipeline;

[Collection(AppCollection.Name)]
public sealed class HealthAndAnalyticsTests(AppFixture app)
{
    [Fact]
    public async Task ApiHealthReportsDatabaseCacheAndStreamToAnAdmin()
    {
        using var response = await app.Api.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = await response.Content.ReadFromJsonAsync<JsonDocument>();
        var checks = body!.RootElement.GetProperty("checks").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString());
        Assert.Equal("Healthy", checks["PostgreSql"]);
        Assert.Equal("Healthy", checks["StackExchange.Redis"]);
        Assert.Equal("Healthy", checks["clicks-stream"]);
    }

    [Fact]
    public async Task AnonymousHealthShowsTheStatusOnly()
    {
        foreach (var (client, path) in new[] { (app.Anonymous, "/health"), (WithKey("not-a-key-not-a-key"), "/health"), (app.Anonymous, "/HEALTH/") })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var body = await response.Content.ReadFromJsonAsync<JsonDocument>();
            Assert.Equal(["status"], body!.RootElement.EnumerateObject().Select(p => p.Name));
            Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task AnonymousWorkerHealthShowsNoHostsOrProcesses()
    {
        using var anonymous = await app.Anonymous.GetFromJsonAsync<JsonDocument>("/worker/health");
        Assert.Equal(["status"], anonymous!.RootElement.EnumerateObject().Select(p => p.Name));
        using var admin = await app.Api.GetFromJsonAsync<JsonDocument>("/worker/health");
        Assert.True(admin!.RootElement.GetProperty("workers").GetArrayLength() > 0);
    }

    private HttpClient WithKey(string key)
    {
        var client = app.App.CreateHttpClient("api");
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    [Fact]
    public async Task AliveAnswersOkOnEveryService()
    {
        foreach (var service in AppFixture.Services)
        {
            using var client = app.App.CreateHttpClient(service);
            using var response = await client.GetAsync("/alive");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task AnalyticsCountsLinksCreatedToday()
    {
        using var analytics = app.App.CreateHttpClient("analytics");
        // Other tests' link.created messages may still be on their way; count from when analytics has caught up with them.
        var (before, _) = await Eventually.WaitForAsync(async () => (await TodayCountAsync(analytics), await LinksCreatedTodayAsync()),
            counts => counts.Item1 == counts.Item2, TimeSpan.FromSeconds(30), "analytics to catch up with earlier links");
        await app.CreateLinkAsync("https://example.com/analytics-1");
        await app.CreateLinkAsync("https://example.com/analytics-2");

        var after = await Eventually.WaitForAsync(() => TodayCountAsync(analytics), n => n >= before + 2, TimeSpan.FromSeconds(30),
            "analytics to count two new links");
        Assert.Equal(before + 2, after);
    }

    [Fact]
    public async Task EveryMigrationIsRecordedExactlyOnceAfterThreeServicesStartedTogether()
    {
        await using var conn = await app.OpenDatabaseAsync();
        var versions = (await conn.QueryAsync<string>("SELECT version FROM schema_migrations ORDER BY version")).ToList();
        Assert.Equal(DatabaseMigrator.Migrations.Select(m => m.Version).ToList(), versions);
    }

    private async Task<long> LinksCreatedTodayAsync()
    {
        await using var conn = await app.OpenDatabaseAsync();
        return await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM links WHERE (created_at AT TIME ZONE 'UTC')::date = (now() AT TIME ZONE 'UTC')::date");
    }

    private static async Task<long> TodayCountAsync(HttpClient analytics)
    {
        using var body = await analytics.GetFromJsonAsync<JsonDocument>("/analytics/links-created?days=1");
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        return body!.RootElement.EnumerateArray().Where(d => d.GetProperty("day").GetString() == today)
            .Select(d => d.GetProperty("links").GetInt64()).SingleOrDefault();
    }
}

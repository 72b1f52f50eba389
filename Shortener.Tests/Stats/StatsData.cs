using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;
using Shortener.Tests.Infrastructure;

namespace Shortener.Tests.Stats;

/// <summary>A click as the worker would have stored it after enrichment; visitor is hashed here as the worker would.</summary>
public sealed record SeedClick(DateTime At, string? Country = null, string? ReferrerHost = null, string? Device = null,
    string? Browser = null, string? Os = null, bool IsBot = false, string? Visitor = null);

/// <summary>Writes click rows straight into PostgreSQL (enrichment is tested on its own) and waits for the rollup.</summary>
public static class StatsData
{
    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    public static DateTime At(DateOnly day, int hour = 12) => day.ToDateTime(new TimeOnly(hour, 0), DateTimeKind.Utc);

    public static async Task InsertAsync(NpgsqlConnection conn, long linkId, IEnumerable<SeedClick> clicks, NpgsqlTransaction? tx = null)
    {
        await conn.ExecuteAsync("""
            INSERT INTO clicks (event_id, link_id, occurred_at, country, referrer_host, device_type, browser, os, is_bot, visitor_hash)
            VALUES (gen_random_uuid(), @linkId, @At, @Country, @ReferrerHost, @Device, @Browser, @Os, @IsBot,
                    sha256(convert_to(@Visitor::text, 'UTF8')))
            """, clicks.Select(c => new { linkId, c.At, c.Country, c.ReferrerHost, c.Device, c.Browser, c.Os, c.IsBot, c.Visitor }), tx);
    }

    public static async Task InsertAsync(this AppFixture app, long linkId, params SeedClick[] clicks)
    {
        await using var conn = await app.OpenDatabaseAsync();
        await InsertAsync(conn, linkId, clicks);
    }

    /// <summary>Waits until the rollup has counted <paramref name="total"/> clicks for the link, as GET /links/{slug} shows.</summary>
    public static Task WaitForRolledUpAsync(this AppFixture app, string slug, long total, TimeSpan? timeout = null) =>
        Eventually.WaitForAsync(async () =>
        {
            using var link = await app.Api.GetFromJsonAsync<JsonDocument>($"/links/{slug}");
            return link!.RootElement.GetProperty("total_clicks").GetInt64();
        }, n => n == total, timeout ?? TimeSpan.FromSeconds(60), $"total_clicks {total} for {slug}");

    /// <summary>Waits until the worker's rollup has finished this many more runs.</summary>
    public static async Task WaitForRollupRunsAsync(this AppFixture app, int runs)
    {
        async Task<DateTime> LastRunAsync()
        {
            await using var conn = await app.OpenDatabaseAsync();
            return await conn.ExecuteScalarAsync<DateTime?>("SELECT last_run_at FROM rollup_state WHERE name = 'daily_stats'") ?? DateTime.MinValue;
        }
        for (var i = 0; i < runs; i++)
        {
            var last = await LastRunAsync();
            await Eventually.WaitForAsync(LastRunAsync, t => t > last, TimeSpan.FromSeconds(30), "another rollup run");
        }
    }

    public static async Task<JsonElement> GetStatsAsync(this AppFixture app, string slug, string query)
    {
        using var response = await app.Api.GetAsync($"/links/{slug}/stats?{query}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>A breakdown as "value=clicks" strings in answer order, for readable assertions.</summary>
    public static string[] Breakdown(this JsonElement stats, string name) =>
        stats.GetProperty(name).EnumerateArray().Select(i => $"{i.GetProperty("value").GetString()}={i.GetProperty("clicks").GetInt64()}").ToArray();

    public static string[] Daily(this JsonElement stats) =>
        stats.GetProperty("daily").EnumerateArray()
            .Select(d => $"{d.GetProperty("date").GetString()}:{d.GetProperty("clicks").GetInt64()}/{d.GetProperty("unique_visitors").GetInt64()}").ToArray();
}

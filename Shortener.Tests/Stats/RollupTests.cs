using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Shortener.Core.Stats;
using Shortener.Tests.Infrastructure;
using static Shortener.Tests.Stats.StatsData;

namespace Shortener.Tests.Stats;

[Collection(StatsCollection.Name)]
public sealed class RollupTests(StatsFixture app)
{
    [Fact]
    public async Task RunningTheRollupAgainChangesNothing()
    {
        var link = await app.CreateLinkAsync("https://example.com/idempotent");
        await app.InsertAsync(link.Id,
        [
            new(At(Today.AddDays(-3)), "US", "direct", "desktop", "Firefox", "Linux", Visitor: "a"),
            new(At(Today.AddDays(-3)), "US", "direct", "desktop", "Firefox", "Linux", Visitor: "a"),
            new(At(Today.AddDays(-1)), "GB", "t.co", "mobile", "Chrome Mobile", "Android", Visitor: "b"),
            new(At(Today.AddDays(-1)), null, null, "bot", "bingbot", "Other", IsBot: true),
        ]);
        await app.WaitForRolledUpAsync(link.Slug, 4);
        var before = await SnapshotAsync(link.Id);

        // Recompute every day of the link, twice at once and alongside two ordinary runs and the worker's own.
        await using var dataSource = NpgsqlDataSource.Create(app.DatabaseConnectionString);
        var rollup = new DailyRollup(dataSource, NullLogger<DailyRollup>.Instance);
        await Task.WhenAll(rollup.RebuildLinkAsync(link.Id, default), rollup.RebuildLinkAsync(link.Id, default),
            rollup.RunAsync(default), rollup.RunAsync(default));

        Assert.Equal(before, await SnapshotAsync(link.Id));
        Assert.Contains("|f|2|1|{\"US\": 2}|{\"direct\": 2}|", before);
    }

    [Fact]
    public async Task LateClicksForPastDaysAreFoldedIn()
    {
        var link = await app.CreateLinkAsync("https://example.com/late");
        var day = Today.AddDays(-10);
        await app.InsertAsync(link.Id, new SeedClick(At(day), "US", Visitor: "early"));
        await app.WaitForRolledUpAsync(link.Slug, 1);

        await app.InsertAsync(link.Id, new SeedClick(At(day, 3), "NL", Visitor: "late"), new SeedClick(At(day, 23), "NL", Visitor: "late"));
        await app.WaitForRolledUpAsync(link.Slug, 3);

        var stats = await app.GetStatsAsync(link.Slug, $"start={day:yyyy-MM-dd}&end={day:yyyy-MM-dd}");
        Assert.Equal([$"{day:yyyy-MM-dd}:3/2"], stats.Daily());
        Assert.Equal(["NL=2", "US=1"], stats.Breakdown("countries"));
        Assert.Equal(0, stats.GetProperty("source").GetProperty("raw_clicks").GetInt64());
    }

    [Fact]
    public async Task ARollupWaitsForAClickTransactionStillOpenRatherThanPassingItBy()
    {
        var link = await app.CreateLinkAsync("https://example.com/out-of-order");
        var day = Today.AddDays(-5);
        // The first writer takes its transaction id first but commits last, as a slow worker batch would.
        await using var slow = await app.OpenDatabaseAsync();
        await using var slowTx = await slow.BeginTransactionAsync();
        await InsertAsync(slow, link.Id, [new SeedClick(At(day), "SE", Visitor: "slow")], slowTx);
        await app.InsertAsync(link.Id, new SeedClick(At(day), "NO", Visitor: "fast"));

        // Two runs go by; a watermark of insertion times or sequence numbers would now have passed the slow click.
        await app.WaitForRollupRunsAsync(2);
        // The committed click is counted from raw clicks meanwhile; the one still uncommitted is not stored yet.
        var meanwhile = await app.GetStatsAsync(link.Slug, $"start={day:yyyy-MM-dd}&end={day:yyyy-MM-dd}");
        Assert.Equal(["NO=1"], meanwhile.Breakdown("countries"));
        Assert.Equal(1, meanwhile.GetProperty("source").GetProperty("raw_clicks").GetInt64());
        await slowTx.CommitAsync();
        await app.WaitForRolledUpAsync(link.Slug, 2);

        var stats = await app.GetStatsAsync(link.Slug, $"start={day:yyyy-MM-dd}&end={day:yyyy-MM-dd}");
        Assert.Equal(["NO=1", "SE=1"], stats.Breakdown("countries"));
    }

    [Fact]
    public async Task AMillionClicksOverAYearAreReadFromTheRollups()
    {
        var link = await app.CreateLinkAsync("https://example.com/busy");
        await using (var conn = await app.OpenDatabaseAsync())
        {
            // The 365 days before today, in time order as a live link's clicks arrive; 500 visitors a day, one click in 7 a bot.
            // ANALYZE in the same transaction stands in for autovacuum, which would have analysed a table grown this much.
            await using var tx = await conn.BeginTransactionAsync();
            await conn.ExecuteAsync("""
                INSERT INTO clicks (event_id, link_id, occurred_at, country, referrer_host, device_type, browser, os, is_bot, visitor_hash)
                SELECT gen_random_uuid(), @linkId,
                       ((now() AT TIME ZONE 'UTC')::date - 365 + i * 365 / 1000000)::timestamp AT TIME ZONE 'UTC' + (i % 86400) * interval '1 second',
                       (ARRAY['US', 'DE', 'FR', 'JP'])[1 + i % 4], 'direct', 'desktop', 'Chrome', 'Windows', i % 7 = 0, int8send(i % 500)
                FROM generate_series(0, 999999) AS i;
                ANALYZE clicks;
                """, new { linkId = link.Id }, tx, commandTimeout: 300);
            await tx.CommitAsync();
        }
        await app.WaitForRolledUpAsync(link.Slug, 1_000_000, TimeSpan.FromMinutes(3));

        var stats = await app.GetStatsAsync(link.Slug, $"start={Today.AddDays(-365):yyyy-MM-dd}&end={Today:yyyy-MM-dd}&include_bots=true");

        Assert.Equal(1_000_000, stats.GetProperty("total_clicks").GetInt64());
        Assert.Equal(366, stats.GetProperty("daily").GetArrayLength());
        Assert.Equal(["DE=250000", "FR=250000", "JP=250000", "US=250000"], stats.Breakdown("countries"));
        // What was read: one daily_stats row per day and kind (human, bot), and not one raw click.
        var source = stats.GetProperty("source");
        Assert.Equal(2 * 365, source.GetProperty("rollup_rows").GetInt32());
        Assert.Equal(0, source.GetProperty("raw_clicks").GetInt64());
    }

    /// <summary>The link's daily_stats rows and total, as text, to compare before and after.</summary>
    private async Task<string> SnapshotAsync(long linkId)
    {
        await using var conn = await app.OpenDatabaseAsync();
        var rows = await conn.QueryAsync<string>("""
            SELECT concat_ws('|', date, is_bot, clicks, unique_visitors, countries, referers, devices, browsers, os, '')
            FROM daily_stats WHERE link_id = @linkId ORDER BY date, is_bot
            """, new { linkId });
        var total = await conn.ExecuteScalarAsync<long>("SELECT total_clicks FROM links WHERE id = @linkId", new { linkId });
        return string.Join(Environment.NewLine, rows.Append($"total {total}"));
    }
}

using System.Diagnostics;
using System.Text.Json.Nodes;
using NpgsqlTypes;

namespace Shortener.Bench;

internal sealed partial class Bench
{
    /// <summary>
    /// Issue 12's stats: one site with EventStatsEvents events spread evenly over the last 365 days, written with binary
    /// COPY in time order (v7 event ids from each event's time), as the clicks' stats phase writes clicks: 5 event
    /// types (page_view 60 %, on 100 paths, a few much more viewed than the rest; each other type on one path of its own),
    /// about 50,000 visitors. The worker's site rollup folds them into site_daily_stats, _types and _paths; then
    /// GET /api/stats is timed for the year and for the last 7 days, sequentially, as the clicks' stats are.
    /// </summary>
    private async Task EventStatsAsync()
    {
        var site = await CreateSiteAsync($"bench-a-year-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4))}");
        var node = new JsonObject { ["events"] = o.EventStatsEvents, ["site_id"] = site };
        results["event_stats"] = node;
        Log($"event stats: COPY {o.EventStatsEvents:N0} events over 365 days into site {site}");
        var copy = Stopwatch.StartNew();
        await CopyEventsAsync(site);
        node["copy_seconds"] = Math.Round(copy.Elapsed.TotalSeconds, 1);
        Log($"event stats: copied in {copy.Elapsed.TotalSeconds:0.0} s; ANALYZE and the worker's site rollup");
        var rollup = Stopwatch.StartNew();
        await using (var conn = await _db!.OpenConnectionAsync(ct))
        {
            await Exec(conn, "ANALYZE events");
            await WaitRolledUpAsync(conn, $"SELECT coalesce(sum(views), 0) FROM site_daily_stats WHERE site_id = '{site}'", o.EventStatsEvents, "events");
            await Exec(conn, "ANALYZE site_daily_stats; ANALYZE site_daily_types; ANALYZE site_daily_paths");
            // The rollup reads an answer makes, asked of PostgreSQL directly, to tell query cost from service overhead.
            var from = DateTime.UtcNow.Date.AddDays(-364).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var where = $"WHERE site_id = '{site}' AND date >= '{from}'";
            node["sql"] = new JsonObject
            {
                ["days_year_ms"] = await TimeSqlAsync(conn, $"SELECT sum(views), count(*) FROM site_daily_stats {where}"),
                ["paths_year_ms"] = await TimeSqlAsync(conn, $"SELECT count(*) FROM (SELECT path, sum(views) FROM site_daily_paths {where} GROUP BY path) p"),
                ["types_year_ms"] = await TimeSqlAsync(conn, $"SELECT count(*) FROM (SELECT event_type, sum(views) FROM site_daily_types {where} GROUP BY event_type) t"),
                ["path_rows_year"] = await ScalarAsync(conn, $"SELECT count(*) FROM site_daily_paths {where}"),
            };
        }
        node["rollup_seconds"] = Math.Round(rollup.Elapsed.TotalSeconds, 1);
        node["rollup"] = "the worker's site rollup (SiteRollup), timed from the end of the COPY until site_daily_stats held every event";
        Log($"event stats: rolled up in {node["rollup_seconds"]} s; SQL {node["sql"]!.ToJsonString()}");

        var end = DateTime.UtcNow.Date;
        foreach (var (name, days) in new[] { ("year", 365), ("last_7_days", 7) })
        {
            var url = $"/api/stats?site_id={site}&start={end.AddDays(-(days - 1)):yyyy-MM-dd}&end={end:yyyy-MM-dd}";
            var (summary, total) = await TimeEndpointAsync(url);
            summary["url"] = url.Replace(site, "{site_id}");
            summary["total_in_answer"] = total;
            node[name] = summary;
            Log($"event stats {name}: {summary.ToJsonString()}");
        }
    }

    private async Task<long> ScalarAsync(Npgsql.NpgsqlConnection conn, string sql)
    {
        await using var cmd = new Npgsql.NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct));
    }

    private async Task CopyEventsAsync(string site)
    {
        string[] types = ["page_view", "page_view", "page_view", "page_view", "page_view", "page_view", "signup", "click", "download", "purchase"];
        var end = DateTimeOffset.UtcNow;
        var start = end.AddDays(-365);
        var step = (end - start).Ticks / o.EventStatsEvents;
        var random = new Random(42);
        var paths = Enumerable.Range(0, 100).Select(i => i == 0 ? "/" : $"/docs/page-{i}").ToArray();
        await using var conn = await _db!.OpenConnectionAsync(ct);
        await using var writer = await conn.BeginBinaryImportAsync(
            "COPY events (event_id, site_id, event_type, path, user_id, user_key, occurred_at) FROM STDIN (FORMAT BINARY)", ct);
        for (var i = 0; i < o.EventStatsEvents; i++)
        {
            if ((i & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
            var at = start.AddTicks(step * i);
            var r = random.Next();
            var visitor = new byte[16];
            BitConverter.TryWriteBytes(visitor, r % 50_000);
            await writer.StartRowAsync(ct);
            await writer.WriteAsync(Guid.CreateVersion7(at), NpgsqlDbType.Uuid, ct);
            await writer.WriteAsync(site, NpgsqlDbType.Text, ct);
            var type = types[(r >> 4) % types.Length];
            await writer.WriteAsync(type, NpgsqlDbType.Text, ct);
            // Page views on any path, the smaller of two draws (low-numbered paths are viewed far more often); the
            // other types each happen on a page of their own.
            await writer.WriteAsync(type == "page_view" ? paths[Math.Min((r >> 8) % 100, (r >> 16) % 100)] : "/" + type, NpgsqlDbType.Text, ct);
            await writer.WriteNullAsync(ct);
            await writer.WriteAsync(visitor, NpgsqlDbType.Bytea, ct);
            await writer.WriteAsync(at.UtcDateTime, NpgsqlDbType.TimestampTz, ct);
        }
        await writer.CompleteAsync(ct);
    }
}

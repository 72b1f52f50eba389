using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using NpgsqlTypes;

namespace Shortener.Bench;

internal sealed partial class Bench
{
    /// <summary>
    /// Point 4: one link with N clicks spread evenly over the last 365 days, written with binary COPY in time order
    /// (v7 event ids from the click's own time, so the primary key grows at its end as it does in production), rolled
    /// up per UTC day into daily_stats, then the stats endpoint timed for the full year and for the last 7 days.
    /// </summary>
    private async Task StatsAsync()
    {
        var (linkId, slug) = await CreateLinkAsync("https://example.com/bench/a-year-of-clicks", ct);
        var node = new JsonObject { ["clicks"] = o.StatsClicks, ["slug"] = slug };
        results["stats"] = node;
        Log($"stats: COPY {o.StatsClicks:N0} clicks over 365 days into link {slug}");
        var copy = Stopwatch.StartNew();
        await CopyClicksAsync(linkId);
        node["copy_seconds"] = Math.Round(copy.Elapsed.TotalSeconds, 1);
        Log($"stats: copied in {copy.Elapsed.TotalSeconds:0.0} s; ANALYZE and roll-up into daily_stats");
        var rollup = Stopwatch.StartNew();
        await using (var conn = await _db!.OpenConnectionAsync(ct))
        {
            await Exec(conn, "ANALYZE clicks");
            // The worker's own rollup job (every 30 s) folds the copied clicks in; wait until daily_stats holds them all.
            await WaitRolledUpAsync(conn, $"SELECT coalesce(sum(clicks), 0) FROM daily_stats WHERE link_id = {linkId}", o.StatsClicks, "clicks");
            await Exec(conn, "ANALYZE daily_stats");
            var rolledUp = rollup.Elapsed.TotalSeconds;
            node["rollup_seconds"] = Math.Round(rolledUp, 1);
            node["rollup"] = "the worker's rollup job (DailyRollup), timed from the end of the COPY until daily_stats held every click";

            // The same questions asked of PostgreSQL directly, to tell query cost from service overhead.
            var today = DateTime.UtcNow.Date;
            node["sql"] = new JsonObject
            {
                ["raw_count_year_ms"] = await TimeSqlAsync(conn, $"SELECT count(*) FROM clicks WHERE link_id = {linkId} AND occurred_at >= '{today.AddDays(-364):yyyy-MM-dd}'"),
                ["raw_count_7d_ms"] = await TimeSqlAsync(conn, $"SELECT count(*) FROM clicks WHERE link_id = {linkId} AND occurred_at >= '{today.AddDays(-6):yyyy-MM-dd}'"),
                ["rollup_year_ms"] = await TimeSqlAsync(conn, $"SELECT sum(clicks), count(*) FROM daily_stats WHERE link_id = {linkId} AND date >= '{today.AddDays(-364):yyyy-MM-dd}'"),
                ["rollup_7d_ms"] = await TimeSqlAsync(conn, $"SELECT sum(clicks), count(*) FROM daily_stats WHERE link_id = {linkId} AND date >= '{today.AddDays(-6):yyyy-MM-dd}'"),
            };
        }
        Log($"stats: rolled up in {node["rollup_seconds"]} s; SQL {node["sql"]!.ToJsonString()}");

        var mode = await DetectStatsEndpointAsync(slug);
        node["endpoint"] = mode;
        var end = DateTime.UtcNow.Date;
        string Url(int days) => mode == "/stats/{slug}"
            ? $"/stats/{slug}"
            : $"/links/{slug}/stats?start={end.AddDays(-(days - 1)):yyyy-MM-dd}&end={end:yyyy-MM-dd}";
        foreach (var (name, days) in new[] { ("year", 365), ("last_7_days", 7) })
        {
            var (summary, total) = await TimeEndpointAsync(Url(days));
            summary["url"] = Url(days).Replace(slug, "{slug}");
            summary["total_in_answer"] = total;
            node[name] = summary;
            Log($"stats {name}: {summary.ToJsonString()}");
        }
        if (mode == "/stats/{slug}")
            node["note"] = "/links/{slug}/stats did not answer 200, so /stats/{slug} (all-time count(*) plus 30 days by day, from raw clicks) " +
                "was timed for both rows; it takes no range, so both rows ask the same question.";
    }

    private async Task CopyClicksAsync(long linkId)
    {
        string[] countries = ["US", "DE", "GB", "FR", "IN", "BR", "JP", "CA", "NL", "ES"];
        string[] referrers = ["https://news.ycombinator.com/", "https://www.google.com/", "https://t.co/x", "https://www.reddit.com/r/dotnet/", ""];
        string[] browsers = ["Chrome", "Safari", "Firefox", "Edge", "Mobile Safari"];
        string[] oses = ["Windows", "Mac OS X", "Linux", "iOS", "Android"];
        string[] devices = ["desktop", "mobile", "tablet"];
        const string ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
        var end = DateTimeOffset.UtcNow;
        var start = end.AddDays(-365);
        var step = (end - start).Ticks / o.StatsClicks;
        var random = new Random(42);
        await using var conn = await _db!.OpenConnectionAsync(ct);
        await using var writer = await conn.BeginBinaryImportAsync("""
            COPY clicks (event_id, link_id, occurred_at, country, referrer, referrer_host, user_agent, browser, os, device_type, is_bot, visitor_hash)
            FROM STDIN (FORMAT BINARY)
            """, ct);
        for (var i = 0; i < o.StatsClicks; i++)
        {
            if ((i & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
            var at = start.AddTicks(step * i);
            var r = random.Next();
            var referrer = referrers[r % referrers.Length];
            var visitor = new byte[16];
            BitConverter.TryWriteBytes(visitor, r % 250_000);
            await writer.StartRowAsync(ct);
            await writer.WriteAsync(Guid.CreateVersion7(at), NpgsqlDbType.Uuid, ct);
            await writer.WriteAsync(linkId, NpgsqlDbType.Bigint, ct);
            await writer.WriteAsync(at.UtcDateTime, NpgsqlDbType.TimestampTz, ct);
            await writer.WriteAsync(countries[(r >> 3) % countries.Length], NpgsqlDbType.Text, ct);
            if (referrer.Length == 0)
            {
                await writer.WriteNullAsync(ct);
                await writer.WriteAsync("direct", NpgsqlDbType.Text, ct);
            }
            else
            {
                await writer.WriteAsync(referrer, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(new Uri(referrer).Host, NpgsqlDbType.Text, ct);
            }
            await writer.WriteAsync(ua, NpgsqlDbType.Text, ct);
            await writer.WriteAsync(browsers[(r >> 6) % browsers.Length], NpgsqlDbType.Text, ct);
            await writer.WriteAsync(oses[(r >> 9) % oses.Length], NpgsqlDbType.Text, ct);
            await writer.WriteAsync(devices[(r >> 12) % devices.Length], NpgsqlDbType.Text, ct);
            await writer.WriteAsync(false, NpgsqlDbType.Boolean, ct);
            await writer.WriteAsync(visitor, NpgsqlDbType.Bytea, ct);
        }
        await writer.CompleteAsync(ct);
    }

    /// <summary>Polls a rollup's sum every 500 ms until it reaches <paramref name="expected"/>; 15 minutes at most.</summary>
    private async Task WaitRolledUpAsync(NpgsqlConnection conn, string sumSql, long expected, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            await using var sum = new NpgsqlCommand(sumSql, conn);
            if (Convert.ToInt64(await sum.ExecuteScalarAsync(ct)) >= expected) return;
            if (deadline.Elapsed > TimeSpan.FromMinutes(15)) throw new TimeoutException($"The worker's rollup did not fold in the copied {what} within 15 minutes.");
            await Task.Delay(500, ct);
        }
    }

    private async Task Exec(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Median of up to 20 runs (or 10 s of them, at least 5), after 2 to warm the cache.</summary>
    private async Task<double> TimeSqlAsync(NpgsqlConnection conn, string sql)
    {
        var samples = new List<double>();
        var budget = Stopwatch.StartNew();
        for (var i = 0; i < 22 && (i < 7 || budget.Elapsed < TimeSpan.FromSeconds(10)); i++)
        {
            var sw = Stopwatch.StartNew();
            await using (var cmd = new NpgsqlCommand(sql, conn)) await cmd.ExecuteScalarAsync(ct);
            if (i >= 2) samples.Add(sw.Elapsed.TotalMilliseconds);
        }
        return Math.Round(Percentiles.Of(samples.Order().ToList(), 50), 2);
    }

    /// <summary>
    /// Sequential requests: 5 to warm up, then up to StatsSamples or StatsSecondsPerQuery, whichever ends first, but at
    /// least 20 (so p95 means something) unless that would take four times the budget.
    /// </summary>
    private async Task<(JsonObject Summary, long? Total)> TimeEndpointAsync(string url)
    {
        long? total = null;
        for (var i = 0; i < 5; i++) total = await FetchTotalAsync(url, ct);
        var samples = new List<double>();
        var budget = Stopwatch.StartNew();
        while (samples.Count < o.StatsSamples && (budget.Elapsed.TotalSeconds < o.StatsSecondsPerQuery || samples.Count < 20)
               && budget.Elapsed.TotalSeconds < 4 * o.StatsSecondsPerQuery)
        {
            var sw = Stopwatch.StartNew();
            total = await FetchTotalAsync(url, ct);
            samples.Add(sw.Elapsed.TotalMilliseconds);
        }
        return (Percentiles.Summary(samples), total);
    }

    private async Task<long?> FetchTotalAsync(string url, CancellationToken token)
    {
        using var response = await _http.GetAsync(url, token);
        var body = await response.Content.ReadAsStringAsync(token);
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"GET {url} answered {(int)response.StatusCode}: {body}");
        return FindTotal(JsonNode.Parse(body));
    }

    /// <summary>/links/{slug}/stats when it answers 200 for a date range, else the /stats/{slug} that exists today.</summary>
    private async Task<string> DetectStatsEndpointAsync(string slug)
    {
        var end = DateTime.UtcNow.Date;
        using var response = await _http.GetAsync($"/links/{slug}/stats?start={end.AddDays(-6):yyyy-MM-dd}&end={end:yyyy-MM-dd}", ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode == HttpStatusCode.OK && FindTotal(JsonNode.Parse(body)) is not null) return "/links/{slug}/stats";
        Log($"/links/{{slug}}/stats answered {(int)response.StatusCode}: {body[..Math.Min(body.Length, 300)]}");
        return "/stats/{slug}";
    }

    private async Task<long> StatsTotalAsync(string slug, CancellationToken token)
    {
        var end = DateTime.UtcNow.Date;
        var url = _statsMode == "/stats/{slug}"
            ? $"/stats/{slug}"
            : $"/links/{slug}/stats?start={end.AddDays(-1):yyyy-MM-dd}&end={end:yyyy-MM-dd}";
        return await FetchTotalAsync(url, token) ?? throw new InvalidOperationException($"GET {url}: no total in the answer");
    }

    /// <summary>The click total of a stats answer: a number named total/total_clicks/clicks, at the top or one level down.</summary>
    private static long? FindTotal(JsonNode? node)
    {
        string[] names = ["total_clicks", "total_views", "total", "clicks"];
        if (node is not JsonObject obj) return null;
        foreach (var name in names)
            if (obj[name] is JsonValue v && v.TryGetValue<long>(out var n)) return n;
        foreach (var (_, child) in obj)
            if (child is JsonObject inner)
                foreach (var name in names)
                    if (inner[name] is JsonValue v && v.TryGetValue<long>(out var n)) return n;
        return null;
    }
}

using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Shortener.Core.Events;

namespace Shortener.Bench;

internal sealed partial class Bench
{
    /// <summary>
    /// Issue 12's ingestion: a site of its own per sub-phase, registered with the admin key, then wrk with events.lua,
    /// first single POST /api/event bodies, then POST /api/events batches (EventBatchSize), each after a warm-up on a
    /// third site. Rate limits are off for the whole AppHost (RateLimiting__Enabled=false), as for redirects. Each
    /// sub-phase reports what the api accepted (202s × events per request, per second of load, and the POSTs' latency),
    /// then waits until every accepted event is in PostgreSQL: end to end is stored ÷ (first request → stream empty with
    /// every event counted). Zero loss: every accepted event stored, none stored twice (each event's user_id is unique
    /// in the run, so two rows with one user_id are one event stored under two ids), no socket errors. Answers other
    /// than 202 (503 when the api's queue is full) are counted apart: nothing of such a request was accepted.
    /// </summary>
    private async Task EventsAsync()
    {
        var tag = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));
        var warmSite = await CreateSiteAsync($"bench-warm-up-{tag}");
        Log($"events: warm-up, {o.WarmupSeconds} s each of single events and batches of {o.EventBatchSize} to site {warmSite}");
        foreach (var size in new[] { 1, o.EventBatchSize })
        {
            var warm = await EventsWrkAsync(warmSite, size, $"w{size}-{tag}", TimeSpan.FromSeconds(o.WarmupSeconds));
            await WaitEventsStoredAsync(warmSite, warm.Redirects * size, TimeSpan.FromMinutes(3), Stopwatch.StartNew());
        }
        results["events_single"] = await EventsRunAsync(1, tag);
        results["events_batch"] = await EventsRunAsync(o.EventBatchSize, tag);
    }

    private async Task<JsonObject> EventsRunAsync(int size, string tag)
    {
        var label = size == 1 ? "events, single POST /api/event" : $"events, POST /api/events of {size}";
        var site = await CreateSiteAsync($"bench-{(size == 1 ? "single" : "batch")}-{tag}");
        Log($"{label}: {o.EventSeconds} s of wrk -t{o.WrkThreads} -c{o.Connections} to site {site}");
        var clock = Stopwatch.StartNew();
        var load = new CpuMeter(_app!);
        var whole = new CpuMeter(_app!);
        var wrk = await EventsWrkAsync(site, size, tag, TimeSpan.FromSeconds(o.EventSeconds));
        var loadCpu = load.Stop(wrk.CpuSeconds);
        var loadSeconds = clock.Elapsed.TotalSeconds;
        var backlog = await _redis!.GetDatabase().StreamLengthAsync(EventStream.Pipeline.Key);
        var accepted = wrk.Redirects * size;
        var wait = await WaitEventsStoredAsync(site, accepted, TimeSpan.FromMinutes(5), clock);
        var wholeCpu = whole.Stop(wrk.CpuSeconds);
        var (rows, distinct) = await CountEventsAsync(site, distinctUsers: true);
        var seconds = wait.LastRowAt.TotalSeconds;
        var cpuSeconds = (JsonObject)wholeCpu["seconds"]!;
        var node = WrkJson(wrk);
        node.Remove("non_302");
        node["non_202"] = wrk.BadStatus;
        // A 503 refuses the whole request (the client sends it again); it is back-pressure, not loss.
        node["refused_503"] = wrk.Status503;
        node["refused_4xx"] = wrk.Status4xx;
        node["connections"] = o.Connections;
        node["events_per_request"] = size;
        node["accepted"] = accepted;
        node["accepted_events_per_second"] = Math.Round(accepted / (wrk.DurationUs / 1e6));
        node["events_written"] = wrk.ItemsSent;
        node["stored"] = distinct;
        node["lost"] = Math.Max(0, accepted - distinct);
        node["doubled"] = rows - distinct;
        // Up to connections × size events are in flight when wrk stops: written, maybe stored, not counted as accepted.
        node["stored_beyond_counted"] = Math.Max(0, distinct - accepted);
        // Every accepted event stored, once; a refused request (non-202) is the client's to send again, reported apart.
        node["zero_loss"] = distinct >= accepted && rows == distinct && distinct <= wrk.ItemsSent && wrk.SocketErrors == 0 && !wait.Stalled;
        node["dead_lettered"] = await _redis.GetDatabase().StreamLengthAsync(EventStream.Pipeline.DeadLetterKey);
        node["load_seconds"] = Math.Round(loadSeconds, 2);
        node["first_request_to_last_row_s"] = Math.Round(seconds, 2);
        node["end_to_end_events_per_second"] = seconds > 0 ? Math.Round(distinct / seconds) : null;
        node["stream_backlog_at_load_end"] = backlog;
        node["stall"] = wait.Stalled;
        node["api_cpu_us_per_request"] = Math.Round((double)loadCpu["seconds"]!["api"]! * 1e6 / Math.Max(1, wrk.Requests), 1);
        // CPU per stored event from the first request to the last row, so runs on a noisy machine can be compared.
        node["cpu_us_per_event"] = new JsonObject(new[] { "api", "worker", "postgres", "redis" }.Select(g =>
            KeyValuePair.Create(g, (JsonNode?)(distinct == 0 ? null : Math.Round((double)cpuSeconds[g]! * 1e6 / distinct, 1)))));
        node["cpu"] = loadCpu;
        Log($"{label}: {node["accepted_events_per_second"]} accepted/s, p50 {node["p50_ms"]} ms, p99 {node["p99_ms"]} ms, non-202 {wrk.BadStatus} ({wrk.Status503} of them 503); " +
            $"stored {distinct:N0} of {accepted:N0} accepted ({rows - distinct} doubled) in {seconds:0.0} s = {node["end_to_end_events_per_second"]} events/s end to end; " +
            $"cpu {loadCpu["percent_of_one_core"]!.ToJsonString()}; µs per event {node["cpu_us_per_event"]!.ToJsonString()}");
        return node;
    }

    private Task<WrkResult> EventsWrkAsync(string site, int size, string tag, TimeSpan duration) =>
        Wrk.RunAsync(Path.Combine(repo, "bench", "events.lua"), [site, size.ToString(System.Globalization.CultureInfo.InvariantCulture), tag],
            _http.BaseAddress!.ToString().TrimEnd('/'), o.WrkThreads, o.Connections, duration, null, ct);

    private async Task<string> CreateSiteAsync(string siteId)
    {
        using var response = await _http.PostAsJsonAsync("/sites", new { site_id = siteId, name = "bench" }, ct);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"POST /sites answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        return siteId;
    }

    private async Task<(long Rows, long DistinctUsers)> CountEventsAsync(string site, bool distinctUsers)
    {
        await using var cmd = _db!.CreateCommand(distinctUsers
            ? "SELECT count(*), count(DISTINCT user_id) FROM events WHERE site_id = $1"
            : "SELECT count(*), 0::bigint FROM events WHERE site_id = $1");
        cmd.Parameters.AddWithValue(site);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>
    /// Waits until the site holds at least <paramref name="atLeast"/> events and events:stream is empty (the worker
    /// deletes an entry only after its events are committed). Unlike the clicks' wait it watches the stream, which is
    /// cheap, and counts rows only when the stream is empty: counting a million events every 100 ms would weigh on the
    /// PostgreSQL whose drain is being timed. Stalled when nothing moves for 20 s.
    /// </summary>
    private async Task<StoredWait> WaitEventsStoredAsync(string site, long atLeast, TimeSpan timeout, Stopwatch since)
    {
        var db = _redis!.GetDatabase();
        var deadline = since.Elapsed + timeout;
        var lastLength = -1L;
        var lastChange = since.Elapsed;
        TimeSpan? emptySince = null;
        while (true)
        {
            var length = await db.StreamLengthAsync(EventStream.Pipeline.Key);
            var now = since.Elapsed;
            if (length != lastLength) (lastLength, lastChange) = (length, now);
            if (length == 0)
            {
                emptySince ??= now;
                var (count, _) = await CountEventsAsync(site, distinctUsers: false);
                if (count >= atLeast) return new StoredWait(count, emptySince.Value, false);
            }
            else
            {
                emptySince = null;
            }
            if (now - lastChange > TimeSpan.FromSeconds(20) || now > deadline)
            {
                var (count, _) = await CountEventsAsync(site, distinctUsers: false);
                Log($"events stopped at {count:N0} (stream length {length:N0}), expected at least {atLeast:N0}");
                return new StoredWait(count, now, true);
            }
            await Task.Delay(length == 0 ? 100 : 20, ct);
        }
    }
}

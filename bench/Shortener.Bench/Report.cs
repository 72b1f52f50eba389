using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Shortener.Bench;

/// <summary>Issue 6's targets against the figures, and the table run.sh prints (BENCHMARKS.md copies it).</summary>
internal static class Report
{
    private static double? Num(JsonNode? root, string path)
    {
        JsonNode? node = root;
        foreach (var part in path.Split('.')) node = node is JsonObject o ? o[part] : null;
        if (node is not JsonValue v) return null;
        if (v.TryGetValue<double>(out var d)) return d;
        if (v.TryGetValue<long>(out var l)) return l;
        if (v.TryGetValue<int>(out var i)) return i;
        return null;
    }

    private static bool? Bool(JsonNode? root, string path)
    {
        JsonNode? node = root;
        foreach (var part in path.Split('.')) node = node is JsonObject o ? o[part] : null;
        return node is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;
    }

    public static void Targets(JsonObject r)
    {
        JsonObject Target(string what, bool? met, string measured) => new()
        {
            ["target"] = what, ["status"] = met is null ? "not measured" : met.Value ? "met" : "not yet", ["measured"] = measured,
        };
        string F(double? v, string format = "N0") => v is null ? "–" : v.Value.ToString(format, CultureInfo.InvariantCulture);

        var ratio = Num(r, "redirect.ratio_to_bare_kestrel");
        var p99 = Num(r, "redirect.p99_ms");
        var e2e = Num(r, "pipeline.end_to_end_clicks_per_second");
        var zero = Bool(r, "pipeline.zero_loss");
        var drain = Num(r, "drain.events_per_second");
        var drainOneClick = Num(r, "drain_one_click_entries.events_per_second");
        var statsYear = Num(r, "stats.year.p95_ms");
        var statsWeek = Num(r, "stats.last_7_days.p95_ms");
        var fresh = Num(r, "freshness.p99_ms");
        var page = Num(r, "dashboard.year.p95_ms");
        var apiRss = Num(r, "memory.api.peak_rss_mb");
        var hooks = Num(r, "webhooks.deliveries_per_second");
        var hooksExact = Num(r, "webhooks.lost") == 0 && Num(r, "webhooks.doubled") == 0;
        var drainRatio = Num(r, "webhooks.drain_ratio_to_no_webhooks");
        var liveP99 = Num(r, "live.p99_ms");
        var liveCost = Num(r, "drain_live.cost_percent");
        r["targets"] = new JsonArray(
            Target("redirect ≥ 0.7× bare Kestrel req/s", ratio is null ? null : ratio >= 0.7, $"{F(ratio, "0.00")}×"),
            Target("redirect p99 < 10 ms", p99 is null ? null : p99 < 10, $"{F(p99, "0.0")} ms"),
            Target("end to end ≥ 20,000 clicks/s with zero loss", e2e is null ? null : e2e >= 20_000 && zero == true,
                $"{F(e2e)} clicks/s, {(zero == true ? "zero loss" : "LOSS or errors")}"),
            Target("drain ≥ 50,000 events/s", drain is null ? null : drain >= 50_000,
                $"{F(drain)} events/s in packs of {F(Num(r, "drain.clicks_per_entry"))} (one-click entries: {F(drainOneClick)} events/s)"),
            Target("stats p95 < 20 ms for a year of 10M clicks", statsYear is null ? null : statsYear < 20 && (statsWeek ?? 0) < 20
                && r["stats"]?["endpoint"]?.GetValue<string>() == "/links/{slug}/stats",
                $"year {F(statsYear, "0.0")} ms, 7 days {F(statsWeek, "0.0")} ms ({r["stats"]?["endpoint"]})"),
            Target("dashboard statistics page complete < 1 s (a year of 10M clicks, p95)", page is null ? null : page < 1000
                && Num(r, "dashboard.clicks") >= 10_000_000, $"{F(page, "N0")} ms for 1 y, {F(Num(r, "dashboard.last_30_days.p95_ms"), "N0")} ms for 30 d"),
            Target("click visible in stats within 2 s at p99", fresh is null ? null : fresh < 2000, $"{F(fresh, "N0")} ms"),
            Target("api RSS < 250 MB", apiRss is null ? null : apiRss < 250, $"{F(apiRss, "0")} MB"),
            Target("redirect to live event p99 < 1 s (50 clients, pipeline load)", liveP99 is null ? null : liveP99 < 1000 && Num(r, "live.probes_not_seen") == 0,
                $"{F(liveP99, "N0")} ms ({F(Num(r, "live.samples"))} samples, {F(Num(r, "live.probes_not_seen"))} not seen)"),
            Target("live publishing costs the drain < 10 %", liveCost is null ? null : liveCost < 10,
                $"{F(liveCost, "0.0")} % (on {F(Num(r, "drain_live.on_events_per_second"))}, off {F(Num(r, "drain_live.off_events_per_second"))} events/s)"),
            Target("link.clicked ≥ 2,000 deliveries/s, none lost or doubled", hooks is null ? null : hooks >= 2000 && hooksExact,
                $"{F(hooks)}/s, lost {F(Num(r, "webhooks.lost"))}, doubled {F(Num(r, "webhooks.doubled"))}"),
            Target("drain with link.clicked fan-out loses < 10 %", drainRatio is null ? null : drainRatio >= 0.9, $"{F(drainRatio, "0.00")}× the drain without"));
    }

    public static string Table(JsonObject r)
    {
        var sb = new StringBuilder();
        var m = r["machine"];
        sb.AppendLine($"Shortener benchmark, {r["started_at"]}, commit {r["commit"]}");
        sb.AppendLine($"machine: {m?["nproc"]} cores ({m?["cpu"]}), {m?["memory_gb"]} GB; {m?["dotnet"]}; {m?["wrk"]}; {m?["postgres"]}; redis {m?["redis"]}");
        if (r["error"] is { } error) sb.AppendLine($"RUN FAILED: {error}");
        sb.AppendLine();
        var rows = new List<(string, string)>();
        void Row(string name, string value) => rows.Add((name, value));
        string F(string path, string format = "N0", string unit = "") =>
            Num(r, path) is { } v ? v.ToString(format, CultureInfo.InvariantCulture) + unit : "–";

        Row("bare Kestrel 302 (baseline)", $"{F("baseline.requests_per_second")} req/s, p50 {F("baseline.p50_ms", "0.00", " ms")}, p99 {F("baseline.p99_ms", "0.0", " ms")}");
        Row("api redirect (cache hit, clicks on)", $"{F("redirect.requests_per_second")} req/s, p50 {F("redirect.p50_ms", "0.00", " ms")}, p99 {F("redirect.p99_ms", "0.0", " ms")}");
        Row("  ratio to bare Kestrel", F("redirect.ratio_to_bare_kestrel", "0.00", "×"));
        Row("  non-302 / socket errors", $"{F("redirect.non_302")} / {F("redirect.socket_errors")}");
        Row("pipeline: end to end", $"{F("pipeline.end_to_end_clicks_per_second")} clicks/s ({F("pipeline.stored")} stored in {F("pipeline.first_request_to_last_row_s", "0.0", " s")}; load {F("pipeline.requests_per_second")} req/s)");
        Row("  served 302 / stored / lost", $"{F("pipeline.served_302")} / {F("pipeline.stored")} / {F("pipeline.lost")}{(Bool(r, "pipeline.zero_loss") == true ? " (zero loss)" : "")}");
        Row("  stream backlog when load ended", F("pipeline.stream_backlog_at_load_end"));
        Row($"drain, packs of {F("drain.clicks_per_entry")} (pre-filled)", Drain("drain"));
        Row("drain, one-click entries (old format)", Drain("drain_one_click_entries"));
        Row("link.clicked deliveries to a local receiver", $"{F("webhooks.deliveries_per_second")}/s ({F("webhooks.clicks_received")} clicks, " +
            $"lost {F("webhooks.lost")}, doubled {F("webhooks.doubled")}, sent again with the same id {F("webhooks.sent_again_same_id")})");
        Row("  drain with the fan-out", $"{F("webhooks.drain_events_per_second_with_fanout")} events/s ({F("webhooks.drain_ratio_to_no_webhooks", "0.00", "×")} the drain without)");
        Row("drain, live publishing on / off (bench's worker)", $"{F("drain_live.on_events_per_second")} / {F("drain_live.off_events_per_second")} events/s " +
            $"(median of {F("drain_live.runs_each_way")} runs each way of {F("drain_live.events_per_run")} clicks; cost {F("drain_live.cost_percent", "0.0", " %")})");
        Row($"redirect to live event ({F("live.clients")} clients, under load)", $"p50 {F("live.p50_ms", "N0", " ms")}, p99 {F("live.p99_ms", "N0", " ms")} " +
            $"({F("live.samples")} samples, {F("live.probes_not_seen")} not seen; {F("live.events_received")} events to the clients, {F("live.gaps")} gaps)");
        Row($"stats, year ({r["stats"]?["endpoint"]})", $"p50 {F("stats.year.p50_ms", "0.0", " ms")}, p95 {F("stats.year.p95_ms", "0.0", " ms")}");
        Row($"stats, last 7 days", $"p50 {F("stats.last_7_days.p50_ms", "0.0", " ms")}, p95 {F("stats.last_7_days.p95_ms", "0.0", " ms")}");
        Row("  SQL: raw count year / daily_stats year", $"{F("stats.sql.raw_count_year_ms", "0.0", " ms")} / {F("stats.sql.rollup_year_ms", "0.00", " ms")}");
        Row("dashboard stats page, 1 y (Chromium)", $"p50 {F("dashboard.year.p50_ms", "N0", " ms")}, p95 {F("dashboard.year.p95_ms", "N0", " ms")}");
        Row("dashboard stats page, 30 d", $"p50 {F("dashboard.last_30_days.p50_ms", "N0", " ms")}, p95 {F("dashboard.last_30_days.p95_ms", "N0", " ms")}");
        Row($"freshness under load ({r["freshness"]?["endpoint"]})", $"p50 {F("freshness.p50_ms", "N0", " ms")}, p99 {F("freshness.p99_ms", "N0", " ms")} ({F("freshness.samples")} samples)");
        Row("peak RSS api / worker (VmHWM)", $"{F("memory.api.peak_rss_mb", "0", " MB")} / {F("memory.worker.peak_rss_mb", "0", " MB")}");
        Row("CPU during redirect (% of one core)", Cpu(r["redirect"]?["cpu"]));
        Row("CPU during pipeline (% of one core)", Cpu(r["pipeline"]?["cpu"]));
        Row("CPU during drain, packs (% of one core)", Cpu(r["drain"]?["cpu"]));
        Row("CPU during drain, one-click entries", Cpu(r["drain_one_click_entries"]?["cpu"]));
        Row("CPU during webhooks (% of one core)", Cpu(r["webhooks"]?["cpu"]));
        Row("CPU per request: api / bare Kestrel", $"{F("redirect.api_cpu_us_per_request", "0", " µs")} / {F("baseline.cpu_us_per_request", "0", " µs")}");
        Row("load average when the run started", r["machine"]?["loadavg_at_start"]?.ToString() ?? "–");
        string Drain(string phase) =>
            $"{F(phase + ".events_per_second")} events/s ({F(phase + ".stored")} in {F(phase + ".seconds", "0.0", " s")}; " +
            $"CPU µs per click: worker {F(phase + ".cpu_us_per_event.worker", "0.0")}, postgres {F(phase + ".cpu_us_per_event.postgres", "0.0")}, " +
            $"redis {F(phase + ".cpu_us_per_event.redis", "0.0")}; worker RSS up to {F(phase + ".worker_max_rss_mb", "0", " MB")})";
        var width = rows.Max(x => x.Item1.Length);
        sb.AppendLine($"| {"measure".PadRight(width)} | result |");
        sb.AppendLine($"|{new string('-', width + 2)}|--------|");
        foreach (var (name, value) in rows) sb.AppendLine($"| {name.PadRight(width)} | {value} |");
        sb.AppendLine();
        if (r["targets"] is JsonArray targets)
        {
            var tw = targets.Max(t => t!["target"]!.GetValue<string>().Length);
            sb.AppendLine($"| {"target".PadRight(tw)} | status       | measured |");
            sb.AppendLine($"|{new string('-', tw + 2)}|--------------|----------|");
            foreach (var t in targets)
                sb.AppendLine($"| {t!["target"]!.GetValue<string>().PadRight(tw)} | {t["status"]!.GetValue<string>(),-12} | {t["measured"]} |");
        }
        return sb.ToString();
    }

    private static string Cpu(JsonNode? cpu)
    {
        if (cpu?["percent_of_one_core"] is not JsonObject groups) return "–";
        var parts = groups.Where(g => g.Value!.GetValue<double>() >= 0.5).OrderByDescending(g => g.Value!.GetValue<double>())
            .Select(g => $"{g.Key} {g.Value!.GetValue<double>():0}");
        return $"{string.Join(", ", parts)}; outside the bench {cpu["outside_bench_percent"]} (machine {cpu["machine_busy_percent"]}% busy of {cpu["cores"]} cores)";
    }
}

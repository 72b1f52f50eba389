using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Shortener.Bench;

/// <summary>The tables run.sh prints at the end (BENCHMARKS.md copies them): every measure, then every target (<see cref="Targets"/>).</summary>
internal static class Report
{
    private static double? Num(JsonNode? root, string path) => Targets.N(root, path);

    private static bool? Bool(JsonNode? root, string path) => Targets.B(root, path);

    public static void Judge(JsonObject r) => r["targets"] = Targets.All(r);

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
        Row("redirect, plain / 5 rules (paired, browser headers)", $"{F("rules.plain_requests_per_second")} / {F("rules.rules_requests_per_second")} req/s " +
            $"({F("rules.ratio_rules_to_plain", "0.00", "×")}; api CPU per request {F("rules.plain_api_cpu_us_per_request", "0.0")} / {F("rules.rules_api_cpu_us_per_request", "0.0", " µs")}), p99 {F("rules.plain_p99_ms", "0.0")} / {F("rules.rules_p99_ms", "0.0", " ms")}");
        Row("redirect, 10 % of links with rules", $"{F("rules_mix.requests_per_second")} req/s ({F("rules_mix.ratio_to_bare_kestrel", "0.00", "×")} bare Kestrel, " +
            $"{F("rules_mix.ratio_to_plain_redirect", "0.00", "×")} the plain redirect), p50 {F("rules_mix.p50_ms", "0.00", " ms")}, p99 {F("rules_mix.p99_ms", "0.0", " ms")}");
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
        Row("events, single POST /api/event", Events("events_single"));
        Row($"events, POST /api/events of {F("events_batch.events_per_request")}", Events("events_batch"));
        Row($"import, csv of {F("import.rows")} rows", $"{F("import.rows_per_second")} rows/s request to done ({F("import.seconds", "0.0", " s")}; " +
            $"{F("import.processing_rows_per_second")} rows/s while running; created {F("import.created")}, skipped {F("import.skipped")}, failed {F("import.failed")})");
        Row($"stats, year ({r["stats"]?["endpoint"]})", $"p50 {F("stats.year.p50_ms", "0.0", " ms")}, p95 {F("stats.year.p95_ms", "0.0", " ms")}");
        Row($"stats, last 7 days", $"p50 {F("stats.last_7_days.p50_ms", "0.0", " ms")}, p95 {F("stats.last_7_days.p95_ms", "0.0", " ms")}");
        Row("  SQL: raw count year / daily_stats year", $"{F("stats.sql.raw_count_year_ms", "0.0", " ms")} / {F("stats.sql.rollup_year_ms", "0.00", " ms")}");
        Row($"site stats, year of {F("event_stats.events")} events (/api/stats)", $"p50 {F("event_stats.year.p50_ms", "0.0", " ms")}, p95 {F("event_stats.year.p95_ms", "0.0", " ms")}");
        Row("site stats, last 7 days", $"p50 {F("event_stats.last_7_days.p50_ms", "0.0", " ms")}, p95 {F("event_stats.last_7_days.p95_ms", "0.0", " ms")}");
        Row("  SQL: days / paths / types, year", $"{F("event_stats.sql.days_year_ms", "0.00")} / {F("event_stats.sql.paths_year_ms", "0.00")} / " +
            $"{F("event_stats.sql.types_year_ms", "0.00", " ms")} ({F("event_stats.sql.path_rows_year")} path rows)");
        Row("dashboard stats page, 1 y (Chromium)", $"p50 {F("dashboard.year.p50_ms", "N0", " ms")}, p95 {F("dashboard.year.p95_ms", "N0", " ms")}");
        Row("dashboard stats page, 30 d", $"p50 {F("dashboard.last_30_days.p50_ms", "N0", " ms")}, p95 {F("dashboard.last_30_days.p95_ms", "N0", " ms")}");
        Row($"freshness under load ({r["freshness"]?["endpoint"]})", $"p50 {F("freshness.p50_ms", "N0", " ms")}, p99 {F("freshness.p99_ms", "N0", " ms")} ({F("freshness.samples")} samples)");
        Row("peak RSS api / worker (VmHWM), after the load phases", $"{F("memory.api.peak_rss_mb", "0", " MB")} / {F("memory.worker.peak_rss_mb", "0", " MB")}");
        Row("peak RSS api / worker (VmHWM), whole run", $"{F("memory_end.api.peak_rss_mb", "0", " MB")} / {F("memory_end.worker.peak_rss_mb", "0", " MB")} " +
            $"(now {F("memory_end.api.rss_now_mb", "0")} / {F("memory_end.worker.rss_now_mb", "0", " MB")})");
        Row("CPU during redirect (% of one core)", Cpu(r["redirect"]?["cpu"]));
        Row("CPU during pipeline (% of one core)", Cpu(r["pipeline"]?["cpu"]));
        Row("CPU during drain, packs (% of one core)", Cpu(r["drain"]?["cpu"]));
        Row("CPU during drain, one-click entries", Cpu(r["drain_one_click_entries"]?["cpu"]));
        Row("CPU during webhooks (% of one core)", Cpu(r["webhooks"]?["cpu"]));
        Row("CPU during 10 % rules redirect", Cpu(r["rules_mix"]?["cpu"]));
        Row("CPU during single events (load)", Cpu(r["events_single"]?["cpu"]));
        Row("CPU during batched events (load)", Cpu(r["events_batch"]?["cpu"]));
        Row("CPU during import", Cpu(r["import"]?["cpu"]));
        Row("CPU per request: api / bare Kestrel", $"{F("redirect.api_cpu_us_per_request", "0", " µs")} / {F("baseline.cpu_us_per_request", "0", " µs")}");
        Row("load average when the run started", r["machine"]?["loadavg_at_start"]?.ToString() ?? "–");
        string Drain(string phase) =>
            $"{F(phase + ".events_per_second")} events/s ({F(phase + ".stored")} in {F(phase + ".seconds", "0.0", " s")}; " +
            $"CPU µs per click: worker {F(phase + ".cpu_us_per_event.worker", "0.0")}, postgres {F(phase + ".cpu_us_per_event.postgres", "0.0")}, " +
            $"redis {F(phase + ".cpu_us_per_event.redis", "0.0")}; worker RSS up to {F(phase + ".worker_max_rss_mb", "0", " MB")})";
        string Events(string phase) =>
            $"{F(phase + ".accepted_events_per_second")} accepted/s, p50 {F(phase + ".p50_ms", "0.00", " ms")}, p99 {F(phase + ".p99_ms", "0.0", " ms")}; " +
            $"{F(phase + ".end_to_end_events_per_second")} events/s end to end; accepted {F(phase + ".accepted")}, stored {F(phase + ".stored")}, " +
            $"lost {F(phase + ".lost")}, doubled {F(phase + ".doubled")}, non-202 {F(phase + ".non_202")}{(Bool(r, phase + ".zero_loss") == true ? " (zero loss)" : "")}";
        var width = rows.Max(x => x.Item1.Length);
        sb.AppendLine($"| {"measure".PadRight(width)} | result |");
        sb.AppendLine($"|{new string('-', width + 2)}|--------|");
        foreach (var (name, value) in rows) sb.AppendLine($"| {name.PadRight(width)} | {value} |");
        sb.AppendLine();
        if (r["targets"] is JsonArray targets)
        {
            var tw = targets.Max(t => t!["target"]!.GetValue<string>().Length);
            sb.AppendLine($"| {"target".PadRight(tw)} | issue  | status       | measured |");
            sb.AppendLine($"|{new string('-', tw + 2)}|--------|--------------|----------|");
            foreach (var t in targets)
                sb.AppendLine($"| {t!["target"]!.GetValue<string>().PadRight(tw)} | {t["issues"]!.GetValue<string>(),-6} | {t["status"]!.GetValue<string>(),-12} | {t["measured"]} |");
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

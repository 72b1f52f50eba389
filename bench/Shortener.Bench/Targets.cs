using System.Globalization;
using System.Text.Json.Nodes;

namespace Shortener.Bench;

/// <summary>
/// Every speed target the issues set (6, 11, 12, 13, 14, 15, 16), each with the phase that measures it and how it is
/// judged from the figures in latest.json. The driver prints a phase's targets when the phase ends, and all of them in
/// one table at the end of the run. A target whose phase did not run, or ran smaller than the target asks (--quick),
/// is "not measured", with what was measured beside it.
/// </summary>
internal static class Targets
{
    private sealed record Target(string Phase, string Issues, string Text, Func<JsonNode, Judgement> Judge);

    /// <summary>Met is null when not measured.</summary>
    public readonly record struct Judgement(bool? Met, string Measured);

    private static readonly Target[] s_all =
    [
        new("redirect", "6, 16", "redirect ≥ 0.7× bare Kestrel req/s", r => Judge(N(r, "redirect.ratio_to_bare_kestrel"), v => v >= 0.7,
            v => $"{F(v, "0.00")}× ({F(N(r, "redirect.requests_per_second"))} / {F(N(r, "baseline.requests_per_second"))} req/s)")),
        new("redirect", "6, 16", "redirect p99 < 10 ms at 64 connections", r => Judge(N(r, "redirect.p99_ms"), v => v < 10,
            v => $"{F(v, "0.0")} ms (bare Kestrel {F(N(r, "baseline.p99_ms"), "0.0")} ms)")),
        new("rules", "15", "redirect of a link with 5 device/country/language rules ≥ 0.9× a plain link (paired runs)",
            r => Judge(N(r, "rules.ratio_rules_to_plain"), v => v >= 0.9,
                v => $"{F(v, "0.00")}× ({F(N(r, "rules.rules_requests_per_second"))} / {F(N(r, "rules.plain_requests_per_second"))} req/s, " +
                    $"median of {F(N(r, "rules.rounds"))} rounds; api CPU per redirect {F(N(r, "rules.api_cpu_ratio_rules_to_plain"), "0.00")}× the plain link's)")),
        new("rules", "15", "redirect of a link without rules: no measurable change against before issue 15",
            _ => new(null, "needs a build from before issue 15 run side by side; not in this driver")),
        new("rules", "16", "redirect with 10 % of links carrying rules ≥ 0.7× bare Kestrel req/s", r => Judge(N(r, "rules_mix.ratio_to_bare_kestrel"),
            v => v >= 0.7, v => $"{F(v, "0.00")}× ({F(N(r, "rules_mix.requests_per_second"))} req/s; {F(N(r, "rules_mix.ratio_to_plain_redirect"), "0.00")}× the plain redirect)")),
        new("rules", "16", "redirect with 10 % of links carrying rules: p99 < 10 ms", r => Judge(N(r, "rules_mix.p99_ms"), v => v < 10,
            v => $"{F(v, "0.0")} ms")),
        new("pipeline", "6, 16", "end to end ≥ 25,000 clicks/s with zero loss", r => Judge(N(r, "pipeline.end_to_end_clicks_per_second"),
            v => v >= 25_000 && B(r, "pipeline.zero_loss") == true, v => $"{F(v)} clicks/s, {(B(r, "pipeline.zero_loss") == true ? "zero loss" : "LOSS or errors")}")),
        new("pipeline", "6, 16", "a click visible in stats within 500 ms at p99 (under the pipeline's load)", r => Judge(N(r, "freshness.p99_ms"),
            v => v < 500 && N(r, "freshness.timeouts") == 0, v => $"{F(v)} ms ({F(N(r, "freshness.samples"))} samples, {F(N(r, "freshness.timeouts"))} timed out)")),
        new("pipeline", "11", "redirect to live event p99 < 1 s (50 clients, pipeline load)", r => Judge(N(r, "live.p99_ms"),
            v => v < 1000 && N(r, "live.probes_not_seen") == 0 && N(r, "live.clients") >= 50,
            v => $"{F(v)} ms ({F(N(r, "live.samples"))} samples, {F(N(r, "live.probes_not_seen"))} not seen, {F(N(r, "live.clients"))} clients)")),
        new("drain", "6, 16", "drain (packs, the api's format) ≥ 80,000 events/s", r => Sized(Judge(N(r, "drain.events_per_second"),
            v => v >= 80_000 && B(r, "drain.zero_loss") == true, v => $"{F(v)} events/s in packs of {F(N(r, "drain.clicks_per_entry"))} " +
                $"(one-click entries: {F(N(r, "drain_one_click_entries.events_per_second"))} events/s)"), N(r, "drain.events"), 1_000_000, "clicks")),
        new("drain", "16", "worker RSS < 300 MB while draining", r => Judge(Max(N(r, "drain.worker_max_rss_mb"), N(r, "drain_one_click_entries.worker_max_rss_mb")),
            v => v < 300, v => $"{F(v)} MB (largest sampled in the drain sub-phases)")),
        new("drain", "11", "live publishing costs the drain < 10 %", r => Judge(N(r, "drain_live.cost_percent"), v => v < 10,
            v => $"{F(v, "0.0")} % (on {F(N(r, "drain_live.on_events_per_second"))}, off {F(N(r, "drain_live.off_events_per_second"))} events/s)")),
        new("webhooks", "13", "link.clicked ≥ 2,000 deliveries/s, none lost or doubled", r => Judge(N(r, "webhooks.deliveries_per_second"),
            v => v >= 2000 && N(r, "webhooks.lost") == 0 && N(r, "webhooks.doubled") == 0,
            v => $"{F(v)}/s, lost {F(N(r, "webhooks.lost"))}, doubled {F(N(r, "webhooks.doubled"))}")),
        new("webhooks", "13", "drain with a link.clicked endpoint loses < 10 %", r => Judge(N(r, "webhooks.drain_ratio_to_no_webhooks"), v => v >= 0.9,
            v => $"{F(v, "0.00")}× the drain without")),
        new("webhooks", "13", "redirect ratio with webhooks on loses < 10 %", _ => new(null, "not in this driver (the redirect phase runs with no endpoint)")),
        new("events", "12", "events, POST /api/events batches of 100: ≥ 50,000 events/s end to end, zero loss",
            r => Judge(N(r, "events_batch.end_to_end_events_per_second"), v => v >= 50_000 && B(r, "events_batch.zero_loss") == true, v => Events(r, "events_batch", v))),
        new("events", "12", "events, single POST /api/event: ≥ 20,000 events/s end to end, zero loss",
            r => Judge(N(r, "events_single.end_to_end_events_per_second"), v => v >= 20_000 && B(r, "events_single.zero_loss") == true, v => Events(r, "events_single", v))),
        new("events", "12", "POST /api/event p99 < 10 ms at 64 connections", r => Judge(N(r, "events_single.p99_ms"),
            v => v < 10 && N(r, "events_single.connections") >= 64, v => $"{F(v, "0.0")} ms (p50 {F(N(r, "events_single.p50_ms"), "0.00")} ms, " +
                $"{F(N(r, "events_single.connections"))} connections)")),
        new("import", "15", "import ≥ 10,000 rows/s", r => Sized(Judge(N(r, "import.rows_per_second"), v => v >= 10_000 && N(r, "import.failed") == 0,
            v => $"{F(v)} rows/s ({F(N(r, "import.created"))} created in {F(N(r, "import.seconds"), "0.0")} s, request to done; " +
                $"{F(N(r, "import.processing_rows_per_second"))} rows/s while running)"), N(r, "import.rows"), 50_000, "rows")),
        new("stats", "6, 16", "stats, a year of 10M clicks: p95 < 10 ms", r => Sized(Judge(N(r, "stats.year.p95_ms"),
            v => v < 10 && r["stats"]?["endpoint"]?.GetValue<string>() == "/links/{slug}/stats", v => $"{F(v, "0.0")} ms ({r["stats"]?["endpoint"]})"),
            N(r, "stats.clicks"), 10_000_000, "clicks")),
        new("stats", "16", "stats, last 7 days: p95 < 5 ms", r => Sized(Judge(N(r, "stats.last_7_days.p95_ms"),
            v => v < 5 && r["stats"]?["endpoint"]?.GetValue<string>() == "/links/{slug}/stats", v => $"{F(v, "0.0")} ms"),
            N(r, "stats.clicks"), 10_000_000, "clicks")),
        new("event-stats", "12", "site stats (GET /api/stats), a year of 10M events: p95 < 20 ms", r => Sized(Judge(N(r, "event_stats.year.p95_ms"),
            v => v < 20, v => $"{F(v, "0.0")} ms (7 days {F(N(r, "event_stats.last_7_days.p95_ms"), "0.0")} ms)"),
            N(r, "event_stats.events"), 10_000_000, "events")),
        new("dashboard", "14", "dashboard statistics page complete < 1 s (p95, a year of 10M clicks)", r => Sized(Judge(N(r, "dashboard.year.p95_ms"),
            v => v < 1000, v => $"{F(v)} ms for 1 y, {F(N(r, "dashboard.last_30_days.p95_ms"))} ms for 30 d"), N(r, "dashboard.clicks"), 10_000_000, "clicks")),
        new("memory", "6, 16", "api RSS < 200 MB after the whole run (peak, VmHWM)", r => Judge(N(r, "memory_end.api.peak_rss_mb"), v => v < 200,
            v => $"{F(v)} MB peak, {F(N(r, "memory_end.api.rss_now_mb"))} MB at the end")),
    ];

    /// <summary>Log lines for the targets of one phase, figure beside target.</summary>
    public static IEnumerable<string> Lines(JsonNode results, string phase) =>
        s_all.Where(t => t.Phase == phase).Select(t =>
        {
            var j = t.Judge(results);
            return $"target: {t.Text}: {j.Measured} → {Status(j)}";
        });

    /// <summary>All targets, judged, for latest.json and the final table.</summary>
    public static JsonArray All(JsonNode results) => new(s_all.Select(t =>
    {
        var j = t.Judge(results);
        return (JsonNode)new JsonObject
        {
            ["target"] = t.Text, ["issues"] = t.Issues, ["phase"] = t.Phase, ["status"] = Status(j), ["measured"] = j.Measured,
        };
    }).ToArray());

    private static string Status(Judgement j) => j.Met is null ? "not measured" : j.Met.Value ? "met" : "not yet";

    private static Judgement Judge(double? value, Func<double, bool> met, Func<double, string> measured) =>
        value is { } v && !double.IsNaN(v) ? new(met(v), measured(v)) : new(null, "phase not run");

    /// <summary>A run smaller than the target's size (--quick) measures something, but not the target.</summary>
    private static Judgement Sized(Judgement j, double? size, double needed, string unit) =>
        j.Met is null || size >= needed ? j : new(null, $"{j.Measured}; at {F(size)} {unit}, not {F(needed)}");

    private static string Events(JsonNode r, string phase, double v) =>
        $"{F(v)} events/s end to end ({F(N(r, phase + ".accepted_events_per_second"))} accepted/s; accepted {F(N(r, phase + ".accepted"))}, " +
        $"stored {F(N(r, phase + ".stored"))}, lost {F(N(r, phase + ".lost"))}, doubled {F(N(r, phase + ".doubled"))}; non-202 {F(N(r, phase + ".non_202"))}, of them 503 {F(N(r, phase + ".refused_503"))})";

    private static double? Max(double? a, double? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);

    internal static double? N(JsonNode? root, string path)
    {
        var node = At(root, path);
        if (node is not JsonValue v) return null;
        if (v.TryGetValue<double>(out var d)) return d;
        if (v.TryGetValue<long>(out var l)) return l;
        if (v.TryGetValue<int>(out var i)) return i;
        return null;
    }

    internal static bool? B(JsonNode? root, string path) => At(root, path) is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    private static JsonNode? At(JsonNode? root, string path)
    {
        var node = root;
        foreach (var part in path.Split('.')) node = node is JsonObject o ? o[part] : null;
        return node;
    }

    internal static string F(double? v, string format = "N0") => v is null ? "–" : v.Value.ToString(format, CultureInfo.InvariantCulture);
}

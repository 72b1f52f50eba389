using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Shortener.Bench;

internal sealed partial class Bench
{
    /// <summary>
    /// Five rules on device, country and language, none of which matches the bench's visitor (a desktop Chrome asking
    /// for en-GB from 127.0.0.1), so every redirect evaluates all five and the link's own url applies: the most work a
    /// five-rule link makes a redirect do.
    /// </summary>
    private static object RulesLinkBody(int n) => new
    {
        url = $"https://example.com/bench/rules/{n}",
        rules = new object[]
        {
            new { when = new { device = new[] { "ios" } }, url = "https://example.com/bench/rules/ios" },
            new { when = new { device = new[] { "android" }, country = new[] { "DE", "AT" } }, url = "https://example.com/bench/rules/android-de" },
            new { when = new { language = new[] { "fr" } }, url = "https://example.com/bench/rules/fr" },
            new { when = new { country = new[] { "US", "CA" }, device = new[] { "desktop" } }, url = "https://example.com/bench/rules/us-desktop" },
            new { when = new { language = new[] { "de", "es" }, device = new[] { "mobile", "tablet" } }, url = "https://example.com/bench/rules/de-es-mobile" },
        },
    };

    /// <summary>
    /// Issue 15's pair and issue 16's mix. Links with five rules are created through the API, one for every ten plain
    /// links. Paired: the same number of plain links and of rule links, each set its own slug file, in alternating wrk
    /// runs of the same settings (plain, rules, rules, plain…; every click stored before the next run starts), so the
    /// ratio is rules ÷ plain of the rounds' medians. A plain link takes the api's fast path, a link with rules the
    /// redirect endpoint, so this is the whole price of having rules. Mixed: the redirect phase's slugs with every tenth a rule link,
    /// judged against bare Kestrel like the redirect. Every run sends a browser's User-Agent and Accept-Language.
    /// </summary>
    private async Task RulesAsync()
    {
        var count = Math.Max(10, o.Links / 10);
        Log($"rules: creating {count} links with 5 rules each");
        var ruled = new (long, string)[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (i, token) =>
            ruled[i] = await CreateLinkAsync(RulesLinkBody(i), token));
        await FollowOnceAsync(ruled);
        var plainFile = Path.Combine(resultsDir, "slugs-plain.txt");
        var rulesFile = Path.Combine(resultsDir, "slugs-rules.txt");
        var mixFile = Path.Combine(resultsDir, "slugs-mix.txt");
        await File.WriteAllLinesAsync(plainFile, _links.Take(count).Select(l => l.Slug), ct);
        await File.WriteAllLinesAsync(rulesFile, ruled.Select(l => l.Item2), ct);
        await File.WriteAllLinesAsync(mixFile, _links.Select((l, i) => i % 10 == 0 ? ruled[i / 10 % count].Item2 : l.Slug), ct);
        try
        {
            await RulesPairedAsync(plainFile, rulesFile, count);
            await RulesMixAsync(mixFile);
        }
        finally
        {
            foreach (var file in new[] { plainFile, rulesFile, mixFile }) File.Delete(file);
        }
    }

    private async Task RulesPairedAsync(string plainFile, string rulesFile, int count)
    {
        var baseUrl = _http.BaseAddress!.ToString().TrimEnd('/');
        var seconds = TimeSpan.FromSeconds(o.RulesSeconds);
        Log($"rules, paired: {count} plain links and {count} links with rules, {o.RulesRounds} rounds of {o.RulesSeconds} s each, after a warm-up of each");
        foreach (var file in new[] { plainFile, rulesFile })
            await RedirectRunAsync(file, TimeSpan.FromSeconds(o.WarmupSeconds), measure: false);
        var runs = new JsonArray();
        // ABBA: plain first in odd rounds, rules first in even ones, so a drift of the machine (or the rollup's 30 s
        // rhythm) does not always favour the same side.
        for (var round = 0; round < o.RulesRounds; round++)
            foreach (var (kind, file) in round % 2 == 0 ? new[] { ("plain", plainFile), ("rules", rulesFile) } : [("rules", rulesFile), ("plain", plainFile)])
            {
                var run = await RedirectRunAsync(file, seconds, measure: true);
                run["kind"] = kind;
                run["round"] = round + 1;
                runs.Add(run);
                Log($"rules, paired, round {round + 1}, {kind}: {run["requests_per_second"]} req/s, p99 {run["p99_ms"]} ms, " +
                    $"api {run["api_cpu_us_per_request"]} µs CPU per request; outside the bench {run["cpu"]!["outside_bench_percent"]} % of a core");
            }
        double Median(string kind, string field)
        {
            var values = runs.Where(r => r!["kind"]!.GetValue<string>() == kind).Select(r => (double)r![field]!).Order().ToList();
            return values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
        }
        var plain = Median("plain", "requests_per_second");
        var rules = Median("rules", "requests_per_second");
        results["rules"] = new JsonObject
        {
            ["links_each"] = count,
            ["rules_per_link"] = 5,
            ["rounds"] = o.RulesRounds,
            ["seconds_per_run"] = o.RulesSeconds,
            ["plain_requests_per_second"] = Math.Round(plain),
            ["rules_requests_per_second"] = Math.Round(rules),
            ["ratio_rules_to_plain"] = Math.Round(rules / plain, 3),
            ["plain_p99_ms"] = Median("plain", "p99_ms"),
            ["rules_p99_ms"] = Median("rules", "p99_ms"),
            ["plain_api_cpu_us_per_request"] = Median("plain", "api_cpu_us_per_request"),
            ["rules_api_cpu_us_per_request"] = Median("rules", "api_cpu_us_per_request"),
            // The api's CPU per redirect varies less than req/s on a shared machine.
            ["api_cpu_ratio_rules_to_plain"] = Math.Round(Median("rules", "api_cpu_us_per_request") / Median("plain", "api_cpu_us_per_request"), 3),
            ["runs"] = runs,
        };
        Log($"rules, paired: plain {plain:N0} req/s, rules {rules:N0} req/s: {rules / plain:0.00}×");
    }

    private async Task RulesMixAsync(string mixFile)
    {
        Log($"rules, mix: the redirect phase's {o.Links} slugs with every tenth a link with rules, {o.WarmupSeconds} s warm-up then {o.RedirectSeconds} s");
        await RedirectRunAsync(mixFile, TimeSpan.FromSeconds(o.WarmupSeconds), measure: false);
        var node = await RedirectRunAsync(mixFile, TimeSpan.FromSeconds(o.RedirectSeconds), measure: true);
        node["share_with_rules"] = 0.1;
        var rate = (double)node["requests_per_second"]!;
        node["ratio_to_bare_kestrel"] = RatioTo("baseline.requests_per_second", rate);
        node["ratio_to_plain_redirect"] = RatioTo("redirect.requests_per_second", rate);
        results["rules_mix"] = node;
        Log($"rules, mix: {node["requests_per_second"]} req/s ({node["ratio_to_bare_kestrel"]}× bare Kestrel, {node["ratio_to_plain_redirect"]}× the plain redirect), " +
            $"p50 {node["p50_ms"]} ms, p99 {node["p99_ms"]} ms");
    }

    /// <summary>
    /// One wrk run of redirect.lua with browser headers over a slug file, then a wait until every click it made is
    /// stored (so the next run starts with the pipeline idle). With <paramref name="measure"/>, CPU is split per process.
    /// </summary>
    private async Task<JsonObject> RedirectRunAsync(string slugFile, TimeSpan duration, bool measure)
    {
        var before = await CountClicksAsync();
        var cpu = measure ? new CpuMeter(_app!) : null;
        var wrk = await Wrk.RunAsync(_lua, [slugFile, "browser"], _http.BaseAddress!.ToString().TrimEnd('/'), o.WrkThreads, o.Connections, duration, null, ct);
        var node = WrkJson(wrk);
        if (cpu is not null)
        {
            var cpuJson = cpu.Stop(wrk.CpuSeconds);
            node["api_cpu_us_per_request"] = Math.Round((double)cpuJson["seconds"]!["api"]! * 1e6 / wrk.Requests, 1);
            node["cpu"] = cpuJson;
        }
        var waited = Stopwatch.StartNew();
        var wait = await WaitStoredAsync(before + wrk.Redirects, before + wrk.Sent, TimeSpan.FromMinutes(3));
        node["stored"] = wait.Count - before;
        node["zero_loss"] = wait.Count - before >= wrk.Redirects && wrk.BadStatus == 0 && wrk.SocketErrors == 0;
        node["pipeline_caught_up_s"] = Math.Round(waited.Elapsed.TotalSeconds, 2);
        return node;
    }
}

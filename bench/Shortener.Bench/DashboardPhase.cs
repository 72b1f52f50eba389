using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Shortener.Bench;

internal sealed partial class Bench
{
    private const string Chromium = "/usr/bin/chromium";

    /// <summary>
    /// Point 5 (issue 14): the dashboard's statistics page of the year-of-clicks link, in headless Debian Chromium, from
    /// navigation to the page's own mark once totals, chart and breakdowns are drawn. Each sample is a fresh browser
    /// context (nothing cached, signed in beforehand), so it counts the page's code, its two stats requests (the range
    /// and the range before) and the drawing.
    /// </summary>
    private async Task DashboardAsync()
    {
        var node = new JsonObject();
        results["dashboard"] = node;
        var slug = results["stats"]?["slug"]?.GetValue<string>();
        if (slug is null || !File.Exists(Chromium))
        {
            node["skipped"] = slug is null ? "the stats phase did not run" : $"{Chromium} is missing (apt-get install -y chromium)";
            Log($"dashboard: skipped ({node["skipped"]})");
            return;
        }
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
        node["clicks"] = o.StatsClicks;
        foreach (var (name, range) in new[] { ("year", "1y"), ("last_30_days", "30d") })
        {
            var samples = new List<double>();
            string? shown = null;
            for (var i = 0; i < 2 + o.DashboardSamples; i++)
            {
                var (ms, total) = await TimeStatsPageAsync(browser, slug, range);
                shown = total;
                if (i >= 2) samples.Add(ms);
            }
            var summary = Percentiles.Summary(samples);
            summary["total_shown"] = shown;
            summary["url"] = $"/dashboard/links/{{slug}}?range={range}";
            node[name] = summary;
            Log($"dashboard {name}: {summary.ToJsonString()}");
        }
    }

    private async Task<(double Ms, string? Total)> TimeStatsPageAsync(IBrowser browser, string slug, string range)
    {
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _http.BaseAddress!.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        var signIn = await context.APIRequest.PostAsync("/auth/session", new() { DataObject = new { api_key = _app!.AdminKey } });
        if (signIn.Status != 204) throw new InvalidOperationException($"POST /auth/session answered {signIn.Status}");
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/dashboard/links/{slug}?range={range}", new() { WaitUntil = WaitUntilState.Commit });
        await page.WaitForFunctionAsync("() => performance.getEntriesByName('shortener:stats-rendered').length > 0",
            null, new() { Timeout = 60_000, PollingInterval = 20 });
        var ms = await page.EvaluateAsync<double>("() => performance.getEntriesByName('shortener:stats-rendered')[0].startTime");
        var total = await page.Locator("[data-testid=total-clicks] .stat-value").TextContentAsync();
        return (ms, total);
    }
}

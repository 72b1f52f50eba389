using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using NpgsqlTypes;
using StackExchange.Redis;

namespace Shortener.Bench;

internal sealed partial class Bench(BenchOptions o, string repo, string resultsDir, JsonObject results, CancellationToken ct) : IAsyncDisposable
{
    private const string StreamKey = "clicks:stream";
    private const string DeadLetterKey = "clicks:dlq";

    private readonly string _lua = Path.Combine(repo, "bench", "redirect.lua");
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private AppHostProcess? _app;
    private Process? _bare;
    private MemoryMeter? _memory;
    private NpgsqlDataSource? _db;
    private ConnectionMultiplexer? _redis;
    private HttpClient _http = null!;
    private Dictionary<string, int> _services = [];
    private readonly List<(long Id, string Slug)> _links = [];
    private readonly List<(long Id, string Slug)> _freshLinks = [];
    private string _statsMode = "";

    private void Log(string message) => Console.WriteLine($"[{_clock.Elapsed:mm\\:ss}] {message}");

    public async Task RunAsync()
    {
        await StartAppAsync();
        await CreateLinksAsync();
        _memory = new MemoryMeter(new Dictionary<string, int> { ["api"] = _services["api"], ["worker"] = _services["worker"] });
        var slugs = Path.Combine(resultsDir, "slugs.txt");
        await File.WriteAllLinesAsync(slugs, _links.Select(l => l.Slug), ct);

        await PhaseAsync("baseline", () => BaselineAsync(slugs));
        await PhaseAsync("redirect", () => RedirectAsync(slugs));
        await PhaseAsync("rules", RulesAsync);
        await PhaseAsync("pipeline", () => PipelineAsync(slugs));
        await PhaseAsync("drain", DrainAsync);
        await PhaseAsync("webhooks", WebhooksAsync);
        await PhaseAsync("events", EventsAsync);
        await PhaseAsync("import", ImportAsync);
        results["memory"] = _memory.Snapshot();
        CheckServicesAlive("the load phases");
        await PhaseAsync("stats", StatsAsync);
        await PhaseAsync("event-stats", EventStatsAsync);
        await PhaseAsync("dashboard", DashboardAsync);
        CheckServicesAlive("the stats phases");
        results["memory_end"] = _memory.Snapshot();
        PrintTargets("memory");
    }

    /// <summary>Runs a phase unless it is skipped, then prints its figures against their targets.</summary>
    private async Task PhaseAsync(string phase, Func<Task> run)
    {
        if (!o.Runs(phase))
        {
            Log($"{phase}: skipped");
            return;
        }
        await run();
        // Which phase raised a peak: the whole-run VmHWM cannot tell.
        var memory = (JsonObject)(results["memory_after_phase"] ??= new JsonObject());
        memory[phase] = new JsonObject(_services.Where(svc => svc.Key is "api" or "worker").Select(svc => KeyValuePair.Create(svc.Key, (JsonNode?)new JsonObject
        {
            ["rss_mb"] = Proc.StatusKb(svc.Value, "VmRSS") is { } rss ? Math.Round(rss / 1024.0, 1) : null,
            ["peak_rss_mb"] = Proc.StatusKb(svc.Value, "VmHWM") is { } hwm ? Math.Round(hwm / 1024.0, 1) : null,
        })));
        Log($"{phase}: RSS now / peak: api {memory[phase]!["api"]!["rss_mb"]} / {memory[phase]!["api"]!["peak_rss_mb"]} MB, " +
            $"worker {memory[phase]!["worker"]!["rss_mb"]} / {memory[phase]!["worker"]!["peak_rss_mb"]} MB");
        PrintTargets(phase);
    }

    private void PrintTargets(string phase)
    {
        foreach (var line in Targets.Lines(results, phase)) Log($"{phase}: {line}");
    }

    // ---------------------------------------------------------------- app

    private async Task StartAppAsync()
    {
        var port = FreePort();
        Log($"starting the AppHost (Release) on api port {port}");
        _app = AppHostProcess.Start(repo, Path.Combine(resultsDir, "apphost.log"), port);
        await _app.WaitReadyAsync(TimeSpan.FromMinutes(3), ct);
        _services = _app.Services();
        foreach (var name in new[] { "api", "worker" })
            if (!_services.ContainsKey(name)) throw new InvalidOperationException($"No {name} process found under the AppHost.\n{_app.Tail()}");
        var env = Proc.Environment(_services["api"]);
        _db = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(env["ConnectionStrings__shortenerdb"]) { CommandTimeout = 0 }.ConnectionString);
        _redis = await ConnectionMultiplexer.ConnectAsync(env["ConnectionStrings__cache"] + ",syncTimeout=30000,asyncTimeout=30000");
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, MaxConnectionsPerServer = 64 })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60),
        };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _app.AdminKey);
        Log($"app ready: api pid {_services["api"]}, worker pid {_services["worker"]}, data {_app.DataDirectory}");
    }

    private void CheckServicesAlive(string during)
    {
        var now = _app!.Services();
        foreach (var (name, pid) in _services)
            if (now.GetValueOrDefault(name) != pid)
                throw new InvalidOperationException($"{name} (pid {pid}) is no longer running after {during}.\n{_app.Tail()}");
    }

    private async Task CreateLinksAsync()
    {
        Log($"creating {o.Links} links (+{o.FreshnessSamplers} for freshness)");
        var created = new (long, string)[o.Links + o.FreshnessSamplers];
        var sw = Stopwatch.StartNew();
        await Parallel.ForAsync(0, created.Length, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (i, token) =>
            created[i] = await CreateLinkAsync($"https://example.com/bench/{i}?utm_source=bench", token));
        _links.AddRange(created[..o.Links]);
        _freshLinks.AddRange(created[o.Links..]);
        results["links"] = new JsonObject { ["created"] = created.Length, ["per_second"] = Math.Round(created.Length / sw.Elapsed.TotalSeconds) };
        await FollowOnceAsync(created);
        _statsMode = await DetectStatsEndpointAsync(_freshLinks[0].Slug);
        Log($"stats endpoint: {_statsMode}");
    }

    /// <summary>Puts every link in the caches: one redirect each (a click each, counted like any other).</summary>
    private Task FollowOnceAsync(IEnumerable<(long Id, string Slug)> links) =>
        Parallel.ForEachAsync(links, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (l, token) =>
        {
            using var r = await _http.GetAsync($"/{l.Slug}", token);
            if (r.StatusCode != HttpStatusCode.Found) throw new InvalidOperationException($"GET /{l.Slug} answered {(int)r.StatusCode}");
        });

    private Task<(long, string)> CreateLinkAsync(string url, CancellationToken token) => CreateLinkAsync(new { url }, token);

    private async Task<(long, string)> CreateLinkAsync(object request, CancellationToken token)
    {
        using var response = await _http.PostAsJsonAsync("/links", request, token);
        var body = await response.Content.ReadAsStringAsync(token);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"POST /links answered {(int)response.StatusCode}: {body}");
        using var doc = JsonDocument.Parse(body);
        return (doc.RootElement.GetProperty("id").GetInt64(), doc.RootElement.GetProperty("slug").GetString()!);
    }

    // ---------------------------------------------------------------- 1. redirect

    private async Task BaselineAsync(string slugs)
    {
        var dll = Path.Combine(repo, "bench/BareKestrel/bin/Release/net10.0/BareKestrel.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is missing; bench/run.sh builds it.");
        var port = FreePort();
        _bare = Process.Start(new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        })!;
        using var probe = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        for (var i = 0; ; i++)
        {
            try
            {
                using var r = await probe.GetAsync($"http://127.0.0.1:{port}/probe", ct);
                if (r.StatusCode == HttpStatusCode.Found) break;
            }
            catch (HttpRequestException) when (i < 100)
            {
                await Task.Delay(100, ct);
            }
        }
        Log($"baseline: bare Kestrel, {o.WarmupSeconds} s warm-up then {o.RedirectSeconds} s of wrk -t{o.WrkThreads} -c{o.Connections}");
        await Wrk.RunAsync(_lua, [slugs], $"http://127.0.0.1:{port}", o.WrkThreads, o.Connections, TimeSpan.FromSeconds(o.WarmupSeconds), null, ct);
        var cpu = new CpuMeter(_app!, new Dictionary<string, int> { ["bare_kestrel"] = _bare.Id });
        var wrk = await Wrk.RunAsync(_lua, [slugs], $"http://127.0.0.1:{port}", o.WrkThreads, o.Connections, TimeSpan.FromSeconds(o.RedirectSeconds), null, ct);
        var cpuJson = cpu.Stop(wrk.CpuSeconds);
        results["baseline"] = WrkJson(wrk);
        results["baseline"]!["cpu"] = cpuJson;
        results["baseline"]!["cpu_us_per_request"] = Math.Round((double)cpuJson["seconds"]!["bare_kestrel"]! * 1e6 / wrk.Requests, 1);
        var rss = Proc.StatusKb(_bare.Id, "VmHWM");
        ((JsonObject)results["baseline"]!)["peak_rss_mb"] = rss is null ? null : Math.Round(rss.Value / 1024.0, 1);
        Log($"baseline: {wrk.RequestsPerSecond:N0} req/s, p50 {wrk.P50Us / 1000.0:0.00} ms, p99 {wrk.P99Us / 1000.0:0.00} ms");
        StopBare();
    }

    private void StopBare()
    {
        if (_bare is null) return;
        if (!_bare.HasExited)
        {
            Proc.Signal(_bare.Id, Proc.SigTerm);
            if (!_bare.WaitForExit(10_000)) _bare.Kill();
        }
        _bare.Dispose();
        _bare = null;
    }

    private async Task RedirectAsync(string slugs)
    {
        var before = await CountClicksAsync();
        var baseUrl = _http.BaseAddress!.ToString().TrimEnd('/');
        Log($"redirect: the api, {o.WarmupSeconds} s warm-up then {o.RedirectSeconds} s");
        var warm = await Wrk.RunAsync(_lua, [slugs], baseUrl, o.WrkThreads, o.Connections, TimeSpan.FromSeconds(o.WarmupSeconds), null, ct);
        var cpu = new CpuMeter(_app!);
        var wrk = await Wrk.RunAsync(_lua, [slugs], baseUrl, o.WrkThreads, o.Connections, TimeSpan.FromSeconds(o.RedirectSeconds), null, ct);
        var cpuJson = cpu.Stop(wrk.CpuSeconds);
        var node = WrkJson(wrk);
        node["api_cpu_us_per_request"] = Math.Round((double)cpuJson["seconds"]!["api"]! * 1e6 / wrk.Requests, 1);
        node["pipeline_cpu_us_per_click"] = Math.Round(((double)cpuJson["seconds"]!["worker"]! + (double)cpuJson["seconds"]!["postgres"]!
            + (double)cpuJson["seconds"]!["redis"]!) * 1e6 / wrk.Requests, 1);
        node["ratio_to_bare_kestrel"] = RatioTo("baseline.requests_per_second", wrk.RequestsPerSecond);
        node["cpu"] = cpuJson;
        results["redirect"] = node;
        Log($"redirect: {wrk.RequestsPerSecond:N0} req/s ({node["ratio_to_bare_kestrel"]}x bare), p50 {wrk.P50Us / 1000.0:0.00} ms, p99 {wrk.P99Us / 1000.0:0.00} ms; " +
            $"cpu {cpuJson["percent_of_one_core"]!.ToJsonString()}");

        // Everything served so far must be stored before the pipeline phase starts counting.
        var wait = await WaitStoredAsync(before + warm.Redirects + wrk.Redirects, before + warm.Sent + wrk.Sent, TimeSpan.FromMinutes(3));
        node["stored_check"] = new JsonObject
        {
            ["served_302"] = warm.Redirects + wrk.Redirects, ["stored"] = wait.Count - before, ["requests_written"] = warm.Sent + wrk.Sent,
            ["zero_loss"] = wait.Count - before >= warm.Redirects + wrk.Redirects,
        };
    }

    // ---------------------------------------------------------------- 2. pipeline and 5. freshness

    private async Task PipelineAsync(string slugs)
    {
        var before = await CountClicksAsync();
        var baseUrl = _http.BaseAddress!.ToString().TrimEnd('/');
        Log($"pipeline: {o.PipelineSeconds} s of load, then wait for every click; {o.FreshnessSamplers} freshness samplers on {_statsMode}");
        using var stopFresh = new CancellationTokenSource();
        var samplers = _freshLinks.Select(l => Task.Run(() => FreshnessAsync(l.Slug, stopFresh.Token))).ToList();
        await using var live = o.LiveClients > 0 ? await LiveWatch.StartAsync(this, o.LiveClients, ct) : null;
        if (live is not null) Log($"pipeline: {o.LiveClients} live clients connected, one of them timing a probe link every 100 ms");
        var cpu = new CpuMeter(_app!);
        var started = Stopwatch.StartNew();
        var wrk = await Wrk.RunAsync(_lua, [slugs], baseUrl, o.WrkThreads, o.Connections, TimeSpan.FromSeconds(o.PipelineSeconds), null, ct);
        var loadSeconds = started.Elapsed.TotalSeconds;
        var backlog = await _redis!.GetDatabase().StreamLengthAsync(StreamKey);
        var storedAtEnd = await CountClicksAsync() - before;
        await stopFresh.CancelAsync();
        var fresh = await Task.WhenAll(samplers);
        if (live is not null)
        {
            results["live"] = await live.StopAsync(o.LiveClients);
            Log($"live: redirect to live event {results["live"]!.ToJsonString()}");
        }
        var cpuJson = cpu.Stop(wrk.CpuSeconds);
        // The freshness samplers and the live probe redirect too, each 302 a click like wrk's.
        var freshRedirects = fresh.Sum(f => f.Redirects) + (live is null ? 0 : (int)results["live"]!["probes_sent"]!);

        var expectedMin = before + wrk.Redirects + freshRedirects;
        var wait = await WaitStoredAsync(expectedMin, before + wrk.Sent + freshRedirects, TimeSpan.FromMinutes(5), started);
        var stored = wait.Count - before;
        var served = wrk.Redirects + freshRedirects;
        var seconds = wait.LastRowAt.TotalSeconds;
        var dlq = await _redis.GetDatabase().StreamLengthAsync(DeadLetterKey);
        var node = WrkJson(wrk);
        node["freshness_and_probe_redirects"] = freshRedirects;
        node["served_302"] = served;
        node["stored"] = stored;
        node["lost"] = Math.Max(0, served - stored);
        node["stored_beyond_counted"] = Math.Max(0, stored - served);
        node["requests_written"] = wrk.Sent + freshRedirects;
        node["dead_lettered"] = dlq;
        node["zero_loss"] = stored >= served && stored <= wrk.Sent + freshRedirects && wrk.BadStatus == 0 && wrk.SocketErrors == 0;
        node["load_seconds"] = Math.Round(loadSeconds, 2);
        node["first_request_to_last_row_s"] = Math.Round(seconds, 2);
        node["end_to_end_clicks_per_second"] = Math.Round(stored / seconds);
        node["stream_backlog_at_load_end"] = backlog;
        node["stored_at_load_end"] = storedAtEnd;
        node["stall"] = wait.Stalled;
        node["cpu"] = cpuJson;
        results["pipeline"] = node;
        Log($"pipeline: served {served:N0}, stored {stored:N0}, {stored / seconds:N0} clicks/s end to end " +
            $"({seconds:0.0} s first request to last row; backlog at load end {backlog:N0})");

        var samples = fresh.SelectMany(f => f.SamplesMs).ToList();
        var freshness = Percentiles.Summary(samples);
        freshness["endpoint"] = _statsMode;
        freshness["timeouts"] = fresh.Sum(f => f.Timeouts);
        results["freshness"] = freshness;
        Log($"freshness: {freshness.ToJsonString()}");
    }

    private sealed record FreshnessResult(List<double> SamplesMs, int Redirects, int Timeouts);

    /// <summary>
    /// One sampler: a redirect on its own link, then the stats endpoint polled every 20 ms until it counts that click.
    /// The link is not in wrk's rotation, so its count moves only with our redirects.
    /// </summary>
    private async Task<FreshnessResult> FreshnessAsync(string slug, CancellationToken stop)
    {
        var samples = new List<double>();
        var redirects = 0;
        var timeouts = 0;
        var known = await StatsTotalAsync(slug, CancellationToken.None);
        while (!stop.IsCancellationRequested)
        {
            using (var r = await _http.GetAsync($"/{slug}", CancellationToken.None))
                if (r.StatusCode != HttpStatusCode.Found) throw new InvalidOperationException($"freshness redirect answered {(int)r.StatusCode}");
            var sent = Stopwatch.StartNew();
            redirects++;
            var target = known + 1;
            while (true)
            {
                known = await StatsTotalAsync(slug, CancellationToken.None);
                if (known >= target)
                {
                    samples.Add(sent.Elapsed.TotalMilliseconds);
                    break;
                }
                if (sent.Elapsed > TimeSpan.FromSeconds(60))
                {
                    timeouts++;
                    break;
                }
                await Task.Delay(20, CancellationToken.None);
            }
            try { await Task.Delay(Random.Shared.Next(50, 250), stop); }
            catch (OperationCanceledException) { }
        }
        return new FreshnessResult(samples, redirects, timeouts);
    }

    // ---------------------------------------------------------------- waiting for clicks

    private sealed record StoredWait(long Count, TimeSpan LastRowAt, bool Stalled);

    /// <summary>What WaitStoredAsync watches: a pipeline's stream and a count of its stored rows.</summary>
    private sealed record StoredRows(string Noun, string StreamKey, Func<Task<long>> Count);

    private StoredRows Clicks => new("clicks", StreamKey, CountClicksAsync);

    /// <summary>
    /// Polls the stored rows' count (clicks unless <paramref name="rows"/> says otherwise) every 100 ms until it reaches at least <paramref name="atLeast"/> (what was surely served), the
    /// stream is empty and the count holds for a second; or until it stops growing for 20 s (loss). Returns the
    /// count and when it last grew, on <paramref name="since"/>'s clock.
    /// </summary>
    private async Task<StoredWait> WaitStoredAsync(long atLeast, long atMost, TimeSpan timeout, Stopwatch? since = null, StoredRows? rows = null)
    {
        rows ??= Clicks;
        since ??= Stopwatch.StartNew();
        var db = _redis!.GetDatabase();
        var last = -1L;
        var lastChange = since.Elapsed;
        var deadline = since.Elapsed + timeout;
        while (true)
        {
            var count = await rows.Count();
            var now = since.Elapsed;
            if (count != last)
            {
                last = count;
                lastChange = now;
            }
            var settled = now - lastChange;
            if (count >= atLeast && settled >= TimeSpan.FromSeconds(1) && await db.StreamLengthAsync(rows.StreamKey) == 0)
                return new StoredWait(count, lastChange, false);
            if (count > atMost && settled >= TimeSpan.FromSeconds(1)) return new StoredWait(count, lastChange, false);
            if (settled >= TimeSpan.FromSeconds(20) || now > deadline)
            {
                Log($"{rows.Noun} stopped at {count:N0}, expected at least {atLeast:N0}");
                return new StoredWait(count, lastChange, true);
            }
            await Task.Delay(100, ct);
        }
    }

    private async Task<long> CountClicksAsync()
    {
        await using var cmd = _db!.CreateCommand("SELECT count(*) FROM clicks");
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    // ---------------------------------------------------------------- helpers

    private static JsonObject WrkJson(WrkResult w) => new()
    {
        ["requests"] = w.Requests,
        ["requests_per_second"] = Math.Round(w.RequestsPerSecond),
        ["p50_ms"] = w.P50Us / 1000.0,
        ["p90_ms"] = w.P90Us / 1000.0,
        ["p99_ms"] = w.P99Us / 1000.0,
        ["max_ms"] = w.MaxUs / 1000.0,
        ["non_302"] = w.BadStatus,
        ["socket_errors"] = w.SocketErrors,
        ["duration_s"] = Math.Round(w.DurationUs / 1e6, 2),
    };

    /// <summary>A figure against one of an earlier phase (a path in results); null when that phase did not run.</summary>
    private double? RatioTo(string path, double value) =>
        Targets.N(results, path) is { } other and > 0 ? Math.Round(value / other, 3) : null;

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        StopBare();
        if (_memory is not null) await _memory.DisposeAsync();
        if (_services.TryGetValue("worker", out var worker)) Proc.Signal(worker, Proc.SigCont);
        _redis?.Dispose();
        if (_db is not null) await _db.DisposeAsync();
        _http?.Dispose();
        if (_app is not null)
        {
            Log("stopping the app (SIGINT to the AppHost) and removing its data directory");
            await _app.DisposeAsync();
        }
        File.Delete(Path.Combine(resultsDir, "slugs.txt"));
    }
}

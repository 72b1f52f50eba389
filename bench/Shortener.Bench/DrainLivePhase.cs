using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Shortener.Bench;

internal sealed partial class Bench
{
    /// <summary>
    /// Point 3b: what publishing stored clicks to clicks:live costs the drain. The AppHost's worker cannot change its
    /// settings while running, so the AppHost's worker is frozen throughout and the drains are done by two workers the
    /// bench starts itself, from the same build, environment and command line, one with Worker__Live__Enabled on and one
    /// with it off; their runs alternate, so a machine that gets busier or quieter during the sub-phase weighs on both alike.
    /// </summary>
    private async Task DrainLiveOnOffAsync()
    {
        var appWorker = _services["worker"];
        Log($"drain, live on/off: {o.DrainLiveRounds} rounds of {o.DrainLiveEvents:N0} clicks each way; the AppHost's worker (pid {appWorker}) frozen meanwhile");
        if (!Proc.Signal(appWorker, Proc.SigStop)) throw new InvalidOperationException("Could not stop the worker.");
        var runs = new JsonArray();
        var workers = new Dictionary<bool, Process>();
        try
        {
            // One worker each way, kept for every round and frozen while the other drains, each warmed up by a short
            // drain of its own first (a fresh process runs unoptimised code for its first seconds).
            foreach (var live in new[] { true, false })
            {
                workers[live] = await StartOwnWorkerAsync(appWorker, live, Path.Combine(resultsDir, $"worker-live-{(live ? "on" : "off")}.log"));
                Proc.Signal(workers[live].Id, Proc.SigStop);
            }
            foreach (var live in new[] { true, false })
            {
                await DrainOnceAsync(o.DrainClicksPerEntry, Math.Max(1, o.DrainLiveEvents / 5), Own(live, "warm-up"));
                Proc.Signal(workers[live].Id, Proc.SigStop);
            }
            for (var round = 0; round < o.DrainLiveRounds; round++)
                foreach (var live in new[] { true, false })
                {
                    var run = await DrainOnceAsync(o.DrainClicksPerEntry, o.DrainLiveEvents, Own(live, $"round {round + 1}"));
                    Proc.Signal(workers[live].Id, Proc.SigStop);
                    run["live_publishing"] = live;
                    runs.Add(run);
                }
        }
        finally
        {
            foreach (var worker in workers.Values)
            {
                Proc.Signal(worker.Id, Proc.SigCont);
                Proc.Signal(worker.Id, Proc.SigTerm);
                if (!worker.WaitForExit(30_000)) worker.Kill();
                worker.Dispose();
            }
            Proc.Signal(appWorker, Proc.SigCont);
        }
        DrainWorker Own(bool live, string what) =>
            new(workers[live].Id, "bench_worker", $"drain, live publishing {(live ? "on" : "off")} ({what})");
        double Median(bool live)
        {
            var rates = runs.Where(r => (bool)r!["live_publishing"]! == live).Select(r => (double)r!["events_per_second"]!).Order().ToList();
            return rates.Count % 2 == 1 ? rates[rates.Count / 2] : (rates[rates.Count / 2 - 1] + rates[rates.Count / 2]) / 2;
        }
        var on = Median(true);
        var off = Median(false);
        results["drain_live"] = new JsonObject
        {
            ["events_per_run"] = o.DrainLiveEvents,
            ["runs_each_way"] = o.DrainLiveRounds,
            ["on_events_per_second"] = Math.Round(on),
            ["off_events_per_second"] = Math.Round(off),
            // Negative: publishing measured faster than not publishing, i.e. within the noise.
            ["cost_percent"] = Math.Round((1 - on / off) * 100, 1),
            ["runs"] = runs,
        };
        Log($"drain, live on/off: on {on:N0} events/s, off {off:N0} events/s, cost {(1 - on / off) * 100:0.0} %");
    }

    /// <summary>A second worker process like the AppHost's, publishing live clicks or not; returns once it consumes.</summary>
    private async Task<Process> StartOwnWorkerAsync(int like, bool live, string logFile)
    {
        var argv = (await File.ReadAllTextAsync($"/proc/{like}/cmdline", ct)).Split('\0', StringSplitOptions.RemoveEmptyEntries);
        var info = new ProcessStartInfo(argv[0], argv[1..])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = new DirectoryInfo($"/proc/{like}/cwd").LinkTarget ?? Environment.CurrentDirectory,
        };
        info.Environment.Clear();
        foreach (var (name, value) in Proc.Environment(like)) info.Environment[name] = value;
        info.Environment["Worker__Live__Enabled"] = live ? "true" : "false";
        info.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        info.Environment.Remove("ASPNETCORE_HTTP_PORTS");
        info.Environment.Remove("HTTP_PORTS");
        info.Environment.Remove("Worker__Clicks__ConsumerName");
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start a worker.");
        var consuming = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new StreamWriter(logFile) { AutoFlush = true };
        void OnLine(string? line)
        {
            if (line is null) return;
            lock (log) log.WriteLine(line);
            if (line.Contains("Consuming clicks:stream", StringComparison.Ordinal)) consuming.TrySetResult();
        }
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Exited += (_, _) => consuming.TrySetException(new InvalidOperationException($"The bench's worker exited; see {logFile}."));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await consuming.Task.WaitAsync(TimeSpan.FromMinutes(1), ct);
        return process;
    }
}

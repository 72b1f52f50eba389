using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Shortener.Bench;

/// <summary>
/// CPU seconds per process group over a phase, from /proc. wrk's share comes from this process's cutime/cstime
/// (wrk is our child and is reaped before the phase ends), so it is measured even though wrk has exited.
/// </summary>
internal sealed class CpuMeter
{
    private readonly AppHostProcess _app;
    private readonly Dictionary<string, long> _start;
    private readonly (long Busy, long Total, long[] Fields) _machineStart;
    private readonly Dictionary<string, int> _extra;
    private readonly Stopwatch _wall = Stopwatch.StartNew();

    public CpuMeter(AppHostProcess app, Dictionary<string, int>? extra = null)
    {
        _app = app;
        _extra = extra ?? [];
        _start = Sample(app, _extra);
        _machineStart = Proc.MachineTicks();
    }

    /// <summary>Per group, % of one core over the phase; <paramref name="wrkSeconds"/> is wrk's own CPU time.</summary>
    public JsonObject Stop(double wrkSeconds = 0)
    {
        var end = Sample(_app, _extra);
        var machine = Proc.MachineTicks();
        var wall = _wall.Elapsed.TotalSeconds;
        var cores = Environment.ProcessorCount;
        var result = new JsonObject { ["wall_s"] = Math.Round(wall, 2) };
        var groups = new JsonObject();
        var ours = wrkSeconds;
        foreach (var (group, ticks) in end)
        {
            var used = Proc.Seconds(ticks - _start.GetValueOrDefault(group));
            ours += used;
            groups[group] = Math.Round(used / wall * 100, 1);
        }
        groups["wrk"] = Math.Round(wrkSeconds / wall * 100, 1);
        result["percent_of_one_core"] = groups;
        result["seconds"] = new JsonObject(end.Select(g => KeyValuePair.Create(g.Key,
            (JsonNode?)Math.Round(Proc.Seconds(g.Value - _start.GetValueOrDefault(g.Key)), 2))).Append(KeyValuePair.Create("wrk", (JsonNode?)Math.Round(wrkSeconds, 2))));
        var busy = Proc.Seconds(machine.Busy - _machineStart.Busy);
        var total = Proc.Seconds(machine.Total - _machineStart.Total);
        result["machine_busy_percent"] = total == 0 ? 0 : Math.Round(100.0 * busy / total, 1);
        // Kernel work on behalf of loopback traffic (softirq) lands here too, as do other people's builds and tests.
        result["outside_bench_percent"] = Math.Round(Math.Max(0, busy - ours) / wall * 100, 1);
        result["machine_split_percent_of_one_core"] = Proc.MachineSplit(_machineStart.Fields, machine.Fields, wall);
        result["cores"] = cores;
        return result;
    }

    private static Dictionary<string, long> Sample(AppHostProcess app, Dictionary<string, int> extra)
    {
        var sums = new Dictionary<string, long>();
        foreach (var (name, pid) in extra) sums[name] = Proc.Stat(pid)?.Ticks ?? 0;
        foreach (var (group, pids) in app.ProcessGroups())
            sums[group] = pids.Sum(pid => Proc.Stat(pid)?.Ticks ?? 0);
        sums["driver"] = Proc.Stat(Environment.ProcessId)?.Ticks ?? 0;
        return sums;
    }

}

/// <summary>Resident memory of the api and the worker, sampled every 250 ms; VmHWM is the kernel's own peak.</summary>
internal sealed class MemoryMeter : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Dictionary<string, int> _pids;
    private readonly Dictionary<string, long> _maxRssKb = [];

    public MemoryMeter(Dictionary<string, int> pids)
    {
        _pids = pids;
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                lock (_maxRssKb)
                {
                    foreach (var (name, pid) in _pids)
                        if (Proc.StatusKb(pid, "VmRSS") is { } kb) _maxRssKb[name] = Math.Max(kb, _maxRssKb.GetValueOrDefault(name));
                }
                try { await Task.Delay(250, _stop.Token); }
                catch (OperationCanceledException) { }
            }
        });
    }

    public JsonObject Snapshot()
    {
        var result = new JsonObject();
        lock (_maxRssKb)
        {
            foreach (var (name, pid) in _pids)
            {
                result[name] = new JsonObject
                {
                    ["pid"] = pid,
                    ["peak_rss_mb"] = Proc.StatusKb(pid, "VmHWM") is { } hwm ? Math.Round(hwm / 1024.0, 1) : null,
                    ["sampled_max_rss_mb"] = Math.Round(_maxRssKb.GetValueOrDefault(name) / 1024.0, 1),
                    ["rss_now_mb"] = Proc.StatusKb(pid, "VmRSS") is { } rss ? Math.Round(rss / 1024.0, 1) : null,
                };
            }
        }
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}

internal static class Percentiles
{
    public static double Of(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0) return double.NaN;
        // Nearest rank.
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    public static JsonObject Summary(IEnumerable<double> samplesMs)
    {
        var sorted = samplesMs.Order().ToList();
        if (sorted.Count == 0) return new JsonObject { ["samples"] = 0 };
        return new JsonObject
        {
            ["samples"] = sorted.Count,
            ["p50_ms"] = Math.Round(Of(sorted, 50), 2),
            ["p95_ms"] = Math.Round(Of(sorted, 95), 2),
            ["p99_ms"] = Math.Round(Of(sorted, 99), 2),
            ["max_ms"] = Math.Round(sorted[^1], 2),
            ["mean_ms"] = Math.Round(sorted.Average(), 2),
        };
    }
}

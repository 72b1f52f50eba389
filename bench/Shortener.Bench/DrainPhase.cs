using System.Diagnostics;
using System.Text.Json.Nodes;
using Shortener.Core.Clicks;
using StackExchange.Redis;

namespace Shortener.Bench;

internal sealed partial class Bench
{
    private const string OneClickFormat = "one-click";
    private const string PacksFormat = "packs";

    /// <summary>The api's Clicks:Buffer:BatchSize default: clicks it takes from its buffer per flush.</summary>
    private const int ApiFlushClicks = 1024;

    /// <summary>
    /// Point 3: a backlog drained. Done twice with the same clicks: first in the format the api writes (packs of up to
    /// ClicksPerEntry clicks, ClickFlusher's default, one XADD per pack), then one click per stream entry, the format
    /// before packs, so runs before and after the change stay comparable. Each sub-phase freezes the worker, pre-fills
    /// the stream, resumes the worker and times until the stream is empty and every click is counted.
    /// </summary>
    private async Task DrainAsync()
    {
        if (o.DrainFormats.Contains(PacksFormat)) results["drain"] = await DrainOnceAsync(o.DrainClicksPerEntry, o.DrainEvents);
        if (o.DrainFormats.Contains(OneClickFormat)) results["drain_one_click_entries"] = await DrainOnceAsync(1, o.DrainEvents);
        if (o.DrainLiveRounds > 0) await DrainLiveOnOffAsync();
    }

    /// <summary>A worker the bench started itself (not the AppHost's), the CPU group it is measured as, and a label.</summary>
    private sealed record DrainWorker(int Pid, string CpuGroup, string Label);

    private async Task<JsonObject> DrainOnceAsync(int clicksPerEntry, int events, DrainWorker? own = null)
    {
        var label = own?.Label ?? (clicksPerEntry == 1 ? "drain, one-click entries" : $"drain, packs of {clicksPerEntry}");
        var db = _redis!.GetDatabase();
        var worker = own?.Pid ?? _services["worker"];
        var workerGroup = own?.CpuGroup ?? "worker";
        var before = await CountClicksAsync();
        Log($"{label}: freezing the worker (SIGSTOP pid {worker}) and filling {StreamKey} with {events:N0} clicks");
        if (!Proc.Signal(worker, Proc.SigStop)) throw new InvalidOperationException("Could not stop the worker.");
        using var stopSampling = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var workerRss = SampleMaxRssKbAsync(worker, stopSampling.Token);
        double fillSeconds;
        long entries = 0;
        try
        {
            var fill = Stopwatch.StartNew();
            const int batch = 100 * ApiFlushClicks;
            for (var start = 0; start < events; start += batch)
            {
                ct.ThrowIfCancellationRequested();
                var clicks = Enumerable.Range(start, Math.Min(batch, events - start)).Select(DrainClick).ToList();
                // As ClickFlusher.SendAsync: flushes of up to ApiFlushClicks, each cut into chunks of ClicksPerEntry, a
                // chunk of one written as a one-click entry.
                var sends = clicks.Chunk(ApiFlushClicks).SelectMany(flush => flush.Chunk(clicksPerEntry)).Select(p => db.StreamAddAsync(StreamKey,
                    p.Length == 1 ? ClickEventCodec.ToEntries(p[0]) : ClickPackCodec.ToEntries(p))).ToList();
                entries += sends.Count;
                await Task.WhenAll(sends);
            }
            fillSeconds = fill.Elapsed.TotalSeconds;
        }
        finally
        {
            // Whatever happened, the worker must not stay frozen.
            Proc.Signal(worker, Proc.SigCont);
        }
        var drain = Stopwatch.StartNew();
        Log($"{label}: {events:N0} clicks in {entries:N0} entries written in {fillSeconds:0.0} s; worker resumed");
        var cpu = new CpuMeter(_app!, own is null ? null : new Dictionary<string, int> { [own.CpuGroup] = own.Pid });
        long length;
        while ((length = await db.StreamLengthAsync(StreamKey)) > 0)
        {
            if (drain.Elapsed > TimeSpan.FromMinutes(5)) throw new TimeoutException($"The stream still holds {length:N0} entries after 5 minutes.");
            await Task.Delay(50, ct);
        }
        var emptyAt = drain.Elapsed.TotalSeconds;
        var cpuJson = cpu.Stop();
        var wait = await WaitStoredAsync(before + events, before + events, TimeSpan.FromMinutes(2), drain);
        var stored = wait.Count - before;
        var seconds = Math.Max(emptyAt, wait.LastRowAt.TotalSeconds);
        await stopSampling.CancelAsync();
        var cpuSeconds = (JsonObject)cpuJson["seconds"]!;
        var node = new JsonObject
        {
            ["format"] = clicksPerEntry == 1 ? OneClickFormat : PacksFormat,
            ["clicks_per_entry"] = clicksPerEntry,
            ["events"] = events,
            ["entries"] = entries,
            ["fill_seconds"] = Math.Round(fillSeconds, 2),
            ["fill_xadd_per_second"] = Math.Round(entries / fillSeconds),
            ["stream_empty_after_s"] = Math.Round(emptyAt, 2),
            ["seconds"] = Math.Round(seconds, 2),
            ["stored"] = stored,
            ["events_per_second"] = Math.Round(stored / seconds),
            ["zero_loss"] = stored == events,
            ["dead_lettered"] = await db.StreamLengthAsync(DeadLetterKey),
            // CPU per stored click, so runs on a noisy machine can still be compared.
            ["cpu_us_per_event"] = new JsonObject(new[] { ("worker", workerGroup), ("postgres", "postgres"), ("redis", "redis") }.Select(g =>
                KeyValuePair.Create(g.Item1, (JsonNode?)(stored == 0 ? null : Math.Round((double)cpuSeconds[g.Item2]! * 1e6 / stored, 1))))),
            // The whole-run peak (VmHWM) cannot say which sub-phase made it; this is sampled every 250 ms.
            ["worker_max_rss_mb"] = Math.Round(await workerRss / 1024.0, 1),
            ["cpu"] = cpuJson,
        };
        Log($"{label}: {stored:N0} stored in {seconds:0.00} s = {stored / seconds:N0} events/s; cpu {cpuJson["percent_of_one_core"]!.ToJsonString()}; " +
            $"µs per click {node["cpu_us_per_event"]!.ToJsonString()}");
        return node;
    }

    private static async Task<long> SampleMaxRssKbAsync(int pid, CancellationToken stop)
    {
        long max = 0;
        while (!stop.IsCancellationRequested)
        {
            max = Math.Max(max, Proc.StatusKb(pid, "VmRSS") ?? 0);
            try { await Task.Delay(250, stop); }
            catch (OperationCanceledException) { }
        }
        return max;
    }

    /// <summary>
    /// The n-th click of a drain, as a redirect would have made it: a v7 event id, one of the links, a public IPv4
    /// address (so the country lookup runs, as it does for real visitors; a documentation range would skip it), a
    /// browser user agent, a referrer on every other click and a trace context.
    /// </summary>
    private ClickEvent DrainClick(int n)
    {
        var now = DateTimeOffset.UtcNow;
        var link = _links[n % _links.Count].Id;
        var ip = $"{s_publicFirstOctets[n % s_publicFirstOctets.Length]}.{n / 7 % 256}.{n / 13 % 256}.{1 + n % 250}";
        var trace = $"00-{Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())}-{Convert.ToHexStringLower(BitConverter.GetBytes(n))}00000000-01";
        return new ClickEvent(Guid.CreateVersion7(now), link, now, ip, DrainUserAgent,
            n % 2 == 0 ? $"https://news.example.com/item?id={n % 977}" : null, trace);
    }

    private const string DrainUserAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

    // First octets of ordinary unicast space in several regions (none private, loopback, CGNAT or multicast).
    private static readonly int[] s_publicFirstOctets = [3, 5, 31, 41, 45, 62, 77, 81, 89, 103, 121, 151, 177, 185, 190, 196, 201, 213];
}

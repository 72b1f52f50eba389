using System.Diagnostics;

namespace Shortener.Bench;

internal sealed class BenchOptions
{
    public int Links { get; set; } = 1000;
    public int WrkThreads { get; set; } = Environment.ProcessorCount;
    public int Connections { get; set; } = 64;
    public int WarmupSeconds { get; set; } = 5;
    public int RedirectSeconds { get; set; } = 20;
    public int PipelineSeconds { get; set; } = 30;
    /// <summary>Clicks pre-filled for each drain sub-phase.</summary>
    public int DrainEvents { get; set; } = 1_000_000;
    /// <summary>Clicks per stream entry in the packs sub-phase: the api's default (Clicks:Buffer:ClicksPerEntry).</summary>
    public int DrainClicksPerEntry { get; set; } = 128;
    /// <summary>Drain sub-phases to run: "packs" (the api's format) and "one-click" (one click per entry, the old format).</summary>
    public string[] DrainFormats { get; set; } = ["packs", "one-click"];
    /// <summary>Rounds of the live publishing comparison: each drains DrainLiveEvents with publishing on, then off.</summary>
    public int DrainLiveRounds { get; set; } = 2;
    public int DrainLiveEvents { get; set; } = 500_000;
    /// <summary>Live-click connections held open during the pipeline phase (one of them measures redirect-to-event latency).</summary>
    public int LiveClients { get; set; } = 50;
    public int StatsClicks { get; set; } = 10_000_000;
    public int StatsSamples { get; set; } = 200;
    public int StatsSecondsPerQuery { get; set; } = 15;
    public int FreshnessSamplers { get; set; } = 4;
    /// <summary>Clicks whose link.clicked deliveries the webhooks phase times.</summary>
    public int WebhookClicks { get; set; } = 100_000;
    /// <summary>Seconds of wrk per events sub-phase (single POSTs, then batches).</summary>
    public int EventSeconds { get; set; } = 20;
    public int EventBatchSize { get; set; } = 100;
    /// <summary>Events seeded over a year for the event stats phase.</summary>
    public int EventStatsEvents { get; set; } = 10_000_000;
    /// <summary>Seconds of wrk per run of the rules phases (the paired plain/rules runs and the 10 % mix).</summary>
    public int RulesSeconds { get; set; } = 10;
    /// <summary>Rounds of the paired comparison: each runs the plain links, then the links with rules.</summary>
    public int RulesRounds { get; set; } = 2;
    public int ImportRows { get; set; } = 100_000;
    /// <summary>Phases left out (--skip, --skip-PHASE, --only): names from <see cref="Phases"/>.</summary>
    public SortedSet<string> Skip { get; set; } = [];
    /// <summary>Timed loads of the dashboard's statistics page per range (after 2 to warm up).</summary>
    public int DashboardSamples { get; set; } = 10;

    /// <summary>Every phase, in the order they run. "memory" is not skippable: it is a reading, taken throughout.</summary>
    public static readonly string[] Phases =
        ["baseline", "redirect", "rules", "pipeline", "drain", "webhooks", "events", "import", "stats", "event-stats", "dashboard"];

    public bool Runs(string phase) => !Skip.Contains(phase);
    /// <summary>--quick: a smoke run of the whole script in about two minutes (figures not comparable).</summary>
    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--quick":
                    o.Links = 200; o.WarmupSeconds = 2; o.RedirectSeconds = 5; o.PipelineSeconds = 5; o.DrainEvents = 100_000;
                    o.DrainLiveRounds = 1; o.DrainLiveEvents = 50_000;
                    o.StatsClicks = 500_000; o.StatsSamples = 30; o.StatsSecondsPerQuery = 5; o.WebhookClicks = 10_000; o.DashboardSamples = 3;
                    o.EventSeconds = 5; o.EventStatsEvents = 500_000; o.RulesSeconds = 3; o.RulesRounds = 1; o.ImportRows = 20_000;
                    break;
                case "--links": o.Links = int.Parse(Next()); break;
                case "--threads": o.WrkThreads = int.Parse(Next()); break;
                case "--connections": o.Connections = int.Parse(Next()); break;
                case "--redirect-seconds": o.RedirectSeconds = int.Parse(Next()); break;
                case "--pipeline-seconds": o.PipelineSeconds = int.Parse(Next()); break;
                case "--drain-events": o.DrainEvents = int.Parse(Next()); break;
                case "--drain-clicks-per-entry": o.DrainClicksPerEntry = int.Parse(Next()); break;
                case "--drain-formats":
                    o.DrainFormats = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    if (o.DrainFormats.Except(["packs", "one-click"]).FirstOrDefault() is { } bad)
                        throw new ArgumentException($"--drain-formats takes packs and/or one-click, not {bad}");
                    break;
                case "--drain-live-rounds": o.DrainLiveRounds = int.Parse(Next()); break;
                case "--drain-live-events": o.DrainLiveEvents = int.Parse(Next()); break;
                case "--live-clients": o.LiveClients = int.Parse(Next()); break;
                case "--stats-clicks": o.StatsClicks = int.Parse(Next()); break;
                case "--webhook-clicks": o.WebhookClicks = int.Parse(Next()); break;
                case "--event-seconds": o.EventSeconds = int.Parse(Next()); break;
                case "--event-batch-size": o.EventBatchSize = int.Parse(Next()); break;
                case "--event-stats-events": o.EventStatsEvents = int.Parse(Next()); break;
                case "--rules-seconds": o.RulesSeconds = int.Parse(Next()); break;
                case "--rules-rounds": o.RulesRounds = int.Parse(Next()); break;
                case "--import-rows": o.ImportRows = int.Parse(Next()); break;
                // The clicks' stats and the events' stats are skipped together, as the dashboard phase needs the former.
                case "--skip-stats": o.Skip.UnionWith(["stats", "event-stats", "dashboard"]); break;
                case "--only-stats": o.Skip.UnionWith(Phases.Except(["stats", "event-stats", "dashboard"])); break;
                case "--skip": o.Skip.UnionWith(PhaseList(Next())); break;
                case "--only": o.Skip.UnionWith(Phases.Except(PhaseList(Next()))); break;
                case var flag when flag.StartsWith("--skip-", StringComparison.Ordinal): o.Skip.UnionWith(PhaseList(flag["--skip-".Length..])); break;
                case "-h" or "--help":
                    Console.WriteLine("bench/run.sh [--quick] [--links N] [--threads N] [--connections N] [--redirect-seconds N] " +
                        "[--pipeline-seconds N] [--drain-events N] [--drain-clicks-per-entry N] " +
                        "[--drain-formats packs,one-click] [--drain-live-rounds N] [--drain-live-events N] [--live-clients N] " +
                        "[--stats-clicks N] [--webhook-clicks N] [--event-seconds N] [--event-batch-size N] [--event-stats-events N] " +
                        "[--rules-seconds N] [--rules-rounds N] [--import-rows N] " +
                        "[--skip-PHASE] [--skip PHASE,PHASE] [--only PHASE,PHASE] [--skip-stats (stats, event-stats, dashboard)] [--only-stats]\n" +
                        $"phases, in order: {string.Join(", ", Phases)}");
                    Environment.Exit(0);
                    break;
                default: throw new ArgumentException($"Unknown option {args[i]} (try --help)");
            }
        }
        return o;
    }

    private static string[] PhaseList(string names)
    {
        var list = names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (list.Except(Phases).FirstOrDefault() is { } bad) throw new ArgumentException($"No phase '{bad}'; the phases are {string.Join(", ", Phases)}.");
        return list;
    }

    public static string FindRepoRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Shortener.sln"))) return dir.FullName;
        throw new InvalidOperationException("Run from inside the repository (no Shortener.sln found above here).");
    }
}

internal static class Shell
{
    public static string Run(string file, string[] args)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = p.StandardOutput.ReadToEnd();
            p.StandardError.ReadToEnd();
            p.WaitForExit();
            return output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "";
        }
    }
}

using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Shortener.Bench;

// The benchmark driver behind bench/run.sh (see BENCHMARKS.md). Phases, in order, against one Release AppHost:
//   links → baseline (bare Kestrel) → redirect → pipeline (+ freshness) → drain → stats; memory and CPU throughout.
var options = BenchOptions.Parse(args);
using var cancel = new CancellationTokenSource();
void OnSignal(PosixSignalContext context)
{
    context.Cancel = true;
    Console.Error.WriteLine("bench: interrupted; stopping everything");
    cancel.Cancel();
}
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

var repo = BenchOptions.FindRepoRoot();
var resultsDir = Path.Combine(repo, "bench", "results");
Directory.CreateDirectory(resultsDir);
var results = new JsonObject
{
    ["started_at"] = DateTimeOffset.UtcNow.ToString("O"),
    ["commit"] = Shell.Run("git", ["-C", repo, "rev-parse", "--short", "HEAD"]).Trim(),
    ["machine"] = Machine.Describe(),
    ["settings"] = JsonSerializer.SerializeToNode(options),
};
var exitCode = 0;
var bench = new Bench(options, repo, resultsDir, results, cancel.Token);
try
{
    await bench.RunAsync();
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    results["error"] = "interrupted";
    exitCode = 130;
}
catch (Exception e)
{
    Console.Error.WriteLine($"bench: FAILED: {e}");
    results["error"] = e.Message;
    exitCode = 1;
}
finally
{
    await bench.DisposeAsync();
}
results["finished_at"] = DateTimeOffset.UtcNow.ToString("O");
Report.Judge(results);
var json = results.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
await File.WriteAllTextAsync(Path.Combine(resultsDir, "latest.json"), json);
var table = Report.Table(results);
await File.WriteAllTextAsync(Path.Combine(resultsDir, "latest.txt"), table);
Console.WriteLine();
Console.WriteLine(table);
Console.WriteLine($"bench: figures written to {Path.Combine(resultsDir, "latest.json")}");
return exitCode;

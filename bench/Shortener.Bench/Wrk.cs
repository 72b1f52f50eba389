using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Shortener.Bench;

/// <summary>One wrk run's figures, as the scripts' done() prints them (redirect.lua, events.lua).</summary>
internal sealed record WrkResult(
    [property: JsonPropertyName("requests")] long Requests,
    [property: JsonPropertyName("sent")] long Sent,
    [property: JsonPropertyName("duration_us")] long DurationUs,
    [property: JsonPropertyName("bad_status")] long BadStatus,
    [property: JsonPropertyName("connect")] long Connect,
    [property: JsonPropertyName("read")] long Read,
    [property: JsonPropertyName("write")] long Write,
    [property: JsonPropertyName("timeout")] long Timeout,
    [property: JsonPropertyName("status")] long Status,
    [property: JsonPropertyName("p50_us")] long P50Us,
    [property: JsonPropertyName("p90_us")] long P90Us,
    [property: JsonPropertyName("p99_us")] long P99Us,
    [property: JsonPropertyName("max_us")] long MaxUs,
    [property: JsonPropertyName("mean_us")] double MeanUs)
{
    /// <summary>Answers with the status the script expects (302 for redirect.lua, 202 for events.lua).</summary>
    public long Redirects => Requests - BadStatus;

    /// <summary>Events written (events.lua: a batch counts its events; in flight at the end included).</summary>
    [JsonPropertyName("items_sent")] public long ItemsSent { get; init; }

    /// <summary>Of the unexpected answers (events.lua): 503s (the api's queue full) and 4xx.</summary>
    [JsonPropertyName("status_503")] public long Status503 { get; init; }
    [JsonPropertyName("status_4xx")] public long Status4xx { get; init; }
    public double RequestsPerSecond => Requests / (DurationUs / 1e6);
    public long SocketErrors => Connect + Read + Write + Timeout;

    /// <summary>CPU seconds wrk itself used (user + system), from the shell's `times`.</summary>
    [JsonIgnore] public double CpuSeconds { get; set; }
}

internal static class Wrk
{
    public static string Version()
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("wrk", ["-v"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var text = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
            p.WaitForExit();
            return text.Split('\n').FirstOrDefault(l => l.StartsWith("wrk", StringComparison.Ordinal))?.Trim() ?? "wrk";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException("wrk is not installed (apt-get install -y wrk); bench/run.sh installs it.");
        }
    }

    /// <summary>Runs wrk against baseUrl with a script and its arguments (after "--"); <paramref name="started"/> gets wrk's pid.</summary>
    public static async Task<WrkResult> RunAsync(string script, string[] scriptArgs, string baseUrl, int threads, int connections,
        TimeSpan duration, Action<int>? started, CancellationToken ct)
    {
        // Through sh so its `times` reports wrk's own CPU once wrk has exited.
        var info = new ProcessStartInfo("sh", [
            "-c", "wrk \"$@\"; status=$?; times; exit $status", "wrk", $"-t{threads}", $"-c{connections}", $"-d{(int)duration.TotalSeconds}s", "--timeout", "5s", "-s", script, baseUrl, "--", .. scriptArgs,
        ])
        { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start wrk.");
        started?.Invoke(process.Id);
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        var output = await stdout;
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("BENCH ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"wrk printed no result (exit {process.ExitCode}):\n{output}\n{await stderr}");
        var result = JsonSerializer.Deserialize<WrkResult>(line["BENCH ".Length..])!;
        // The last line of `times` is the children's user and system time: "0m1.230000s 0m0.450000s".
        var children = output.TrimEnd().Split('\n')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        result.CpuSeconds = children.Sum(ParseTimes);
        return result;
    }

    private static double ParseTimes(string value)
    {
        var m = System.Text.RegularExpressions.Regex.Match(value, @"\A([0-9]+)m([0-9.]+)s\z");
        return m.Success ? int.Parse(m.Groups[1].Value) * 60 + double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }
}

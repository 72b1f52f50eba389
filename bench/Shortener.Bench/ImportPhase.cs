using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Shortener.Bench;

internal sealed partial class Bench
{
    /// <summary>
    /// Issue 15's import: a generated csv (url, slug, title, tags, created_at, with a header) of ImportRows rows, each
    /// with a slug of its own, posted to POST /imports, then GET /imports/{id} every 100 ms until the job is done. Rows/s
    /// is created ÷ (the job's requested_at → finished_at, the server's own times): what a user waits for, worker pickup
    /// included; the rate while running (started_at → finished_at) is given beside it.
    /// </summary>
    private async Task ImportAsync()
    {
        var tag = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));
        var csv = new StringBuilder("url,slug,title,tags,created_at\n");
        var created = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < o.ImportRows; i++)
            csv.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"https://example.com/imported/{i}?ref=old-shortener,imp-{tag}-{i},Imported page {i},\"bench,import-{i % 20}\",{created.AddMinutes(i):yyyy-MM-ddTHH:mm:ssZ}\n");
        var bytes = Encoding.UTF8.GetBytes(csv.ToString());
        Log($"import: POST /imports, csv of {o.ImportRows:N0} rows ({bytes.Length / 1024.0 / 1024.0:0.0} MB)");

        var cpu = new CpuMeter(_app!);
        var clock = Stopwatch.StartNew();
        using var form = new MultipartFormDataContent { { new StringContent("csv"), "format" } };
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "bench-import.csv");
        using var posted = await _http.PostAsync("/imports", form, ct);
        var body = await posted.Content.ReadAsStringAsync(ct);
        if (posted.StatusCode != HttpStatusCode.Accepted) throw new InvalidOperationException($"POST /imports answered {(int)posted.StatusCode}: {body}");
        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString();
        var postSeconds = clock.Elapsed.TotalSeconds;

        JsonNode status;
        while (true)
        {
            using var r = await _http.GetAsync($"/imports/{id}", ct);
            var text = await r.Content.ReadAsStringAsync(ct);
            if (r.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"GET /imports/{id} answered {(int)r.StatusCode}: {text}");
            status = JsonNode.Parse(text)!;
            if (status["status"]?.GetValue<string>() is "done" or "failed") break;
            if (clock.Elapsed > TimeSpan.FromMinutes(10)) throw new TimeoutException($"The import was not done within 10 minutes: {text}");
            await Task.Delay(100, ct);
        }
        var seenDone = clock.Elapsed.TotalSeconds;
        var cpuJson = cpu.Stop();
        DateTimeOffset? At(string name) => status[name]?.GetValue<DateTimeOffset>();
        var (requested, started, finished) = (At("requested_at"), At("started_at"), At("finished_at"));
        var made = status["created"]!.GetValue<int>();
        var seconds = finished is null || requested is null ? seenDone : (finished.Value - requested.Value).TotalSeconds;
        var running = finished is null || started is null ? (double?)null : (finished.Value - started.Value).TotalSeconds;
        var node = new JsonObject
        {
            ["rows"] = o.ImportRows,
            ["file_mb"] = Math.Round(bytes.Length / 1024.0 / 1024.0, 1),
            ["status"] = status["status"]!.GetValue<string>(),
            ["created"] = made,
            ["skipped"] = status["skipped"]!.GetValue<int>(),
            ["failed"] = status["failed"]!.GetValue<int>(),
            ["error"] = status["error"]?.DeepClone(),
            ["post_seconds"] = Math.Round(postSeconds, 2),
            ["seconds"] = Math.Round(seconds, 2),
            ["running_seconds"] = running is null ? null : Math.Round(running.Value, 2),
            ["rows_per_second"] = seconds > 0 ? Math.Round(made / seconds) : null,
            ["processing_rows_per_second"] = running > 0 ? Math.Round(made / running.Value) : null,
            ["bench_seen_done_s"] = Math.Round(seenDone, 2),
            ["cpu"] = cpuJson,
        };
        results["import"] = node;
        Log($"import: {node["status"]}, created {made:N0}, skipped {node["skipped"]}, failed {node["failed"]} in {seconds:0.0} s (request to done) = " +
            $"{node["rows_per_second"]} rows/s; {node["processing_rows_per_second"]} rows/s while running; cpu {cpuJson["percent_of_one_core"]!.ToJsonString()}");
        if (made != o.ImportRows && status["failed_rows"]?.ToJsonString() is { } failures)
            Log($"import: {o.ImportRows - made:N0} rows not created; the first failures: {failures[..Math.Min(400, failures.Length)]}");
    }
}

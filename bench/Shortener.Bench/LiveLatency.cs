using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Shortener.Bench;

internal sealed partial class Bench
{
    /// <summary>
    /// Live clients during the pipeline phase: all but one watch links in wrk's rotation (their events are read and
    /// counted), one watches a probe link of its own, redirected every 100 ms with a referrer naming the probe, and the
    /// time from sending that redirect to receiving its click event is the sample.
    /// </summary>
    private sealed class LiveWatch(Bench bench, HttpClient sse, string probeSlug, CancellationTokenSource stop) : IAsyncDisposable
    {
        private readonly ConcurrentDictionary<int, long> _sentAt = new();
        private readonly ConcurrentBag<double> _latenciesMs = [];
        private readonly List<Task> _readers = [];
        private readonly CancellationTokenSource _stopProbe = new();
        private int _probesSent;
        private long _events;
        private long _gaps;
        private Task? _probe;

        public static async Task<LiveWatch> StartAsync(Bench bench, int clients, CancellationToken ct)
        {
            var sse = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false })
            {
                BaseAddress = bench._http.BaseAddress, Timeout = Timeout.InfiniteTimeSpan,
            };
            sse.DefaultRequestHeaders.Authorization = bench._http.DefaultRequestHeaders.Authorization;
            var (_, probe) = await bench.CreateLinkAsync("https://example.com/bench/live-probe", ct);
            var watch = new LiveWatch(bench, sse, probe, CancellationTokenSource.CreateLinkedTokenSource(ct));
            for (var i = 0; i < clients - 1; i++) await watch.OpenAsync(bench._links[i % bench._links.Count].Slug, probe: false);
            await watch.OpenAsync(probe, probe: true);
            watch._probe = Task.Run(watch.ProbeAsync);
            return watch;
        }

        private async Task OpenAsync(string slug, bool probe)
        {
            var response = await sse.GetAsync($"/links/{slug}/clicks/live", HttpCompletionOption.ResponseHeadersRead, stop.Token);
            if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"live stream of {slug} answered {(int)response.StatusCode}");
            var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop.Token));
            // Subscribed once the first comment is there.
            while (await reader.ReadLineAsync(stop.Token) is { } line && line != ": connected") { }
            _readers.Add(Task.Run(() => ReadAsync(response, reader, probe)));
        }

        private async Task ReadAsync(HttpResponseMessage response, StreamReader reader, bool probe)
        {
            using var _ = response;
            try
            {
                while (await reader.ReadLineAsync(stop.Token) is { } line)
                {
                    if (line == "event: gap") Interlocked.Increment(ref _gaps);
                    if (!line.StartsWith("data: {\"event_id\"", StringComparison.Ordinal)) continue;
                    Interlocked.Increment(ref _events);
                    if (!probe) continue;
                    var host = JsonDocument.Parse(line[6..]).RootElement.GetProperty("referrer_host").GetString() ?? "";
                    if (host.StartsWith('p') && host.EndsWith(".probe.example", StringComparison.Ordinal)
                        && int.TryParse(host[1..host.IndexOf('.')], out var n) && _sentAt.TryRemove(n, out var sent))
                        _latenciesMs.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
            {
            }
        }

        private async Task ProbeAsync()
        {
            for (var n = 0; !_stopProbe.IsCancellationRequested; n++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/{probeSlug}");
                request.Headers.Referrer = new Uri($"https://p{n}.probe.example/");
                _sentAt[n] = Stopwatch.GetTimestamp();
                using (var r = await bench._http.SendAsync(request, CancellationToken.None))
                    if (r.StatusCode != HttpStatusCode.Found) throw new InvalidOperationException($"probe redirect answered {(int)r.StatusCode}");
                _probesSent++;
                try { await Task.Delay(100, _stopProbe.Token); }
                catch (OperationCanceledException) { }
            }
        }

        /// <summary>Stops probing, gives the last probes up to 10 s to arrive, closes the streams and reports.</summary>
        public async Task<JsonObject> StopAsync(int clients)
        {
            await _stopProbe.CancelAsync();
            await _probe!;
            var waited = Stopwatch.StartNew();
            while (!_sentAt.IsEmpty && waited.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(50);
            await stop.CancelAsync();
            await Task.WhenAll(_readers);
            var summary = Percentiles.Summary(_latenciesMs);
            summary["clients"] = clients;
            summary["probes_sent"] = _probesSent;
            summary["probes_not_seen"] = _sentAt.Count;
            summary["events_received"] = Interlocked.Read(ref _events);
            summary["gaps"] = Interlocked.Read(ref _gaps);
            return summary;
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            try { await Task.WhenAll(_readers.Append(_probe ?? Task.CompletedTask)); }
            catch (Exception) { }
            stop.Dispose();
            _stopProbe.Dispose();
            sse.Dispose();
        }
    }
}

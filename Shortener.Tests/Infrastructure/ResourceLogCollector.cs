using System.Collections.Concurrent;

namespace Shortener.Tests.Infrastructure;

/// <summary>
/// Everything each resource writes to its console, as the dashboard's console view shows it, from the app's start on:
/// watching a resource's logs is what makes Aspire stream them from DCP.
/// </summary>
public sealed class ResourceLogCollector : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, List<string>> _lines = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _watching;

    public ResourceLogCollector(DistributedApplication app)
    {
        var logs = app.Services.GetRequiredService<ResourceLoggerService>();
        _watching = Task.Run(async () =>
        {
            var watched = new HashSet<string>();
            var tails = new List<Task>();
            try
            {
                await foreach (var change in app.ResourceNotifications.WatchAsync(_stop.Token))
                {
                    if (!watched.Add(change.ResourceId)) continue;
                    var lines = _lines.GetOrAdd(change.Resource.Name, _ => []);
                    tails.Add(Task.Run(async () =>
                    {
                        await foreach (var batch in logs.WatchAsync(change.ResourceId).WithCancellation(_stop.Token))
                            lock (lines) lines.AddRange(batch.Select(l => l.Content));
                    }));
                }
            }
            catch (OperationCanceledException) { }
            try { await Task.WhenAll(tails); } catch (OperationCanceledException) { }
        });
    }

    /// <summary>The last lines of a resource (every replica of it, in the order they arrived).</summary>
    public IReadOnlyList<string> Last(string resource, int count)
    {
        if (!_lines.TryGetValue(resource, out var lines)) return [];
        lock (lines) return lines.TakeLast(count).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _watching;
        _stop.Dispose();
    }
}

using System.Collections.Concurrent;

namespace Shortener.AppHost.Supervision;

/// <summary>
/// Keeps the last lines every resource wrote, for the crash and start-up reports, and echoes the services' errors to
/// the AppHost's console: Aspire itself shows resource logs only in the dashboard.
/// </summary>
internal sealed class ResourceLogTail(ResourceNotificationService notifications, ResourceLoggerService logs, ConsoleReport console)
    : IBackgroundWatch
{
    private const int Kept = 40;
    private readonly ConcurrentDictionary<string, Queue<string>> _tails = new();

    public IReadOnlyList<string> LastLines(string resourceId, int count = 15)
    {
        if (!_tails.TryGetValue(resourceId, out var tail)) return [];
        lock (tail) return tail.TakeLast(count).ToList();
    }

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var watched = new HashSet<string>();
        await foreach (var change in notifications.WatchAsync(stoppingToken))
        {
            if (watched.Add(change.ResourceId)) _ = TailAsync(change.ResourceId, change.Resource is ProjectResource, stoppingToken);
        }
    }

    private async Task TailAsync(string resourceId, bool isService, CancellationToken ct)
    {
        var tail = _tails.GetOrAdd(resourceId, _ => new Queue<string>());
        var inError = false;
        try
        {
            await foreach (var batch in logs.WatchAsync(resourceId).WithCancellation(ct))
            {
                foreach (var line in batch)
                {
                    lock (tail)
                    {
                        tail.Enqueue(line.Content);
                        if (tail.Count > Kept) tail.Dequeue();
                    }
                    if (!isService) continue;
                    // The console logger writes "fail: Category[id]" and then the message and exception indented below it.
                    var text = WithoutTimestamp(line.Content);
                    if (text.StartsWith("fail:", StringComparison.Ordinal) || text.StartsWith("crit:", StringComparison.Ordinal)) inError = true;
                    else if (text.Length == 0 || !char.IsWhiteSpace(text[0])) inError = false;
                    if (inError || line.IsErrorMessage) console.ServiceError(resourceId, text);
                }
            }
        }
        catch (OperationCanceledException) { }
    }

    /// <summary>DCP's log lines start with an ISO 8601 timestamp and a space.</summary>
    private static string WithoutTimestamp(string line)
    {
        var space = line.IndexOf(' ');
        return space > 0 && char.IsAsciiDigit(line[0]) && DateTimeOffset.TryParse(line.AsSpan(0, space), out _) ? line[(space + 1)..] : line;
    }
}

using Shortener.Core.Clicks;
using StackExchange.Redis;

namespace Shortener.Worker.Clicks;

/// <summary>Moves an entry to clicks:dlq with why it failed; the caller acknowledges it afterwards.</summary>
public sealed class DeadLetters(WorkerMetrics metrics, TimeProvider time, ILogger<DeadLetters> logger)
{
    public async Task MoveAsync(IDatabase db, StreamEntry entry, string error)
    {
        await db.StreamAddAsync(ClickStream.DeadLetterKey,
        [
            .. entry.Values.Where(v => v.Name != "error" && v.Name != "source_id" && v.Name != "failed_at"),
            new NameValueEntry("error", error.Length > 500 ? error[..500] : error),
            new NameValueEntry("source_id", entry.Id),
            new NameValueEntry("failed_at", time.GetUtcNow().ToUnixTimeMilliseconds()),
        ]);
        metrics.DeadLetter();
        logger.LogError("Moved stream entry {Id} to {Dlq}: {Error}", entry.Id, ClickStream.DeadLetterKey, error);
    }
}

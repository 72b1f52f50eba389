using Shortener.Core.Clicks;
using StackExchange.Redis;

namespace Shortener.Worker.Clicks;

/// <summary>
/// Moves what cannot be stored to clicks:dlq with why: a whole entry when it cannot be read, otherwise one DLQ entry
/// per click (a pack's good clicks are stored; only the bad one waits here, readable and replayable on its own).
/// The caller acknowledges the source entry afterwards.
/// </summary>
public sealed class DeadLetters(WorkerMetrics metrics, TimeProvider time, ILogger<DeadLetters> logger)
{
    private static readonly HashSet<string> s_added = ["error", "source_id", "failed_at"];

    public Task MoveAsync(IDatabase db, StreamEntry entry, string error) =>
        WriteAsync(db, entry.Values.Where(v => !s_added.Contains(v.Name!)), entry.Id, error);

    public Task MoveAsync(IDatabase db, ClickEvent click, RedisValue sourceId, string error) =>
        WriteAsync(db, ClickEventCodec.ToEntries(click), sourceId, error);

    private async Task WriteAsync(IDatabase db, IEnumerable<NameValueEntry> values, RedisValue sourceId, string error)
    {
        await db.StreamAddAsync(ClickStream.DeadLetterKey,
        [
            .. values,
            new NameValueEntry("error", error.Length > 500 ? error[..500] : error),
            new NameValueEntry("source_id", sourceId),
            new NameValueEntry("failed_at", time.GetUtcNow().ToUnixTimeMilliseconds()),
        ]);
        metrics.DeadLetter();
        logger.LogError("Moved a click of stream entry {Id} to {Dlq}: {Error}", sourceId, ClickStream.DeadLetterKey, error);
    }
}

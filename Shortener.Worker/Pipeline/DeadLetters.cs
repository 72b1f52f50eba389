using Shortener.Core.Streams;
using Shortener.Worker.Clicks;
using StackExchange.Redis;

namespace Shortener.Worker.Pipeline;

/// <summary>
/// Moves what cannot be stored to the pipeline's dead-letter stream with why: a whole entry when it cannot be read,
/// otherwise one DLQ entry per message (a pack's good messages are stored; only the bad one waits here, replayable on
/// its own). The caller acknowledges the source entry afterwards.
/// </summary>
public class DeadLetters<T>(StreamPipeline pipeline, IStreamCodec<T> codec, WorkerMetrics metrics, TimeProvider time, ILogger logger)
{
    private static readonly HashSet<string> s_added = ["error", "source_id", "failed_at"];

    public Task MoveAsync(IDatabase db, StreamEntry entry, string error) =>
        WriteAsync(db, entry.Values.Where(v => !s_added.Contains(v.Name!)), entry.Id, error);

    public Task MoveAsync(IDatabase db, T message, RedisValue sourceId, string error) =>
        WriteAsync(db, codec.ToEntries([message]), sourceId, error);

    private async Task WriteAsync(IDatabase db, IEnumerable<NameValueEntry> values, RedisValue sourceId, string error)
    {
        await db.StreamAddAsync(pipeline.DeadLetterKey,
        [
            .. values,
            new NameValueEntry("error", error.Length > 500 ? error[..500] : error),
            new NameValueEntry("source_id", sourceId),
            new NameValueEntry("failed_at", time.GetUtcNow().ToUnixTimeMilliseconds()),
        ]);
        metrics.DeadLetter();
        logger.LogError("Moved a message of stream entry {Id} to {Dlq}: {Error}", sourceId, pipeline.DeadLetterKey, error);
    }
}

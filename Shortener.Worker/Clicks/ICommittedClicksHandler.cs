using StackExchange.Redis;

namespace Shortener.Worker.Clicks;

/// <summary>
/// Something done with the clicks a batch inserted, once its transaction has committed (live viewers are fed this way;
/// anything else that reacts to stored clicks can be another handler, registered as one more implementation). It runs
/// before the entries are acknowledged, with the Redis batch that acknowledges them, so commands it queues there go out
/// in that same round trip. It is not run again for clicks found stored already, so what it does happens at most once
/// per click: a worker that dies between the commit and the acknowledgement leaves it undone for that batch.
/// </summary>
public interface ICommittedClicksHandler
{
    /// <summary>
    /// Queues commands on <paramref name="ack"/> (sent after this returns) and returns what completes with them. It must
    /// not wait for anything itself, and must not keep <paramref name="clicks"/> past the returned task. A failure is
    /// logged and counted, never fails the batch: its clicks are stored.
    /// </summary>
    Task OnCommittedAsync(IBatch ack, StoredClicks clicks);
}

using StackExchange.Redis;

namespace Shortener.Worker.Pipeline;

/// <summary>
/// How one part of a batch is stored, and what follows its commit. A part may be written in several transactions
/// (a part PostgreSQL rejects as data is split around the bad row); what was committed is acted on once, at the end.
/// </summary>
public interface IBatchPart<T> : IDisposable
{
    /// <summary>Stores the messages in one transaction, idempotently; runs <paramref name="beforeCommit"/> just before committing.</summary>
    /// <param name="mayBeStored">They were delivered before, so some are probably stored already.</param>
    Task WriteAsync(IReadOnlyList<T> messages, bool mayBeStored, Func<Task>? beforeCommit, CancellationToken ct);

    /// <summary>
    /// Queues on <paramref name="ack"/> (sent right after) what must go out with the acknowledgement, and returns what
    /// completes with it. Called once the part's writes have committed; it never fails the batch.
    /// </summary>
    Task OnCommittedAsync(IBatch ack);
}

using Shortener.Core.Clicks;

namespace Shortener.Core.Streams;

/// <summary>
/// The messages (clicks, site events) one api instance has handed to Redis that the workers have not yet acknowledged, numbered by the
/// instance's send counter in Redis. Redis answers an XADD once the entry is in memory; with appendfsync everysec a
/// crash of its machine can take the last second of entries with it. The counter is incremented in the same
/// transaction as the XADDs, so after such a crash its value says exactly how many of this instance's clicks survived,
/// and this log says which ones to send again (their event ids make a second copy harmless).
/// </summary>
/// <remarks>Used by one flushing loop; <see cref="HeldClicks"/> may be read from anywhere.</remarks>
public class SentLog<T>(int maxHeldClicks)
{
    private readonly LinkedList<SentBatch> _held = new();
    private readonly LinkedList<SentRange> _evicted = new();
    private int _heldClicks;
    private long _evictedTotal;

    /// <summary>The counter's value when last seen: how many clicks this instance has sent that Redis holds.</summary>
    public long Confirmed { get; private set; }

    /// <summary>Clicks kept for sending again, not yet acknowledged by a worker.</summary>
    public int HeldClicks => Volatile.Read(ref _heldClicks);

    /// <summary>Clicks dropped from the log, over its bound, before a worker had acknowledged them.</summary>
    public long EvictedTotal => Volatile.Read(ref _evictedTotal);

    /// <summary>Records a batch Redis took, given the counter's value after it; reports what Redis lost before it, if anything.</summary>
    public SentLoss<T>? Sent(IReadOnlyList<T> clicks, long counterAfter, StreamEntryId lastEntryId)
    {
        var before = counterAfter - clicks.Count;
        var loss = before < Confirmed ? TakeLoss(before) : null;
        _held.AddLast(new SentBatch(before, counterAfter, lastEntryId, clicks));
        AddHeld(clicks.Count);
        Confirmed = counterAfter;
        EvictBeyondBound();
        return loss;
    }

    /// <summary>Checks the counter as read from Redis (0 when the key is gone) against what Redis had confirmed.</summary>
    public SentLoss<T>? Counted(long counter)
    {
        var loss = counter < Confirmed ? TakeLoss(counter) : null;
        Confirmed = counter;
        return loss;
    }

    /// <summary>Forgets batches whose entries all lie below <paramref name="below"/>, which the workers have acknowledged.</summary>
    public void Acknowledged(StreamEntryId below)
    {
        while (_held.First is { } first && first.Value.LastEntryId < below)
        {
            _held.RemoveFirst();
            AddHeld(-first.Value.Clicks.Count);
        }
        while (_evicted.First is { } range && range.Value.LastEntryId < below) _evicted.RemoveFirst();
    }

    /// <summary>Redis holds this instance's clicks up to <paramref name="persisted"/> and none after.</summary>
    private SentLoss<T> TakeLoss(long persisted)
    {
        var resend = new List<IReadOnlyList<T>>();
        while (_held.Last is { } last && last.Value.Through > persisted)
        {
            resend.Add(last.Value.Clicks);
            _held.RemoveLast();
            AddHeld(-last.Value.Clicks.Count);
        }
        resend.Reverse();

        long possiblyLost = 0;
        while (_evicted.Last is { } range && range.Value.Through > persisted)
        {
            possiblyLost += range.Value.Through - Math.Max(range.Value.After, persisted);
            _evicted.RemoveLast();
            if (range.Value.After < persisted) _evicted.AddLast(range.Value with { Through = persisted });
        }
        return new SentLoss<T>(persisted, Confirmed - persisted, resend, possiblyLost);
    }

    private void EvictBeyondBound()
    {
        while (_heldClicks > maxHeldClicks && _held.Count > 1)
        {
            var oldest = _held.First!.Value;
            _held.RemoveFirst();
            AddHeld(-oldest.Clicks.Count);
            Interlocked.Add(ref _evictedTotal, oldest.Clicks.Count);
            // Consecutive ranges merge, so a long worker outage costs one node, not one per batch.
            if (_evicted.Last is { } last && last.Value.Through == oldest.After)
                last.Value = last.Value with { Through = oldest.Through, LastEntryId = oldest.LastEntryId };
            else
                _evicted.AddLast(new SentRange(oldest.After, oldest.Through, oldest.LastEntryId));
        }
    }

    private void AddHeld(int delta) => Volatile.Write(ref _heldClicks, _heldClicks + delta);

    /// <summary>Clicks numbered After+1 through Through by the counter, the last of them in entry LastEntryId.</summary>
    private sealed record SentBatch(long After, long Through, StreamEntryId LastEntryId, IReadOnlyList<T> Clicks);

    private sealed record SentRange(long After, long Through, StreamEntryId LastEntryId);
}

/// <param name="Persisted">The counter's value in Redis: clicks up to here survived.</param>
/// <param name="Lost">Clicks sent after that point which Redis no longer has (some may already be stored).</param>
/// <param name="Resend">The lost clicks still held, in sending order.</param>
/// <param name="PossiblyLost">Lost clicks no longer held: dropped from the log before a worker acknowledged them.</param>
public sealed record SentLoss<T>(long Persisted, long Lost, IReadOnlyList<IReadOnlyList<T>> Resend, long PossiblyLost)
{
    public long Resent => Resend.Sum(b => (long)b.Count);
}

using System.Buffers;
using Shortener.Core.Enrichment;

namespace Shortener.Worker.Clicks;

/// <summary>
/// The clicks a committed transaction inserted, enriched as they were stored, in batch order: not the ones found stored
/// already (a redelivery), so a click is handed on once. <see cref="ClickWriter"/> adds each click as it sends its row
/// and takes them out again when its transaction does not commit, so once a write returns this holds exactly what it
/// stored. The array is rented, and given back when the batch is done.
/// </summary>
public sealed class StoredClicks(int capacity) : IDisposable
{
    private EnrichedClick[] _items = ArrayPool<EnrichedClick>.Shared.Rent(Math.Max(1, capacity));

    public int Count { get; private set; }

    /// <summary>Valid until the batch is done (the handlers' tasks have completed); copy what must live longer.</summary>
    public ReadOnlySpan<EnrichedClick> Span => _items.AsSpan(0, Count);

    internal void Add(in EnrichedClick click)
    {
        if (Count == _items.Length)
        {
            var bigger = ArrayPool<EnrichedClick>.Shared.Rent(_items.Length * 2);
            Span.CopyTo(bigger);
            ArrayPool<EnrichedClick>.Shared.Return(_items, clearArray: true);
            _items = bigger;
        }
        _items[Count++] = click;
    }

    /// <summary>Forgets what was added after <paramref name="count"/> (a transaction that did not commit).</summary>
    internal void Truncate(int count)
    {
        _items.AsSpan(count, Count - count).Clear();
        Count = count;
    }

    /// <summary>Of the clicks added after <paramref name="from"/>, keeps those whose ids are in <paramref name="inserted"/>, each once.</summary>
    internal void KeepInserted(int from, HashSet<Guid> inserted)
    {
        var kept = from;
        for (var i = from; i < Count; i++)
            if (inserted.Remove(_items[i].EventId)) _items[kept++] = _items[i];
        Truncate(kept);
    }

    public void Dispose()
    {
        // Cleared: the strings it points to (user agents, referrers) should not outlive the batch in a pooled array.
        ArrayPool<EnrichedClick>.Shared.Return(_items, clearArray: true);
        _items = [];
        Count = 0;
    }
}

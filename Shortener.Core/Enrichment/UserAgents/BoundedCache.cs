using System.Collections.Concurrent;

namespace Shortener.Core.Enrichment.UserAgents;

/// <summary>
/// A size-capped concurrent cache with approximate LRU eviction by generations: entries go
/// into a "hot" dictionary; when it holds half the capacity it becomes the "cold" one and the
/// previous cold generation is dropped. A hit in the cold generation is copied back to hot, so
/// entries in use survive and idle ones age out. Reads take no locks and allocate nothing,
/// unlike a linked-list LRU, which must lock to reorder on every hit.
/// </summary>
internal sealed class BoundedCache<TValue>
    where TValue : class
{
    private readonly int _generationSize;
    private readonly Lock _rotateLock = new();
    private volatile ConcurrentDictionary<string, TValue> _hot;
    private volatile ConcurrentDictionary<string, TValue> _cold;
    private int _hotCount;

    public BoundedCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        _generationSize = capacity / 2;
        _hot = NewGeneration();
        _cold = NewGeneration();
    }

    /// <summary>Entries held now (at most the capacity, give or take concurrent inserts).</summary>
    public int Count => _hot.Count + _cold.Count;

    public bool TryGet(string key, out TValue value)
    {
        if (_hot.TryGetValue(key, out value!)) return true;
        if (_cold.TryGetValue(key, out value!))
        {
            Add(key, value);
            return true;
        }
        return false;
    }

    public void Add(string key, TValue value)
    {
        if (!_hot.TryAdd(key, value)) return;
        if (Interlocked.Increment(ref _hotCount) < _generationSize) return;
        lock (_rotateLock)
        {
            // Another thread may have rotated while this one waited.
            if (Volatile.Read(ref _hotCount) < _generationSize) return;
            _cold = _hot;
            _hot = NewGeneration();
            Volatile.Write(ref _hotCount, 0);
        }
    }

    private ConcurrentDictionary<string, TValue> NewGeneration() => new(StringComparer.Ordinal);
}

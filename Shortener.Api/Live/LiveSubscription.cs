using System.Threading.Channels;
using Shortener.Core.Clicks;

namespace Shortener.Api.Live;

/// <summary>
/// One connection's bounded queue of frames. The streamer only ever tries to add (it never waits for a connection);
/// when the queue is full the connection has fallen behind: what it holds is dropped, a gap marker takes its place and
/// the newest frame follows, so a slow client costs the others, the streamer and the worker nothing.
/// </summary>
public sealed class LiveSubscription : IDisposable
{
    private readonly Channel<LiveFrame> _queue;
    private readonly Action<LiveSubscription> _onDispose;
    private long _droppedSinceGap;
    private int _disposed;

    internal LiveSubscription(LiveFilter filter, StreamEntryId after, int capacity, Action<LiveSubscription> onDispose)
    {
        Filter = filter;
        After = after;
        _onDispose = onDispose;
        // One more than the capacity: room for the gap marker in front of a full queue's newest frame.
        _queue = Channel.CreateBounded<LiveFrame>(new BoundedChannelOptions(capacity + 1)
        {
            SingleReader = false, SingleWriter = false, FullMode = BoundedChannelFullMode.Wait,
        });
        Capacity = capacity;
    }

    public LiveFilter Filter { get; }

    /// <summary>The last clicks:live entry before this subscription began: it is fed the entries after it.</summary>
    public StreamEntryId After { get; }

    private int Capacity { get; }

    public ChannelReader<LiveFrame> Frames => _queue.Reader;

    /// <summary>Adds a frame; returns true when the queue was full and a gap opened.</summary>
    internal bool Offer(LiveFrame frame)
    {
        // Closed, and about to leave the hub: nothing to queue, and no gap to count.
        if (Volatile.Read(ref _disposed) != 0) return false;
        if (_queue.Reader.Count < Capacity && _queue.Writer.TryWrite(frame)) return false;
        var dropped = 0;
        while (_queue.Reader.TryRead(out var old))
            if (old.IsClick) dropped++;
        Interlocked.Add(ref _droppedSinceGap, dropped);
        _queue.Writer.TryWrite(LiveFrame.Gap);
        _queue.Writer.TryWrite(frame);
        return true;
    }

    /// <summary>A keep-alive comment, unless the queue is busy (a connection that is being written to needs none).</summary>
    internal void OfferKeepAlive()
    {
        if (_queue.Reader.Count == 0) _queue.Writer.TryWrite(LiveFrame.KeepAlive);
    }

    /// <summary>How many click events were dropped since the last gap was written, and starts counting again.</summary>
    public long TakeDropped() => Interlocked.Exchange(ref _droppedSinceGap, 0);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _queue.Writer.TryComplete();
        _onDispose(this);
    }
}

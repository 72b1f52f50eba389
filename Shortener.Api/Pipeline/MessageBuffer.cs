using System.Diagnostics.Metrics;
using System.Threading.Channels;

namespace Shortener.Api.Pipeline;

/// <summary>
/// The bounded in-process queue between a request (a redirect, an ingested event) and Redis: the request never waits
/// on Redis. What does not fit is counted as dropped and logged, never dropped silently.
/// </summary>
public class MessageBuffer<T>
{
    private readonly Channel<T> _channel;
    private readonly Counter<long> _buffered;
    private readonly Counter<long> _dropped;
    private readonly ILogger _logger;
    private readonly string _kind;
    private readonly int _capacity;
    // Messages in the channel plus room taken by writers about to add theirs: the bound is checked here, not by the
    // channel's own, so that a batch can take its room whole (two batches checking for room, then both writing, would
    // have the second dropping part of what it was about to answer 202 for).
    private int _length;
    private long _droppedTotal;

    /// <param name="kind">The pipeline's name, plural ("clicks", "events"), in metric names and the log.</param>
    protected MessageBuffer(int capacity, string meterName, string kind, IMeterFactory meters, ILogger logger)
    {
        // Room is taken from _length first, so a write never finds the channel full.
        _channel = Channel.CreateBounded<T>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        var meter = meters.Create(meterName);
        _buffered = meter.CreateCounter<long>($"shortener.{kind}.buffered", description: $"{kind} queued in the api");
        _dropped = meter.CreateCounter<long>($"shortener.{kind}.dropped", description: $"{kind} lost because the buffer was full");
        meter.CreateObservableGauge($"shortener.{kind}.buffer_length", () => Count);
        MeterName = meterName;
        _capacity = capacity;
        _kind = kind;
        _logger = logger;
    }

    public string MeterName { get; }
    public long Dropped => Interlocked.Read(ref _droppedTotal);

    /// <summary>Messages waiting to be sent.</summary>
    public int Count => Math.Max(0, Volatile.Read(ref _length));

    /// <summary>Waits until a message can be read (or the token fires).</summary>
    public ValueTask<bool> WaitToReadAsync(CancellationToken ct) => _channel.Reader.WaitToReadAsync(ct);

    /// <summary>Takes the next message, for the one flushing loop.</summary>
    public bool TryRead([System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out T message)
    {
        if (!_channel.Reader.TryRead(out message)) return false;
        Interlocked.Decrement(ref _length);
        return true;
    }

    /// <summary>Adds every message or none (no room for all of them): for a caller that answers for a batch whole.</summary>
    public bool TryAddAll(IReadOnlyList<T> messages)
    {
        if (!TryTakeRoom(messages.Count)) return false;
        foreach (var message in messages) _channel.Writer.TryWrite(message);
        _buffered.Add(messages.Count);
        return true;
    }

    /// <summary>Adds the message, or counts and logs it as dropped when the buffer is full.</summary>
    public bool TryAdd(T message)
    {
        if (TryTakeRoom(1))
        {
            _channel.Writer.TryWrite(message);
            _buffered.Add(1);
            return true;
        }
        _dropped.Add(1);
        var total = Interlocked.Increment(ref _droppedTotal);
        // Logged at powers of two so a long outage is visible without flooding the log. Not the message itself: a click
        // or an event holds the client's IP address, which is never kept.
        if ((total & (total - 1)) == 0) _logger.LogError("The {Kind} buffer is full: {Dropped} dropped so far", _kind, total);
        return false;
    }

    private bool TryTakeRoom(int count)
    {
        if (Interlocked.Add(ref _length, count) <= _capacity) return true;
        Interlocked.Add(ref _length, -count);
        return false;
    }
}

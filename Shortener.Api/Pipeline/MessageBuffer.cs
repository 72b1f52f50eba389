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
    private long _droppedTotal;

    /// <param name="kind">The pipeline's name, plural ("clicks", "events"), in metric names and the log.</param>
    protected MessageBuffer(int capacity, string meterName, string kind, IMeterFactory meters, ILogger logger)
    {
        _channel = Channel.CreateBounded<T>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        var meter = meters.Create(meterName);
        _buffered = meter.CreateCounter<long>($"shortener.{kind}.buffered", description: $"{kind} queued in the api");
        _dropped = meter.CreateCounter<long>($"shortener.{kind}.dropped", description: $"{kind} lost because the buffer was full");
        meter.CreateObservableGauge($"shortener.{kind}.buffer_length", () => _channel.Reader.Count);
        MeterName = meterName;
        _capacity = capacity;
        _kind = kind;
        _logger = logger;
    }

    public string MeterName { get; }
    public ChannelReader<T> Reader => _channel.Reader;
    public long Dropped => Interlocked.Read(ref _droppedTotal);

    /// <summary>Whether <paramref name="count"/> more fit now, for a caller that takes a batch whole or not at all.</summary>
    public bool HasRoomFor(int count) => _channel.Reader.Count + count <= _capacity;

    public bool TryAdd(T message)
    {
        if (_channel.Writer.TryWrite(message))
        {
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
}

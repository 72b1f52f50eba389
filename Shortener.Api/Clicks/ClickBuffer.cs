using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Shortener.Core.Clicks;

namespace Shortener.Api.Clicks;

/// <summary>The bounded in-process queue between the redirect and Redis: the redirect never waits on Redis.</summary>
public sealed class ClickBuffer
{
    public const string MeterName = "Shortener.Api.Clicks";

    private readonly Channel<ClickEvent> _channel;
    private readonly Counter<long> _buffered;
    private readonly Counter<long> _dropped;
    private readonly ILogger<ClickBuffer> _logger;
    private long _droppedTotal;

    public ClickBuffer(IOptions<ClickBufferOptions> options, IMeterFactory meters, ILogger<ClickBuffer> logger)
    {
        _channel = Channel.CreateBounded<ClickEvent>(new BoundedChannelOptions(options.Value.Capacity)
        {
            SingleReader = true, FullMode = BoundedChannelFullMode.Wait,
        });
        var meter = meters.Create(MeterName);
        _buffered = meter.CreateCounter<long>("shortener.clicks.buffered", description: "Clicks queued by redirects");
        _dropped = meter.CreateCounter<long>("shortener.clicks.dropped", description: "Clicks lost because the buffer was full");
        meter.CreateObservableGauge("shortener.clicks.buffer_length", () => _channel.Reader.Count);
        _logger = logger;
    }

    public ChannelReader<ClickEvent> Reader => _channel.Reader;
    public long Dropped => Interlocked.Read(ref _droppedTotal);

    public void Add(ClickEvent click)
    {
        if (_channel.Writer.TryWrite(click))
        {
            _buffered.Add(1);
            return;
        }
        _dropped.Add(1);
        var total = Interlocked.Increment(ref _droppedTotal);
        // Logged at powers of two so a long outage is visible without flooding the log.
        if ((total & (total - 1)) == 0)
            _logger.LogError("Click buffer full: {Dropped} clicks dropped so far (event {EventId} for link {LinkId})", total, click.EventId, click.LinkId);
    }
}

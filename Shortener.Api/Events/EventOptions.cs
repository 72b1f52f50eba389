using System.ComponentModel.DataAnnotations;

namespace Shortener.Api.Events;

public sealed class EventOptions
{
    public const string SectionName = "Events";

    /// <summary>An event older than this (by its timestamp) is refused.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(31);

    /// <summary>How far ahead of the server's clock a timestamp may be (clients' clocks drift).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxAhead { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Events held in memory while Redis is slow or down; when full, ingestion answers 503 instead of dropping.</summary>
    [Range(1, 10_000_000)]
    public int BufferCapacity { get; set; } = 200_000;

    /// <summary>Events sent to Redis in one transaction.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 1024;

    /// <summary>Events packed into one stream entry.</summary>
    [Range(1, 10_000)]
    public int EventsPerEntry { get; set; } = 128;

    /// <summary>Sent events kept until a worker acknowledges them, to send again if Redis loses them (as Clicks:Replay).</summary>
    [Range(0, 10_000_000)]
    public int MaxHeldEvents { get; set; } = 200_000;
}

using System.ComponentModel.DataAnnotations;

namespace Shortener.Worker.Clicks;

public sealed class ClickConsumerOptions
{
    public const string SectionName = "Worker:Clicks";

    /// <summary>Stream entries read and written per batch, at most (an entry holds one click or a pack of up to 128).</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 1000;

    /// <summary>
    /// Clicks per batch, about: the worker reads as many entries as held this many clicks in the batches before, up to
    /// BatchSize. Without it, 1000 packs of 128 would be 128,000 clicks in memory and in one transaction.
    /// </summary>
    [Range(1, 1_000_000)]
    public int BatchClicks { get; set; } = 16_384;

    /// <summary>How long to wait for more events when the stream is empty.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan IdlePoll { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Entries pending this long with another consumer are taken over (that consumer is presumed dead).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ClaimIdleTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>An entry delivered more often than this goes to the dead-letter queue.</summary>
    [Range(1, 100_000)]
    public int MaxDeliveries { get; set; } = 5;

    /// <summary>
    /// A consumer with nothing pending whose worker has sent no heartbeat for this long is gone (each worker process is
    /// a new consumer): it is removed from the group and from the heartbeats, so status lists stay short.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan ForgetDepartedAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Unique per process by default; a fixed name lets a restarted worker resume its own pending entries at once.</summary>
    public string? ConsumerName { get; set; }
}

/// <summary>Switches for tests only, refused in Production.</summary>
public sealed class ChaosOptions
{
    public const string SectionName = "Chaos";

    /// <summary>Fail this share of batches at random, half before and half after the commit (as an outage would).</summary>
    [Range(0.0, 1.0)]
    public double BatchFailureRate { get; set; }

    /// <summary>Fail every batch holding a click of this link, as a bug set off by one message would.</summary>
    public long? PoisonLinkId { get; set; }

    public bool Enabled => BatchFailureRate > 0 || PoisonLinkId is not null;
}

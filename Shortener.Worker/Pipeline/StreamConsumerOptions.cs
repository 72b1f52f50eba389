using System.ComponentModel.DataAnnotations;

namespace Shortener.Worker.Pipeline;

/// <summary>How a worker drains one pipeline's stream; each pipeline binds its own section.</summary>
public abstract class StreamConsumerOptions
{
    /// <summary>Stream entries read and written per batch, at most (an entry holds one message or a pack of up to 128).</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 1000;

    /// <summary>
    /// Messages per batch, about: the worker reads as many entries as held this many messages in the batches before, up
    /// to BatchSize. Without it, 1000 packs of 128 would be 128,000 messages in memory and in one transaction.
    /// </summary>
    [Range(1, 1_000_000)]
    public int BatchMessages { get; set; } = 16_384;

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

    /// <summary>
    /// <see cref="ProcessConsumerName"/> by default; a fixed name lets a restarted worker resume its own pending entries at once.
    /// </summary>
    public string? ConsumerName { get; set; }

    /// <summary>
    /// Unique per process, and the same in every pipeline's group, so the worker's one heartbeat speaks for all of its
    /// consumers and a departed worker's consumers can be told apart from a live one's in each group.
    /// </summary>
    public static readonly string ProcessConsumerName =
        $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";
}

using System.ComponentModel.DataAnnotations;

namespace Shortener.Api.Live;

public sealed class LiveOptions
{
    public const string SectionName = "Live";

    /// <summary>Events queued for one connection, at most; a client further behind gets event: gap and skips them.</summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 1_000;

    /// <summary>How often every connection gets a ": keep-alive" comment, so proxies keep quiet streams open.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the streamer waits before reading clicks:live again once it has read all of it (while anyone watches).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:05")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>clicks:live entries per read.</summary>
    [Range(1, 10_000)]
    public int ReadCount { get; set; } = 200;

    /// <summary>Links whose slug and owner the streamer keeps in memory (they never change).</summary>
    [Range(10, 10_000_000)]
    public int LinkCacheCapacity { get; set; } = 100_000;
}

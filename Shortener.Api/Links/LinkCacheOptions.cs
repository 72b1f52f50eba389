using System.ComponentModel.DataAnnotations;

namespace Shortener.Api.Links;

public sealed class LinkCacheOptions
{
    public const string SectionName = "Shortener:LinkCache";

    /// <summary>How many slugs one api instance keeps in memory; when full, expired and least recently used entries go first.</summary>
    [Range(1, 10_000_000)]
    public int L1Capacity { get; set; } = 100_000;

    /// <summary>Short, so an instance that missed a broadcast (Redis down) serves an old target for seconds at most.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan L1Ttl { get; set; } = TimeSpan.FromSeconds(5);
}

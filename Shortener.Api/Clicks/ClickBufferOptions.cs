using System.ComponentModel.DataAnnotations;

namespace Shortener.Api.Clicks;

public sealed class ClickBufferOptions
{
    public const string SectionName = "Clicks:Buffer";

    /// <summary>Clicks held in memory while Redis is slow or down; beyond this they are counted as dropped and logged.</summary>
    [Range(1, 10_000_000)]
    public int Capacity { get; set; } = 200_000;

    /// <summary>Clicks sent to Redis in one pipelined batch.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 1024;

    /// <summary>Clicks packed into one stream entry; 1 writes one entry per click.</summary>
    [Range(1, 10_000)]
    public int ClicksPerEntry { get; set; } = 128;
}

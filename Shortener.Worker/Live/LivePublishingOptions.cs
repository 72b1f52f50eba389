using System.ComponentModel.DataAnnotations;

namespace Shortener.Worker.Live;

public sealed class LivePublishingOptions
{
    public const string SectionName = "Worker:Live";

    /// <summary>Publish stored clicks to clicks:live for live viewers (off: the live endpoints stay open but show nothing).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Entries clicks:live keeps, about (XADD MAXLEN ~): how far back a reconnecting viewer can resume. An entry holds the
    /// clicks of one stored batch, at most <see cref="ClicksPerEntry"/>, so the stream holds at most their product.
    /// </summary>
    [Range(10, 10_000_000)]
    public int MaxLength { get; set; } = 2_000;

    /// <summary>Clicks per clicks:live entry, at most: one XADD each.</summary>
    [Range(1, 10_000)]
    public int ClicksPerEntry { get; set; } = 64;
}

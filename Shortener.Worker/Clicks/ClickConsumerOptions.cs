using System.ComponentModel.DataAnnotations;
using Shortener.Worker.Pipeline;

namespace Shortener.Worker.Clicks;

public sealed class ClickConsumerOptions : StreamConsumerOptions
{
    public const string SectionName = "Worker:Clicks";

    /// <summary>The click pipeline's name for <see cref="StreamConsumerOptions.BatchMessages"/>.</summary>
    [Range(1, 1_000_000)]
    public int BatchClicks { get => BatchMessages; set => BatchMessages = value; }
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

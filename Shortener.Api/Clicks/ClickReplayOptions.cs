using System.ComponentModel.DataAnnotations;

namespace Shortener.Api.Clicks;

/// <summary>How the api guards against Redis losing clicks it had already accepted (a crash of Redis's machine).</summary>
public sealed class ClickReplayOptions
{
    public const string SectionName = "Clicks:Replay";

    /// <summary>
    /// Clicks sent to Redis but not yet acknowledged by a worker that are kept to send again. Normally a worker
    /// acknowledges within a second; beyond this bound (a worker outage) the oldest are dropped from the log,
    /// and if Redis then loses them they are reported as possibly lost.
    /// </summary>
    [Range(0, 10_000_000)]
    public int MaxHeldClicks { get; set; } = 200_000;

    /// <summary>How often the api compares its send counter in Redis with its own and forgets acknowledged clicks.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(1);
}

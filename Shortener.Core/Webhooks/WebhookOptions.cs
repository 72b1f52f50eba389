using System.ComponentModel.DataAnnotations;

namespace Shortener.Core.Webhooks;

/// <summary>The Webhooks section, read by the api (registration, rotation) and the worker (delivery).</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    /// <summary>Standard Webhooks' schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h after the first attempt (about 27.6 h in all).</summary>
    public static readonly IReadOnlyList<TimeSpan> DefaultRetryDelays =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(5),
        TimeSpan.FromHours(10), TimeSpan.FromHours(10),
    ];

    /// <summary>
    /// Delay before each retry (Webhooks__RetryDelays__0, __1, …); a delivery has one attempt more than there are delays.
    /// Unset means <see cref="DefaultRetryDelays"/>. (An array, not a list with defaults: binding appends to a list.)
    /// </summary>
    public TimeSpan[]? RetryDelays { get; set; }

    public IReadOnlyList<TimeSpan> Retries => RetryDelays is { Length: > 0 } delays ? delays : DefaultRetryDelays;

    /// <summary>Requests per second to one endpoint, per worker.</summary>
    [Range(0.01, 100_000)]
    public double PermitsPerSecond { get; set; } = 10;

    /// <summary>Requests in flight to one endpoint, per worker.</summary>
    [Range(1, 1024)]
    public int MaxConcurrentPerEndpoint { get; set; } = 4;

    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>At most this much of an answer is read.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxResponseBytes { get; set; } = 1024 * 1024;

    /// <summary>For tests and closed networks only: lets webhooks and previews reach loopback and private addresses.</summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary>An endpoint is disabled after this many deliveries in a row failed for good (every retry used).</summary>
    [Range(1, 100_000)]
    public int FailuresBeforeDisable { get; set; } = 20;

    /// <summary>After rotate-secret, the old secret keeps signing (next to the new one) for this long.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan SecretOverlap { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often an idle worker looks for deliveries that are due.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Deliveries one endpoint's sender takes at a time.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>Null when the retry schedule is usable; otherwise why not.</summary>
    public string? ValidateRetries()
    {
        if (RetryDelays is null) return null;
        if (RetryDelays.Length > 50) return "Webhooks:RetryDelays holds at most 50 delays.";
        return RetryDelays.Any(d => d <= TimeSpan.Zero || d > TimeSpan.FromDays(7))
            ? "Each of Webhooks:RetryDelays must be more than zero and at most 7 days."
            : null;
    }
}

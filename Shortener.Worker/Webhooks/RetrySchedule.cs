namespace Shortener.Worker.Webhooks;

/// <summary>When to try a delivery again, from Webhooks:RetryDelays.</summary>
public static class RetrySchedule
{
    /// <summary>A Retry-After longer than this is taken as this.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromDays(1);

    /// <summary>
    /// The wait after the <paramref name="attempts"/>-th failed attempt, or null when the schedule is used up. The delay is
    /// varied by ±25 % so deliveries that failed together do not come back together, and never undercuts a Retry-After.
    /// </summary>
    public static TimeSpan? Next(IReadOnlyList<TimeSpan> delays, int attempts, TimeSpan? retryAfter)
    {
        if (attempts < 1 || attempts > delays.Count) return null;
        var jittered = delays[attempts - 1] * (0.75 + Random.Shared.NextDouble() / 2);
        return retryAfter is { } asked && asked > jittered ? (asked < MaxRetryAfter ? asked : MaxRetryAfter) : jittered;
    }
}

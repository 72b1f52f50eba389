using System.Threading.RateLimiting;

namespace Shortener.Worker.Extensions;

public static class PerSecondLimiter
{
    /// <summary>A token bucket holding a second's worth of permits, refilled in tenths of a second (one at a time when slower).</summary>
    public static TokenBucketRateLimiter Create(double permitsPerSecond)
    {
        var (period, tokens) = permitsPerSecond >= 10
            ? (TimeSpan.FromMilliseconds(100), (int)Math.Round(permitsPerSecond / 10))
            : (TimeSpan.FromSeconds(1 / permitsPerSecond), 1);
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, (int)Math.Ceiling(permitsPerSecond)),
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = period,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }
}

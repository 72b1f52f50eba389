namespace Shortener.Api.RateLimiting;

/// <summary>DESIGN §4: per client IP, token buckets shared by every api instance through Redis.</summary>
public sealed class RateLimitingOptions
{
    public const string SectionName = "RateLimiting";

    /// <summary>Switches the redirect and API limits (benchmarks turn them off); wrong-password guesses stay limited regardless.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Off by default: anyone can send X-Forwarded-For. Turn it on only behind a proxy that sets it; the address that proxy
    /// appended (the last one) is then the client's.
    /// </summary>
    public bool TrustForwardedFor { get; set; }

    public BucketOptions Redirect { get; set; } = new() { PermitsPerSecond = 10, Burst = 20 };
    public BucketOptions Api { get; set; } = new() { PermitsPerSecond = 10, Burst = 20 };

    /// <summary>Password attempts per link and client: 5 at once, then one every 12 seconds.</summary>
    public BucketOptions Password { get; set; } = new() { PermitsPerSecond = 5.0 / 60, Burst = 5 };

    /// <summary>Password attempts per link from all clients together: 30 at once, then one every 2 seconds.</summary>
    public BucketOptions PasswordPerLink { get; set; } = new() { PermitsPerSecond = 0.5, Burst = 30 };

    public bool IsValid => Redirect.IsValid && Api.IsValid && Password.IsValid && PasswordPerLink.IsValid;
}

public sealed class BucketOptions
{
    public double PermitsPerSecond { get; set; }
    public int Burst { get; set; }

    public bool IsValid => PermitsPerSecond is > 0 and <= 1_000_000 && Burst is >= 1 and <= 1_000_000;
}

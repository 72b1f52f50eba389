using System.ComponentModel.DataAnnotations;

namespace Shortener.Worker.Jobs;

public sealed class JobOptions
{
    public const string SectionName = "Jobs";

    /// <summary>Jobs started per second, per worker.</summary>
    [Range(0.01, 10_000)]
    public double PermitsPerSecond { get; set; } = 10;

    /// <summary>Jobs running at once, per worker.</summary>
    [Range(1, 256)]
    public int Concurrency { get; set; } = 4;

    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait after the first failed attempt; it doubles after each one (with jitter), up to RetryMaxDelay.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(10);

    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often an idle worker looks for jobs that are due.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A running job whose worker has not finished it by then is taken over (that attempt counts as failed).</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    public PreviewOptions Preview { get; set; } = new();

    public string? Validate()
    {
        if (RetryMaxDelay < RetryBaseDelay) return "Jobs:RetryMaxDelay must not be shorter than Jobs:RetryBaseDelay.";
        if (Lease <= Preview.Timeout * 2) return "Jobs:Lease must be more than twice Jobs:Preview:Timeout.";
        return null;
    }
}

public sealed class PreviewOptions
{
    /// <summary>Off: the preview step is done without fetching anything (no egress from the worker; benchmarks).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>For the whole fetch, redirects included.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    [Range(1024, 16 * 1024 * 1024)]
    public int MaxBytes { get; set; } = 1024 * 1024;

    [Range(0, 20)]
    public int MaxRedirects { get; set; } = 5;
}

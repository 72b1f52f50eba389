namespace Shortener.Hosting;

public enum InfrastructureMode
{
    /// <summary>Existing servers when both connection strings are set, else local binaries, else containers.</summary>
    Auto,
    Local,
    Containers,
    Existing,
}

public enum CrashPolicy
{
    /// <summary>Report the crash and start the resource again with exponential backoff.</summary>
    Restart,

    /// <summary>Report the crash and stop the whole app with a non-zero exit code.</summary>
    StopApp,

    /// <summary>Report the crash and leave the resource exited (the test harness's choice, as in Aspire).</summary>
    Ignore,
}

/// <summary>Bound from the AppHost's own configuration section "AppHost" (env AppHost__…, or --AppHost:… arguments).</summary>
public sealed class AppHostOptions
{
    public InfrastructureMode Infrastructure { get; set; } = InfrastructureMode.Auto;
    public CrashPolicy OnServiceCrash { get; set; } = CrashPolicy.Restart;

    /// <summary>Where PostgreSQL and Redis keep data between runs; defaults to .data at the repository root.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>The api's port; 8080 unless configured.</summary>
    public int ApiPort { get; set; } = 8080;

    public string EnvironmentName { get; set; } = "Development";

    /// <summary>Test runs: random ports, throw-away data directories, durability traded for speed, no console echo.</summary>
    public bool IsTesting { get; set; }

    public TimeSpan MaxRestartDelay { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan HealthyCheckInterval { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(15);
}

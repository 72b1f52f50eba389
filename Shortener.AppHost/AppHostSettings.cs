using Microsoft.Extensions.Configuration;

namespace Shortener.AppHost;

public enum ServerMode
{
    /// <summary>Existing servers when both connection strings are set, else containers when an engine answers, else local binaries.</summary>
    Auto,
    Local,
    Containers,
    Existing,
}

public enum CrashPolicy
{
    /// <summary>Report the crash and start the service again, with backoff.</summary>
    Restart,

    /// <summary>Report the crash and stop the whole app with a non-zero exit code.</summary>
    StopApp,

    /// <summary>Report the crash and leave the service exited.</summary>
    Ignore,
}

/// <summary>The AppHost's own settings, section "AppHost" (env AppHost__…, or --AppHost:… arguments).</summary>
public sealed class AppHostSettings
{
    public const string SectionName = "AppHost";

    public ServerMode Infrastructure { get; set; } = ServerMode.Auto;
    public CrashPolicy OnServiceCrash { get; set; } = CrashPolicy.Restart;

    /// <summary>The api's port; 0 lets DCP pick a free one (the tests do).</summary>
    public int ApiPort { get; set; } = 8080;

    /// <summary>false: the services send no telemetry to the dashboard (the benchmark's setting: a span per redirect costs).</summary>
    public bool ServiceTelemetry { get; set; } = true;

    /// <summary>How many worker processes share the streams (each gets its own consumer name).</summary>
    public int WorkerReplicas { get; set; } = 1;

    /// <summary>true puts DCP's proxy in front of the api, as Aspire does by default; it costs the redirect (BENCHMARKS.md).</summary>
    public bool ProxyApi { get; set; }

    /// <summary>Where the local PostgreSQL and Redis keep their data between runs; .data at the repository root by default.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Where initdb and postgres are, when not on PATH or under /usr/lib/postgresql/N/bin.</summary>
    public string? PostgresBinDirectory { get; set; }

    /// <summary>Where redis-server is, when not on PATH.</summary>
    public string? RedisServerPath { get; set; }

    /// <summary>false trades PostgreSQL's durability for speed (fsync off): for throw-away test data only.</summary>
    public bool DurablePostgres { get; set; } = true;

    /// <summary>How long every resource may take to become healthy before the AppHost reports it and gives up.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromMinutes(3);

    public TimeSpan MaxRestartDelay { get; set; } = TimeSpan.FromSeconds(30);

    public static AppHostSettings Bind(IConfiguration configuration)
    {
        var settings = new AppHostSettings();
        try
        {
            configuration.GetSection(SectionName).Bind(settings);
        }
        catch (InvalidOperationException e)
        {
            throw new AppHostConfigurationException($"The AppHost's settings are not valid: {e.Message}", e);
        }
        if (settings.ApiPort is < 0 or > 65535) throw new AppHostConfigurationException($"AppHost:ApiPort must be a port (0-65535, 0 for any); it is {settings.ApiPort}.");
        if (settings.WorkerReplicas is < 1 or > 64) throw new AppHostConfigurationException($"AppHost:WorkerReplicas must be 1-64; it is {settings.WorkerReplicas}.");
        if (settings.StartTimeout <= TimeSpan.Zero || settings.MaxRestartDelay <= TimeSpan.Zero)
            throw new AppHostConfigurationException("AppHost:StartTimeout and AppHost:MaxRestartDelay must be positive.");
        return settings;
    }
}

/// <summary>A setting or prerequisite the AppHost cannot start without; its message is all the user sees.</summary>
public sealed class AppHostConfigurationException(string message, Exception? inner = null) : Exception(message, inner);

// Aspire.Npgsql's namespace, so services that name the settings type compile unchanged with the real package.
namespace Aspire.Npgsql;

/// <summary>Settings of a PostgreSQL client registered by <c>AddNpgsqlDataSource</c>.</summary>
public class NpgsqlSettings
{
    /// <summary>The Npgsql connection string; <c>ConnectionStrings:{name}</c> takes precedence over the section.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>When true, no <c>PostgreSql</c> health check is registered.</summary>
    public bool DisableHealthChecks { get; set; }

    /// <summary>When true, the <c>Npgsql</c> activity source is not added to tracing.</summary>
    public bool DisableTracing { get; set; }

    /// <summary>When true, the <c>Npgsql</c> meter is not added to metrics.</summary>
    public bool DisableMetrics { get; set; }
}

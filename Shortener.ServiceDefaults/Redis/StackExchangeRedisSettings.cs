// Aspire.StackExchange.Redis's namespace, so services that name the settings type compile unchanged with the real package.
namespace Aspire.StackExchange.Redis;

/// <summary>Settings of a Redis client registered by <c>AddRedisClient</c>.</summary>
public sealed class StackExchangeRedisSettings
{
    /// <summary>The StackExchange.Redis configuration string (<c>host:port,password=…</c>); <c>ConnectionStrings:{name}</c> takes precedence.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>When true, no <c>StackExchange.Redis</c> health check is registered.</summary>
    public bool DisableHealthChecks { get; set; }

    /// <summary>When true, Redis commands produce no spans.</summary>
    public bool DisableTracing { get; set; }

    /// <summary>
    /// When false, the connection is opened while the host starts instead of on first use.
    /// Defaults to true: the multiplexer is created when it is first resolved.
    /// </summary>
    public bool DisableAutoActivation { get; set; } = true;
}

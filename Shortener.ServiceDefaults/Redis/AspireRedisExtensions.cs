using Aspire.StackExchange.Redis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Trace;
using Shortener.ServiceDefaults.Common;
using Shortener.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Stand-in for the Aspire.StackExchange.Redis client integration: same method names,
/// configuration keys, health check name and activity source.
/// </summary>
public static class AspireRedisExtensions
{
    private const string DefaultConfigSectionName = "Aspire:StackExchange:Redis";

    /// <summary>
    /// Registers a singleton <see cref="IConnectionMultiplexer"/> for <c>ConnectionStrings:{connectionName}</c>,
    /// created on first use with <c>AbortOnConnectFail=false</c>, plus a <c>StackExchange.Redis</c> health check
    /// and command tracing. Settings come from <c>Aspire:StackExchange:Redis</c>, then
    /// <c>Aspire:StackExchange:Redis:{connectionName}</c>, then <paramref name="configureSettings"/>;
    /// <see cref="ConfigurationOptions"/> from the <c>ConfigurationOptions</c> key of those sections,
    /// then <paramref name="configureOptions"/>.
    /// </summary>
    public static void AddRedisClient(
        this IHostApplicationBuilder builder,
        string connectionName,
        Action<StackExchangeRedisSettings>? configureSettings = null,
        Action<ConfigurationOptions>? configureOptions = null) =>
        AddRedisClient(builder, connectionName, serviceKey: null, configureSettings, configureOptions);

    /// <summary>
    /// Like <see cref="AddRedisClient(IHostApplicationBuilder, string, Action{StackExchangeRedisSettings}?, Action{ConfigurationOptions}?)"/>,
    /// but registers the multiplexer as a keyed service under <paramref name="name"/>; its health check is <c>StackExchange.Redis_{name}</c>.
    /// </summary>
    public static void AddKeyedRedisClient(
        this IHostApplicationBuilder builder,
        string name,
        Action<StackExchangeRedisSettings>? configureSettings = null,
        Action<ConfigurationOptions>? configureOptions = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        AddRedisClient(builder, name, serviceKey: name, configureSettings, configureOptions);
    }

    private static void AddRedisClient(
        IHostApplicationBuilder builder,
        string connectionName,
        string? serviceKey,
        Action<StackExchangeRedisSettings>? configureSettings,
        Action<ConfigurationOptions>? configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(connectionName);

        var section = builder.Configuration.GetSection(DefaultConfigSectionName);
        var namedSection = section.GetSection(connectionName);

        var settings = new StackExchangeRedisSettings();
        section.Bind(settings);
        namedSection.Bind(settings);
        if (builder.Configuration.GetConnectionString(connectionName) is { } connectionString)
        {
            settings.ConnectionString = connectionString;
        }
        configureSettings?.Invoke(settings);

        var optionsName = serviceKey is null ? Options.Options.DefaultName : connectionName;
        builder.Services.AddKeyedSingleton(optionsName, new RedisClientSettings(settings));
        builder.Services.TryAddTransient<IOptionsFactory<ConfigurationOptions>, RedisConfigurationOptionsFactory>();
        builder.Services.Configure<ConfigurationOptions>(optionsName, options =>
        {
            section.GetSection("ConfigurationOptions").Bind(options);
            namedSection.GetSection("ConfigurationOptions").Bind(options);
            configureOptions?.Invoke(options);
        });

        if (serviceKey is null)
        {
            builder.Services.AddSingleton<IConnectionMultiplexer>(sp => Connect(sp, connectionName, optionsName, settings));
            if (!settings.DisableAutoActivation)
            {
                builder.Services.ActivateSingleton<IConnectionMultiplexer>();
            }
        }
        else
        {
            builder.Services.AddKeyedSingleton<IConnectionMultiplexer>(serviceKey, (sp, _) => Connect(sp, connectionName, optionsName, settings));
            if (!settings.DisableAutoActivation)
            {
                builder.Services.ActivateKeyedSingleton<IConnectionMultiplexer>(serviceKey);
            }
        }

        if (!settings.DisableTracing)
        {
            builder.Services.TryAddSingleton(sp => new RedisTracing(sp.GetService<TimeProvider>() ?? TimeProvider.System));
            builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource(RedisCommandSpans.ActivitySourceName));
        }

        if (!settings.DisableHealthChecks)
        {
            builder.TryAddHealthCheck(new HealthCheckRegistration(
                serviceKey is null ? "StackExchange.Redis" : $"StackExchange.Redis_{connectionName}",
                sp => new RedisHealthCheck(() => serviceKey is null
                    ? sp.GetRequiredService<IConnectionMultiplexer>()
                    : sp.GetRequiredKeyedService<IConnectionMultiplexer>(serviceKey)),
                failureStatus: default,
                tags: default));
        }
    }

    private static ConnectionMultiplexer Connect(IServiceProvider services, string connectionName, string optionsName, StackExchangeRedisSettings settings)
    {
        var options = services.GetRequiredService<IOptionsMonitor<ConfigurationOptions>>().Get(optionsName);
        if (options.EndPoints.Count == 0)
        {
            throw new InvalidOperationException(
                $"No Redis endpoints specified. Ensure a valid connection string was provided in 'ConnectionStrings:{connectionName}' " +
                $"or for the '{DefaultConfigSectionName}:ConnectionString' configuration key.");
        }

        options.LoggerFactory ??= services.GetService<ILoggerFactory>();

        // With AbortOnConnectFail off this returns even when Redis is down, and keeps reconnecting.
        var connection = ConnectionMultiplexer.Connect(options);
        if (!settings.DisableTracing)
        {
            services.GetRequiredService<RedisTracing>().Attach(connection);
        }

        return connection;
    }
}

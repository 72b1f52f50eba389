using Aspire.Npgsql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Shortener.ServiceDefaults.Common;
using Shortener.ServiceDefaults.Npgsql;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Stand-in for the Aspire.Npgsql client integration: same method names, configuration keys,
/// health check name and telemetry, so swapping in the package is a one-line change.
/// </summary>
public static class AspirePostgreSqlNpgsqlExtensions
{
    private const string DefaultConfigSectionName = "Aspire:Npgsql";

    /// <summary>
    /// Registers <see cref="NpgsqlDataSource"/> (and connections) for the connection string
    /// <c>ConnectionStrings:{connectionName}</c>, with a <c>PostgreSql</c> health check and
    /// <c>Npgsql</c> tracing and metrics. Settings come from <c>Aspire:Npgsql</c>, then
    /// <c>Aspire:Npgsql:{connectionName}</c>, then <paramref name="configureSettings"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">When the data source is first resolved without a connection string.</exception>
    public static void AddNpgsqlDataSource(
        this IHostApplicationBuilder builder,
        string connectionName,
        Action<NpgsqlSettings>? configureSettings = null,
        Action<NpgsqlDataSourceBuilder>? configureDataSourceBuilder = null) =>
        AddNpgsqlDataSource(builder, connectionName, serviceKey: null, configureSettings, configureDataSourceBuilder);

    /// <summary>
    /// Like <see cref="AddNpgsqlDataSource(IHostApplicationBuilder, string, Action{NpgsqlSettings}?, Action{NpgsqlDataSourceBuilder}?)"/>,
    /// but registers the data source as a keyed service under <paramref name="name"/>; its health check is <c>PostgreSql_{name}</c>.
    /// </summary>
    public static void AddKeyedNpgsqlDataSource(
        this IHostApplicationBuilder builder,
        string name,
        Action<NpgsqlSettings>? configureSettings = null,
        Action<NpgsqlDataSourceBuilder>? configureDataSourceBuilder = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        AddNpgsqlDataSource(builder, name, serviceKey: name, configureSettings, configureDataSourceBuilder);
    }

    private static void AddNpgsqlDataSource(
        IHostApplicationBuilder builder,
        string connectionName,
        object? serviceKey,
        Action<NpgsqlSettings>? configureSettings,
        Action<NpgsqlDataSourceBuilder>? configureDataSourceBuilder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(connectionName);

        var settings = ReadSettings(builder.Configuration, connectionName);
        configureSettings?.Invoke(settings);

        builder.Services.AddNpgsqlDataSource(settings.ConnectionString ?? string.Empty, dataSourceBuilder =>
        {
            // Checked when the data source is first resolved, not here: by then logging is up, so the
            // failure is reported like any other startup error instead of killing Program.Main.
            ConnectionStringValidation.EnsureProvided(settings.ConnectionString, connectionName, DefaultConfigSectionName);
            configureDataSourceBuilder?.Invoke(dataSourceBuilder);
        }, serviceKey: serviceKey);

        if (!settings.DisableHealthChecks)
        {
            builder.TryAddHealthCheck(new HealthCheckRegistration(
                serviceKey is null ? "PostgreSql" : $"PostgreSql_{connectionName}",
                sp => new NpgsqlHealthCheck(() => serviceKey is null
                    ? sp.GetRequiredService<NpgsqlDataSource>()
                    : sp.GetRequiredKeyedService<NpgsqlDataSource>(serviceKey)),
                failureStatus: default,
                tags: default));
        }

        if (!settings.DisableTracing)
        {
            builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddNpgsql());
        }

        if (!settings.DisableMetrics)
        {
            builder.Services.AddOpenTelemetry().WithMetrics(NpgsqlMetrics.Add);
        }
    }

    private static NpgsqlSettings ReadSettings(IConfiguration configuration, string connectionName)
    {
        var settings = new NpgsqlSettings();
        var section = configuration.GetSection(DefaultConfigSectionName);
        section.Bind(settings);
        section.GetSection(connectionName).Bind(settings);

        if (configuration.GetConnectionString(connectionName) is { } connectionString)
        {
            settings.ConnectionString = connectionString;
        }

        return settings;
    }
}

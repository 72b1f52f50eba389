using Aspire.Npgsql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Shortener.Tests.ServiceDefaults;

public class NpgsqlRegistrationTests
{
    [Fact]
    public void ConnectionStringsEntryWinsOverTheConfigurationSection()
    {
        var builder = TestHostBuilder.Create(
            ("ConnectionStrings:shortenerdb", "Host=winner;Database=shortenerdb"),
            ("Aspire:Npgsql:ConnectionString", "Host=general"),
            ("Aspire:Npgsql:shortenerdb:ConnectionString", "Host=named"));
        NpgsqlSettings? seen = null;

        builder.AddNpgsqlDataSource("shortenerdb", settings => seen = settings);
        using var host = builder.Build();

        Assert.Equal("Host=winner;Database=shortenerdb", seen?.ConnectionString);
        var dataSource = host.Services.GetRequiredService<NpgsqlDataSource>();
        Assert.Equal("winner", new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).Host);
    }

    [Fact]
    public void NamedSectionOverridesTheGeneralSection()
    {
        var builder = TestHostBuilder.Create(
            ("Aspire:Npgsql:ConnectionString", "Host=general"),
            ("Aspire:Npgsql:DisableTracing", "true"),
            ("Aspire:Npgsql:DisableMetrics", "true"),
            ("Aspire:Npgsql:shortenerdb:ConnectionString", "Host=named"),
            ("Aspire:Npgsql:shortenerdb:DisableMetrics", "false"));
        NpgsqlSettings? seen = null;

        builder.AddNpgsqlDataSource("shortenerdb", settings => seen = settings);

        Assert.NotNull(seen);
        Assert.Equal("Host=named", seen.ConnectionString);
        Assert.True(seen.DisableTracing);
        Assert.False(seen.DisableMetrics);
        Assert.False(seen.DisableHealthChecks);
    }

    [Fact]
    public void MissingConnectionStringFailsOnFirstUseNamingTheSettingToProvide()
    {
        var builder = TestHostBuilder.Create();
        builder.AddNpgsqlDataSource("shortenerdb");
        using var host = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<NpgsqlDataSource>());

        Assert.Equal(
            "ConnectionString is missing. It should be provided in 'ConnectionStrings:shortenerdb' " +
            "or under the 'ConnectionString' key in 'Aspire:Npgsql' configuration section.",
            error.Message);
    }

    [Fact]
    public void ConfigureDataSourceBuilderRunsWhenTheDataSourceIsBuilt()
    {
        var builder = TestHostBuilder.Create(("ConnectionStrings:shortenerdb", "Host=db"));
        builder.AddNpgsqlDataSource("shortenerdb", configureDataSourceBuilder: b => b.ConnectionStringBuilder.ApplicationName = "shortener-tests");
        using var host = builder.Build();

        var dataSource = host.Services.GetRequiredService<NpgsqlDataSource>();

        Assert.Equal("shortener-tests", new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).ApplicationName);
    }

    [Fact]
    public void KeyedDataSourceIsRegisteredUnderItsNameWithItsOwnHealthCheck()
    {
        var builder = TestHostBuilder.Create(("ConnectionStrings:reports", "Host=reports-db"));
        builder.AddKeyedNpgsqlDataSource("reports");
        using var host = builder.Build();

        var dataSource = host.Services.GetRequiredKeyedService<NpgsqlDataSource>("reports");

        Assert.Equal("reports-db", new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).Host);
        Assert.Null(host.Services.GetService<NpgsqlDataSource>());
        Assert.Equal(["PostgreSql_reports"], HealthCheckNames(host));
    }

    [Fact]
    public void DisableHealthChecksRegistersNoCheck()
    {
        var builder = TestHostBuilder.Create(
            ("ConnectionStrings:shortenerdb", "Host=db"),
            ("Aspire:Npgsql:DisableHealthChecks", "true"));
        builder.AddNpgsqlDataSource("shortenerdb");
        using var host = builder.Build();

        Assert.Empty(HealthCheckNames(host));
    }

    [Fact]
    public void RegisteringTwiceAddsTheHealthCheckOnce()
    {
        var builder = TestHostBuilder.Create(("ConnectionStrings:shortenerdb", "Host=db"));
        builder.AddNpgsqlDataSource("shortenerdb");
        builder.AddNpgsqlDataSource("shortenerdb");
        using var host = builder.Build();

        Assert.Equal(["PostgreSql"], HealthCheckNames(host));
    }

    internal static string[] HealthCheckNames(IHost host) =>
        host.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations.Select(r => r.Name).ToArray();
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Shortener.Tests.ServiceDefaults;

public class ClientHealthCheckTests
{
    [Fact]
    public void ClientHealthChecksAreNamedLikeAspires()
    {
        var builder = TestHostBuilder.Create(
            ("ConnectionStrings:shortenerdb", "Host=db;Database=shortenerdb"),
            ("ConnectionStrings:cache", "cache:6379"));

        builder.AddNpgsqlDataSource("shortenerdb");
        builder.AddRedisClient("cache");
        using var host = builder.Build();

        Assert.Equal(["PostgreSql", "StackExchange.Redis"], NpgsqlRegistrationTests.HealthCheckNames(host));
    }

    [Fact]
    public async Task PostgreSqlCheckReportsUnhealthyWhenNothingListens()
    {
        var builder = TestHostBuilder.Create(
            ("ConnectionStrings:shortenerdb", $"Host=127.0.0.1;Port={TestHostBuilder.ClosedPort()};Timeout=2;Database=shortenerdb"));
        builder.AddNpgsqlDataSource("shortenerdb");
        using var host = builder.Build();

        var entry = await RunSingleCheckAsync(host, "PostgreSql");

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.False(string.IsNullOrEmpty(entry.Description));
    }

    [Fact]
    public async Task RedisCheckReportsUnhealthyWhenNothingListens()
    {
        var builder = TestHostBuilder.Create(
            ("ConnectionStrings:cache", $"127.0.0.1:{TestHostBuilder.ClosedPort()}"),
            ("Aspire:StackExchange:Redis:ConfigurationOptions:ConnectTimeout", "500"));
        builder.AddRedisClient("cache");
        using var host = builder.Build();

        var entry = await RunSingleCheckAsync(host, "StackExchange.Redis");

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.False(string.IsNullOrEmpty(entry.Description));
    }

    [Fact]
    public async Task ChecksWithoutConnectionStringsReportUnhealthyInsteadOfThrowing()
    {
        var builder = TestHostBuilder.Create();
        builder.AddNpgsqlDataSource("shortenerdb");
        builder.AddRedisClient("cache");
        using var host = builder.Build();

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.All(report.Entries.Values, entry =>
        {
            Assert.Equal(HealthStatus.Unhealthy, entry.Status);
            Assert.Contains("ConnectionStrings:", entry.Description);
        });
    }

    private static async Task<HealthReportEntry> RunSingleCheckAsync(IHost host, string name)
    {
        var report = await host.Services.GetRequiredService<HealthCheckService>()
            .CheckHealthAsync(registration => registration.Name == name);
        return Assert.Single(report.Entries, e => e.Key == name).Value;
    }
}

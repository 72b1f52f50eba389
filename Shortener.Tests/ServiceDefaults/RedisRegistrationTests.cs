using System.Net;
using Aspire.StackExchange.Redis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Shortener.Tests.ServiceDefaults;

public class RedisRegistrationTests
{
    [Fact]
    public void ConnectionStringsEntryWinsOverTheConfigurationSection()
    {
        var builder = TestHostBuilder.Create(
            ("ConnectionStrings:cache", "winner:6380,password=pw"),
            ("Aspire:StackExchange:Redis:ConnectionString", "general:6379"),
            ("Aspire:StackExchange:Redis:cache:ConnectionString", "named:6379"));
        StackExchangeRedisSettings? seen = null;

        builder.AddRedisClient("cache", settings => seen = settings);
        using var host = builder.Build();

        Assert.Equal("winner:6380,password=pw", seen?.ConnectionString);
        var options = host.Services.GetRequiredService<IOptions<ConfigurationOptions>>().Value;
        var endPoint = Assert.IsType<DnsEndPoint>(Assert.Single(options.EndPoints));
        Assert.Equal(("winner", 6380), (endPoint.Host, endPoint.Port));
        Assert.Equal("pw", options.Password);
    }

    [Fact]
    public void NamedSectionOverridesTheGeneralSection()
    {
        var builder = TestHostBuilder.Create(
            ("Aspire:StackExchange:Redis:ConnectionString", "general:6379"),
            ("Aspire:StackExchange:Redis:DisableTracing", "true"),
            ("Aspire:StackExchange:Redis:DisableHealthChecks", "true"),
            ("Aspire:StackExchange:Redis:cache:ConnectionString", "named:6379"),
            ("Aspire:StackExchange:Redis:cache:DisableHealthChecks", "false"));
        StackExchangeRedisSettings? seen = null;

        builder.AddRedisClient("cache", settings => seen = settings);

        Assert.NotNull(seen);
        Assert.Equal("named:6379", seen.ConnectionString);
        Assert.True(seen.DisableTracing);
        Assert.False(seen.DisableHealthChecks);
        Assert.True(seen.DisableAutoActivation);
    }

    [Fact]
    public void ConfigurationOptionsAreBoundFromTheSectionsNamedOneLast()
    {
        var builder = TestHostBuilder.Create(
            ("ConnectionStrings:cache", "localhost:6379"),
            ("Aspire:StackExchange:Redis:ConfigurationOptions:ConnectTimeout", "1111"),
            ("Aspire:StackExchange:Redis:ConfigurationOptions:ClientName", "general"),
            ("Aspire:StackExchange:Redis:cache:ConfigurationOptions:ClientName", "named"));

        builder.AddRedisClient("cache", configureOptions: options => options.SyncTimeout = 2222);
        using var host = builder.Build();
        var options = host.Services.GetRequiredService<IOptions<ConfigurationOptions>>().Value;

        Assert.Equal(1111, options.ConnectTimeout);
        Assert.Equal("named", options.ClientName);
        Assert.Equal(2222, options.SyncTimeout);
    }

    [Fact]
    public void AbortOnConnectFailIsOffSoTheClientKeepsRetrying()
    {
        var builder = TestHostBuilder.Create(("ConnectionStrings:cache", "localhost:6379,password=pw"));
        builder.AddRedisClient("cache");
        using var host = builder.Build();

        var options = host.Services.GetRequiredService<IOptions<ConfigurationOptions>>().Value;

        Assert.False(options.AbortOnConnectFail);
    }

    [Fact]
    public void AbortConnectWrittenInTheConnectionStringStillWins()
    {
        var builder = TestHostBuilder.Create(("ConnectionStrings:cache", "localhost:6379,abortConnect=true"));
        builder.AddRedisClient("cache");
        using var host = builder.Build();

        var options = host.Services.GetRequiredService<IOptions<ConfigurationOptions>>().Value;

        Assert.True(options.AbortOnConnectFail);
    }

    [Fact]
    public void MissingConnectionStringFailsOnFirstUseNamingTheSettingToProvide()
    {
        var builder = TestHostBuilder.Create();
        builder.AddRedisClient("cache");
        // Building must not connect: the multiplexer is created when first resolved.
        using var host = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<IConnectionMultiplexer>());

        Assert.Contains("'ConnectionStrings:cache'", error.Message);
        Assert.Contains("'Aspire:StackExchange:Redis:ConnectionString'", error.Message);
    }

    [Fact]
    public async Task AutoActivationConnectsWhileTheHostStarts()
    {
        var builder = TestHostBuilder.Create(("Aspire:StackExchange:Redis:DisableAutoActivation", "false"));
        builder.AddRedisClient("cache");
        using var host = builder.Build();

        // No connection string, so activating at start-up is what surfaces the error.
        await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());
    }

    [Fact]
    public void KeyedClientUsesItsOwnOptionsAndHealthCheck()
    {
        var builder = TestHostBuilder.Create(
            ("ConnectionStrings:sessions", "sessions-host:6379"),
            ("Aspire:StackExchange:Redis:sessions:ConfigurationOptions:ClientName", "sessions"));
        builder.AddKeyedRedisClient("sessions");
        using var host = builder.Build();

        var options = host.Services.GetRequiredService<IOptionsMonitor<ConfigurationOptions>>().Get("sessions");

        var endPoint = Assert.IsType<DnsEndPoint>(Assert.Single(options.EndPoints));
        Assert.Equal("sessions-host", endPoint.Host);
        Assert.Equal("sessions", options.ClientName);
        Assert.False(options.AbortOnConnectFail);
        Assert.Equal(["StackExchange.Redis_sessions"], NpgsqlRegistrationTests.HealthCheckNames(host));
    }
}

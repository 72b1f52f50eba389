using System.Text;
using Shortener.Tests.Infrastructure;

namespace Shortener.Tests.AppHost;

/// <summary>The variables a real Aspire AppHost injects, read from the running api process itself.</summary>
[Collection(Pipeline.AppCollection.Name)]
public sealed class AspireContractTests(AppFixture app)
{
    [Fact]
    public async Task ApiProcessReceivesTheAspireConnectionStringsAndParts()
    {
        var env = EnvironmentOf("api");
        Assert.Matches(@"^Host=localhost;Port=\d+;Username=postgres;Password=[A-Za-z0-9]{22,};Database=shortenerdb$", env["ConnectionStrings__shortenerdb"]);
        Assert.Matches(@"^localhost:\d+,password=[A-Za-z0-9]+$", env["ConnectionStrings__cache"]);
        Assert.Equal("localhost", env["SHORTENERDB_HOST"]);
        Assert.Equal("postgres", env["SHORTENERDB_USERNAME"]);
        Assert.Equal("shortenerdb", env["SHORTENERDB_DATABASENAME"]);
        Assert.Equal($"postgresql://postgres:{env["SHORTENERDB_PASSWORD"]}@localhost:{env["SHORTENERDB_PORT"]}/shortenerdb", env["SHORTENERDB_URI"]);
        Assert.Equal($"redis://:{env["CACHE_PASSWORD"]}@localhost:{env["CACHE_PORT"]}", env["CACHE_URI"]);
        Assert.Equal(app.CacheConnectionString, env["ConnectionStrings__cache"]);
        Assert.Equal(await app.App.GetConnectionStringAsync("shortenerdb"), env["ConnectionStrings__shortenerdb"]);
    }

    [Fact]
    public void EveryServiceReceivesTheOpenTelemetryAndHostingVariables()
    {
        foreach (var service in AppFixture.Services)
        {
            var env = EnvironmentOf(service);
            Assert.Equal(service, env["OTEL_SERVICE_NAME"]);
            Assert.Matches(@"^service\.instance\.id=[0-9a-z]+$", env["OTEL_RESOURCE_ATTRIBUTES"]);
            Assert.Equal("in_memory", env["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"]);
            // The api listens on the port clients reach: no DCP proxy on the redirect path. The worker and analytics sit
            // behind DCP's proxy, so they listen elsewhere than the endpoint clients are given.
            var listensOn = Assert.Single(System.Text.RegularExpressions.Regex.Matches(env["ASPNETCORE_URLS"], @"^http://localhost:([0-9]+)\z")).Groups[1].Value;
            var reachedOn = app.App.GetEndpoint(service).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (service == "api") Assert.Equal(reachedOn, listensOn);
            else Assert.NotEqual(reachedOn, listensOn);
            Assert.Equal("Development", env["ASPNETCORE_ENVIRONMENT"]);
            Assert.Equal("Development", env["DOTNET_ENVIRONMENT"]);
            Assert.Equal("simple", env["LOGGING__CONSOLE__FORMATTERNAME"]);
            Assert.Equal("1000", env["OTEL_BSP_SCHEDULE_DELAY"]);
        }
    }

    [Fact]
    public void OnlyTheApiIsGivenTheAdminKey()
    {
        Assert.Equal(app.AdminKey, EnvironmentOf("api")["Auth__AdminApiKey"]);
        Assert.False(EnvironmentOf("worker").ContainsKey("Auth__AdminApiKey"));
    }

    private Dictionary<string, string> EnvironmentOf(string resource)
    {
        var pid = app.App.ProcessId(resource) ?? throw new InvalidOperationException($"{resource} has no process");
        var raw = File.ReadAllBytes($"/proc/{pid}/environ");
        return Encoding.UTF8.GetString(raw).Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(kv => kv.Split('=', 2)).Where(kv => kv.Length == 2)
            .GroupBy(kv => kv[0]).ToDictionary(g => g.Key, g => g.Last()[1]);
    }
}

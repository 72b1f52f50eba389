using System.Net.Http.Headers;
using Npgsql;
using Shortener.Hosting;
using Shortener.Hosting.Testing;

namespace Shortener.Tests.Infrastructure;

/// <summary>
/// One whole app per test collection, started through the real AppHost with random ports and throw-away data
/// directories, and stopped (every process, every directory) when the collection is done.
/// </summary>
public class AppFixture : IAsyncLifetime
{
    public static readonly string[] Services = ["api", "worker", "analytics"];
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromMinutes(3);

    /// <summary>A link id whose clicks the worker fails on (see <see cref="Configure"/>).</summary>
    public const long PoisonLinkId = 987_654_321_987;

    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The app has not started.");
    public HttpClient Api { get; private set; } = null!;
    public HttpClient Anonymous { get; private set; } = null!;
    public string AdminKey { get; private set; } = "";
    public string DatabaseConnectionString { get; private set; } = "";
    public string CacheConnectionString { get; private set; } = "";

    /// <summary>Services a collection adds to the model (for example a second api instance), waited on like the others.</summary>
    protected virtual IEnumerable<string> ExtraServices => [];

    /// <summary>Per-collection adjustments to the model, as a test would make through Aspire's testing builder.</summary>
    protected virtual void Configure(IDistributedApplicationTestingBuilder builder)
    {
        // Take over a killed worker's pending clicks after 3 s instead of 30 s, and forget a gone worker after 5 s instead
        // of an hour; clicks of one link id that no link has fail every batch they are in, as a bug set off by one
        // message would (a test-only switch).
        builder.CreateResourceBuilder<ProjectResource>("worker")
            .WithEnvironment("Worker__Clicks__ClaimIdleTime", "00:00:03")
            .WithEnvironment("Worker__Clicks__ForgetDepartedAfter", "00:00:05")
            .WithEnvironment("Chaos__PoisonLinkId", PoisonLinkId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // These tests redirect thousands of times from one address; the rate-limit tests switch limits on in their own app.
        builder.CreateResourceBuilder<ProjectResource>("api").WithEnvironment("RateLimiting__Enabled", "false");
    }

    public virtual async Task InitializeAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Shortener_AppHost>();
        Configure(builder);
        _app = await builder.BuildAsync();
        await _app.StartAsync();
        foreach (var service in Services.Concat(ExtraServices)) await WaitHealthyAsync(service);

        AdminKey = _app.Resources.OfType<ParameterResource>().Single(p => p.Name == "admin-api-key").Value;
        Anonymous = _app.CreateHttpClient("api");
        Api = _app.CreateHttpClient("api");
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        // Unpooled: chaos tests restart PostgreSQL, and a pooled connection would outlive its server.
        DatabaseConnectionString = new NpgsqlConnectionStringBuilder((await _app.GetConnectionStringAsync("shortenerdb"))!) { Pooling = false }.ConnectionString;
        CacheConnectionString = (await _app.GetConnectionStringAsync("cache"))!;
    }

    public async Task WaitHealthyAsync(string resource)
    {
        using var timeout = new CancellationTokenSource(s_startTimeout);
        try
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or DistributedApplicationException)
        {
            throw new TimeoutException($"{resource} did not become healthy ({App.ResourceNotifications.GetSnapshot(resource)}). " +
                $"Last lines:{Environment.NewLine}{string.Join(Environment.NewLine, App.GetResourceLogs(resource, 60))}", e);
        }
    }

    /// <summary>What went on in the pipeline, for assertion messages: status and the services' warnings.</summary>
    public async Task<string> DiagnoseAsync()
    {
        var status = await Api.GetStringAsync("/worker/status") + Environment.NewLine + await Api.GetStringAsync("/worker/dlq?limit=5");
        var problems = App.Resources.OfType<ProjectResource>().SelectMany(r => App.GetResourceLogs(r.Name, 400)
            .Where(l => l.Contains("warn") || l.Contains("fail") || l.Contains("Exception")).TakeLast(15).Select(l => $"{r.Name}: {l}"));
        return status + Environment.NewLine + string.Join(Environment.NewLine, problems);
    }

    public async Task<NpgsqlConnection> OpenDatabaseAsync()
    {
        var conn = new NpgsqlConnection(DatabaseConnectionString);
        await conn.OpenAsync();
        return conn;
    }

    public virtual async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}

using System.Net.Http.Headers;
using Npgsql;

namespace Shortener.Tests.Infrastructure;

/// <summary>
/// One whole app per test collection, started from the real AppHost through Aspire.Hosting.Testing with random ports
/// and a throw-away data directory, and stopped (every process, every directory) when the collection is done.
/// </summary>
public class AppFixture : IAsyncLifetime
{
    public static readonly string[] Services = ["api", "worker", "analytics"];
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromMinutes(3);

    /// <summary>A link id whose clicks the worker fails on (see <see cref="Configure"/>).</summary>
    public const long PoisonLinkId = 987_654_321_987;

    /// <summary>The AppHost's parameters that it would generate and keep in its user secrets.</summary>
    public static readonly string[] GeneratedSecrets = ["admin-api-key", "slug-salt", "visitor-secret", "postgres-password", "cache-password"];

    private DistributedApplication? _app;
    private ResourceLogCollector? _logs;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The app has not started.");
    public HttpClient Api { get; private set; } = null!;
    public HttpClient Anonymous { get; private set; } = null!;
    public string AdminKey { get; private set; } = "";
    public string DatabaseConnectionString { get; private set; } = "";
    public string CacheConnectionString { get; private set; } = "";

    /// <summary>Where this app's PostgreSQL and Redis keep their data (deleted with the app).</summary>
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), $"shortener-test-{Guid.NewGuid():N}");

    /// <summary>Services a collection adds to the model (for example a second api instance), waited on like the others.</summary>
    protected virtual IEnumerable<string> ExtraServices => [];

    /// <summary>Settings for the AppHost itself (AppHost:…), on top of the test defaults.</summary>
    protected virtual IEnumerable<string> AppHostArguments => [];

    /// <summary>Per-collection adjustments to the model, through Aspire's testing builder.</summary>
    protected virtual void Configure(IDistributedApplicationTestingBuilder builder)
    {
        // Clients see each answer as it is: no redirect followed (redirects are what is tested), no retry hiding a 5xx or 429.
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
#pragma warning disable EXTEXP0001 // experimental, and the only way to take back the resilience the harness adds
            http.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
            http.ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        });
        // Take over a killed worker's pending clicks (and events) after 3 s instead of 30 s, and forget a gone worker after 5 s instead
        // of an hour; clicks of one link id that no link has fail every batch they are in, as a bug set off by one
        // message would (a test-only switch).
        builder.CreateResourceBuilder<ProjectResource>("worker")
            .WithEnvironment("Worker__Clicks__ClaimIdleTime", "00:00:03")
            .WithEnvironment("Worker__Clicks__ForgetDepartedAfter", "00:00:05")
            .WithEnvironment("Worker__Events__ClaimIdleTime", "00:00:03")
            .WithEnvironment("Worker__Events__ForgetDepartedAfter", "00:00:05")
            .WithEnvironment("Chaos__PoisonLinkId", PoisonLinkId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // These tests redirect thousands of times from one address; the rate-limit tests switch limits on in their own app.
        builder.CreateResourceBuilder<ProjectResource>("api").WithEnvironment("RateLimiting__Enabled", "false");
    }

    public virtual async Task InitializeAsync()
    {
        string[] args =
        [
            $"--AppHost:DataDirectory={DataDirectory}",
            "--AppHost:ApiPort=0",
            // Throw-away data: no fsync. A killed service stays down until the test starts it again.
            "--AppHost:DurablePostgres=false",
            "--AppHost:OnServiceCrash=Ignore",
            // The harness runs no dashboard, yet gives services its OTLP endpoint, where nobody listens: exporting there
            // would record every span and hold the failed exports in memory. A fixture that collects telemetry sets its own.
            "--AppHost:ServiceTelemetry=false",
            // Every secret given, so the AppHost generates none and writes nothing into the developer's user secrets.
            .. GeneratedSecrets.Select(name => $"--Parameters:{name}={Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16))}"),
            .. AppHostArguments,
        ];
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Shortener_AppHost>(args);
        Configure(builder);
        _app = await builder.BuildAsync();
        _logs = new ResourceLogCollector(_app);
        try
        {
            using (var starting = new CancellationTokenSource(s_startTimeout)) await _app.StartAsync(starting.Token);
            foreach (var service in Services.Concat(ExtraServices)) await WaitHealthyAsync(service);
        }
        catch
        {
            // xunit does not dispose a fixture that failed to start: stop every process it started now.
            await DisposeAsync();
            throw;
        }

        AdminKey = await ParameterAsync("admin-api-key");
        Anonymous = _app.CreateHttpClient("api");
        Api = _app.CreateHttpClient("api");
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        // Unpooled: chaos tests restart PostgreSQL, and a pooled connection would outlive its server.
        DatabaseConnectionString = new NpgsqlConnectionStringBuilder((await _app.GetConnectionStringAsync("shortenerdb"))!) { Pooling = false }.ConnectionString;
        CacheConnectionString = (await _app.GetConnectionStringAsync("cache"))!;
    }

    public async Task<string> ParameterAsync(string name) =>
        await App.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ParameterResource>()
            .Single(p => p.Name == name).GetValueAsync(default) ?? throw new InvalidOperationException($"Parameter {name} has no value.");

    /// <summary>Waits until the resource (every replica of it) is healthy.</summary>
    public async Task WaitHealthyAsync(string resource)
    {
        using var timeout = new CancellationTokenSource(s_startTimeout);
        try
        {
            foreach (var id in await App.ReplicaIdsAsync(resource))
                await App.ResourceNotifications.WaitForResourceAsync(resource,
                    e => e.ResourceId == id && e.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, timeout.Token);
        }
        catch (OperationCanceledException e)
        {
            throw new TimeoutException($"{resource} did not become healthy. {App.DescribeAll()}. " +
                $"Last lines:{Environment.NewLine}{string.Join(Environment.NewLine, await LogsAsync(resource, 60))}", e);
        }
    }

    /// <summary>Stops a resource through Aspire's stop command and waits until it has exited.</summary>
    public Task StopAsync(string resource) => App.StopResourceAsync(resource);

    /// <summary>Starts a stopped resource through Aspire's start command (wait for health separately).</summary>
    public Task StartAsync(string resource) => App.StartResourceAsync(resource);

    public async Task RestartAsync(string resource)
    {
        await StopAsync(resource);
        await StartAsync(resource);
    }

    /// <summary>SIGKILLs the resource's process (and the service under `dotnet run`) by the pid in its snapshot, and waits until Aspire sees it exited.</summary>
    public Task KillAsync(string resource) => App.KillResourceAsync(resource);

    /// <summary>The last lines the resource wrote to its console.</summary>
    public Task<IReadOnlyList<string>> LogsAsync(string resource, int count) =>
        Task.FromResult(_logs?.Last(resource, count) ?? []);

    /// <summary>What went on in the pipeline, for assertion messages: status and the services' warnings.</summary>
    public async Task<string> DiagnoseAsync()
    {
        var status = await Api.GetStringAsync("/worker/status") + Environment.NewLine + await Api.GetStringAsync("/worker/dlq?limit=5");
        var problems = new List<string>();
        foreach (var service in Services.Concat(ExtraServices))
            problems.AddRange((await LogsAsync(service, 400)).Where(l => l.Contains("warn") || l.Contains("fail") || l.Contains("Exception"))
                .TakeLast(15).Select(l => $"{service}: {l}"));
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
        if (_logs is not null) await _logs.DisposeAsync();
        try { Directory.Delete(DataDirectory, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

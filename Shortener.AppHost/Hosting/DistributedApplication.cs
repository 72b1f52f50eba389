using System.Runtime.InteropServices;

namespace Shortener.Hosting;

/// <summary>The running app model: Aspire's DistributedApplication, speaking the same contract without containers.</summary>
public sealed class DistributedApplication : IAsyncDisposable
{
    private readonly DistributedApplicationBuilder _builder;
    private readonly Lazy<ApplicationOrchestrator> _orchestrator;
    private readonly List<HttpClient> _clients = [];
    private DataDirectories? _data;
    private bool _started;

    internal DistributedApplication(DistributedApplicationBuilder builder)
    {
        _builder = builder;
        _orchestrator = new(() => new ApplicationOrchestrator(builder.Options, TimeProvider.System));
    }

    public static IDistributedApplicationBuilder CreateBuilder(string[] args)
    {
        var hook = DistributedApplicationBuilder.CurrentTestingHook;
        return new DistributedApplicationBuilder(hook?.Args ?? args, testing: hook is not null);
    }

    public AppHostOptions Options => _builder.Options;
    public IReadOnlyList<IResource> Resources => _builder.Resources.AsReadOnly();
    public ResourceNotificationService ResourceNotifications => _orchestrator.Value.Notifications;
    public ResourceCommandService ResourceCommands => new(_orchestrator.Value);

    /// <summary>Where PostgreSQL, Redis and the resource logs live for this run.</summary>
    public string? DataDirectory => _data?.Root;

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_started) throw new InvalidOperationException("The app has already been started.");
        _started = true;
        _data = DataDirectories.Create(Options, _builder.AppHostDirectory);
        var orchestrator = _orchestrator.Value;
        AppModelPreparer.Prepare(_builder, _data, orchestrator);
        if (!Options.IsTesting) ResourceConsole.Follow(this, _data);
        await orchestrator.StartAllAsync();
    }

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_orchestrator.IsValueCreated) await _orchestrator.Value.StopAllAsync();
    }

    /// <summary>Runs until Ctrl+C or SIGTERM (or a crash under OnServiceCrash=StopApp), then stops everything in order.</summary>
    public async Task<int> RunAsync()
    {
        if (ManifestPublisher.TryPublish(_builder)) return 0;
        var stop = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal);
        try
        {
            await StartAsync();
        }
        catch (DistributedApplicationException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            await DisposeAsync();
            return 2;
        }
        var exitCode = await Task.WhenAny(stop.Task, _orchestrator.Value.StopRequested).Unwrap();
        ResourceLogger.AppHost("stopping: services first, then databases and servers");
        await DisposeAsync();
        ResourceLogger.AppHost("stopped");
        return exitCode;

        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.TrySetResult(0);
        }
    }

    public void Run() => Environment.ExitCode = RunAsync().GetAwaiter().GetResult();

    public HttpClient CreateHttpClient(string resourceName, string endpointName = "http")
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = GetEndpoint(resourceName, endpointName) };
        lock (_clients) _clients.Add(client);
        return client;
    }

    public Uri GetEndpoint(string resourceName, string endpointName = "http") =>
        endpointName == "http" && Find(resourceName) is ProjectResource project
            ? project.HttpUrl
            : throw new ArgumentException($"'{resourceName}' has no endpoint named '{endpointName}'.", nameof(resourceName));

    public ValueTask<string?> GetConnectionStringAsync(string resourceName, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult((Find(resourceName) as IResourceWithConnectionString)?.ConnectionString);

    /// <summary>The last lines a resource printed (the AppHost keeps them for crash reports and tests).</summary>
    public IReadOnlyList<string> GetResourceLogs(string resourceName, int lines = 200) =>
        _orchestrator.Value.Get(resourceName).Runner.Logger.Tail(lines);

    private IResource? Find(string name) => _builder.Resources.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));

    public async ValueTask DisposeAsync()
    {
        lock (_clients)
        {
            foreach (var c in _clients) c.Dispose();
            _clients.Clear();
        }
        if (_orchestrator.IsValueCreated) await _orchestrator.Value.DisposeAsync();
        _data?.DeleteIfThrowAway();
    }
}

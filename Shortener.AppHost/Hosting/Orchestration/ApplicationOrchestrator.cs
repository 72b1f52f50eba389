namespace Shortener.Hosting;

/// <summary>Starts resources in dependency order, stops services before the servers they use, runs resource commands.</summary>
internal sealed class ApplicationOrchestrator(AppHostOptions options, TimeProvider time) : IAsyncDisposable
{
    private readonly Dictionary<string, ResourceSupervisor> _supervisors = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource<int> _stopRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AppHostOptions Options { get; } = options;
    public TimeProvider Time { get; } = time;
    public ResourceNotificationService Notifications { get; } = new();
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>Completes with the exit code the app should end with once something asks it to stop.</summary>
    public Task<int> StopRequested => _stopRequested.Task;

    public IEnumerable<ResourceSupervisor> Supervisors => _supervisors.Values;

    public void Add(IResource resource, ResourceRunner runner) =>
        _supervisors.Add(resource.Name, new ResourceSupervisor(resource, runner, this));

    public ResourceSupervisor Get(string name) =>
        _supervisors.TryGetValue(name, out var s) ? s : throw new ArgumentException($"No resource named '{name}'.", nameof(name));

    public void Report(string message) => ResourceLogger.AppHost(message, echo: !Options.IsTesting);

    public void RequestStop(int exitCode) => _stopRequested.TrySetResult(exitCode);

    public async Task StartAllAsync()
    {
        foreach (var supervisor in _supervisors.Values) await supervisor.StartAsync();
    }

    public async Task WaitForDependenciesAsync(IResource resource, CancellationToken ct)
    {
        var healthy = resource is Resource r ? r.WaitsFor.ToList() : [];
        if (resource is PostgresDatabaseResource db) healthy.Add(db.Parent);
        foreach (var dependency in healthy) await Notifications.WaitForResourceHealthyAsync(dependency.Name, ct);
        foreach (var dependency in (resource as Resource)?.WaitsForCompletion ?? [])
        {
            var done = await Notifications.WaitForResourceAsync(dependency.Name,
                s => s.State is KnownResourceStates.Exited or KnownResourceStates.Finished, ct);
            if (done.ExitCode is not (null or 0))
                throw new DistributedApplicationException($"'{resource.Name}' waits for '{dependency.Name}', which exited with code {done.ExitCode}.");
        }
    }

    /// <summary>Services first (they flush to the servers on the way out), then databases, then the servers.</summary>
    public async Task StopAllAsync()
    {
        foreach (var tier in new Func<IResource, bool>[]
        {
            r => r is ProjectResource,
            r => r is PostgresDatabaseResource,
            _ => true,
        })
        {
            var stops = _supervisors.Values.Where(s => tier(s.Resource) && Notifications.GetSnapshot(s.Resource.Name).State is
                not (KnownResourceStates.Exited or KnownResourceStates.Finished or KnownResourceStates.NotStarted)).Select(s => s.StopAsync());
            await Task.WhenAll(stops);
        }
        await _stopping.CancelAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAllAsync();
        foreach (var s in _supervisors.Values) s.Runner.Logger.Dispose();
        _stopping.Dispose();
    }
}

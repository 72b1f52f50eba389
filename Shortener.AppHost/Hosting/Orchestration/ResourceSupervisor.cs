using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Shortener.Hosting;

/// <summary>
/// Runs one resource through its life: wait for dependencies, start, watch health, report crashes and apply the
/// crash policy. Stop and start are commands, so tests can take one resource down and bring it back.
/// </summary>
internal sealed class ResourceSupervisor(IResource resource, ResourceRunner runner, ApplicationOrchestrator app)
{
    private readonly SemaphoreSlim _commandGate = new(1, 1);
    private CancellationTokenSource? _run;
    private Task _loop = Task.CompletedTask;
    private int _restarts;

    public IResource Resource { get; } = resource;
    public ResourceRunner Runner { get; } = runner;
    private string Name => Resource.Name;
    private ResourceNotificationService Notifications => app.Notifications;

    public async Task StartAsync()
    {
        await _commandGate.WaitAsync();
        try
        {
            if (!_loop.IsCompleted)
            {
                // Still running, or restarting itself after a crash: nothing to do. Under the other policies a loop
                // that just reported a crash is about to end; wait for it, then start afresh.
                var state = Notifications.GetSnapshot(Name).State;
                if (state is not (KnownResourceStates.Exited or KnownResourceStates.FailedToStart) || app.Options.OnServiceCrash == CrashPolicy.Restart) return;
                try { await _loop; } catch (OperationCanceledException) { }
            }
            _run = CancellationTokenSource.CreateLinkedTokenSource(app.Stopping);
            var token = _run.Token;
            _loop = Task.Run(() => RunAsync(token));
        }
        finally
        {
            _commandGate.Release();
        }
    }

    public async Task StopAsync()
    {
        await _commandGate.WaitAsync();
        try
        {
            if (_loop.IsCompleted && Notifications.GetSnapshot(Name).State is not KnownResourceStates.Running) return;
            Notifications.Publish(Name, s => s with { State = KnownResourceStates.Stopping });
            _run?.Cancel();
            await Runner.StopAsync(app.Options.StopTimeout);
            try { await _loop; } catch (OperationCanceledException) { }
            var code = Runner.Exited.IsCompleted ? await Runner.Exited : (int?)null;
            Notifications.Publish(Name, s => s with
            {
                State = Runner is ProcessRunner ? KnownResourceStates.Exited : KnownResourceStates.Finished,
                HealthStatus = null, ExitCode = code,
            });
        }
        finally
        {
            _commandGate.Release();
        }
    }

    /// <summary>SIGKILL; the crash policy then applies as it would to any crash.</summary>
    public void Kill() => Runner.Kill();

    private async Task RunAsync(CancellationToken ct)
    {
        try
        {
            Notifications.Publish(Name, s => s with { State = KnownResourceStates.Waiting, HealthStatus = null, ExitCode = null });
            await app.WaitForDependenciesAsync(Resource, ct);
            while (!ct.IsCancellationRequested)
            {
                Notifications.Publish(Name, s => s with { State = KnownResourceStates.Starting, HealthStatus = null, ExitCode = null });
                try
                {
                    await Runner.StartAsync(ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Runner.Logger.Write($"failed to start: {e.Message}");
                    app.Report($"{Name} failed to start: {e.Message}");
                    Notifications.Publish(Name, s => s with { State = KnownResourceStates.FailedToStart });
                    if (!await AfterCrashAsync(ct)) return;
                    continue;
                }
                var startedAt = app.Time.GetUtcNow();
                Notifications.Publish(Name, s => s with
                {
                    State = KnownResourceStates.Running, ProcessId = Runner.ProcessId, Url = Runner.Url, Restarts = _restarts,
                });
                using var watching = CancellationTokenSource.CreateLinkedTokenSource(ct);
                var health = WatchHealthAsync(watching.Token);
                var exitCode = await Runner.Exited.WaitAsync(ct);
                await watching.CancelAsync();
                await health;
                if (app.Time.GetUtcNow() - startedAt > TimeSpan.FromMinutes(1)) _restarts = 0;
                ReportCrash(exitCode);
                if (!await AfterCrashAsync(ct)) return;
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private void ReportCrash(int exitCode)
    {
        Notifications.Publish(Name, s => s with { State = KnownResourceStates.Exited, HealthStatus = null, ExitCode = exitCode });
        var tail = Runner.Logger.Tail(15);
        app.Report($"{Name} exited unexpectedly with code {exitCode}. Last lines:" +
            string.Concat(tail.Select(l => Environment.NewLine + "    " + l)));
    }

    /// <summary>True when the resource should be started again (after the backoff delay).</summary>
    private async Task<bool> AfterCrashAsync(CancellationToken ct)
    {
        switch (app.Options.OnServiceCrash)
        {
            case CrashPolicy.StopApp:
                app.Report($"stopping the app because {Name} crashed (AppHost:OnServiceCrash=StopApp)");
                app.RequestStop(exitCode: 1);
                return false;
            case CrashPolicy.Ignore:
                return false;
            default:
                var delay = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, _restarts), app.Options.MaxRestartDelay.TotalSeconds));
                _restarts++;
                app.Report($"restarting {Name} in {delay.TotalSeconds:0}s (restart {_restarts})");
                await Task.Delay(delay, app.Time, ct);
                return true;
        }
    }

    /// <summary>Every second until healthy, then every 30 s as Aspire polls (tests: more often).</summary>
    private async Task WatchHealthAsync(CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                HealthStatus status;
                try
                {
                    status = await Runner.CheckHealthAsync(ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    status = HealthStatus.Unhealthy;
                }
                var previous = Notifications.GetSnapshot(Name);
                if (previous.State == KnownResourceStates.Running && previous.HealthStatus != status)
                    Notifications.Publish(Name, s => s.State == KnownResourceStates.Running ? s with { HealthStatus = status } : s);
                await Task.Delay(status == HealthStatus.Healthy ? app.Options.HealthyCheckInterval : TimeSpan.FromSeconds(1), app.Time, ct);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Re-checks health now instead of at the next 30-second poll (used after a dependency comes back).</summary>
    public async Task RefreshHealthAsync(CancellationToken ct)
    {
        if (Notifications.GetSnapshot(Name).State != KnownResourceStates.Running) return;
        var status = await Runner.CheckHealthAsync(ct);
        Notifications.Publish(Name, s => s.State == KnownResourceStates.Running ? s with { HealthStatus = status } : s);
    }
}

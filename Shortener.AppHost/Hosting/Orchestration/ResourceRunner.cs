using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Shortener.Hosting;

/// <summary>How one resource is started, checked and stopped; the supervisor decides when.</summary>
internal abstract class ResourceRunner(ResourceLogger logger)
{
    public ResourceLogger Logger { get; } = logger;

    /// <summary>Launches the resource; returns once it is started (not necessarily healthy).</summary>
    public abstract Task StartAsync(CancellationToken cancellationToken);

    public abstract Task<HealthStatus> CheckHealthAsync(CancellationToken cancellationToken);

    public abstract Task StopAsync(TimeSpan timeout);

    /// <summary>SIGKILL, for chaos tests; resources without a process have nothing to kill.</summary>
    public virtual void Kill() { }

    /// <summary>Completes with the exit code when the resource's process ends; never, for resources without one.</summary>
    public virtual Task<int> Exited => Task.Delay(Timeout.Infinite).ContinueWith(_ => 0, TaskScheduler.Default);

    public virtual int? ProcessId => null;

    public abstract string? Url { get; }
}

/// <summary>A runner whose resource is one child process.</summary>
internal abstract class ProcessRunner(ResourceLogger logger) : ResourceRunner(logger)
{
    private ManagedProcess? _process;

    protected abstract int StopSignal { get; }

    public override Task<int> Exited => _process?.Exited ?? base.Exited;
    public override int? ProcessId => _process?.Id;

    protected void Launch(System.Diagnostics.ProcessStartInfo startInfo)
    {
        _process?.Dispose();
        _process = new ManagedProcess(startInfo, Logger);
        _process.Start();
    }

    public override async Task StopAsync(TimeSpan timeout)
    {
        if (_process is { } p) await p.StopAsync(StopSignal, timeout);
    }

    public override void Kill() => _process?.Signal(ManagedProcess.SigKill);
}

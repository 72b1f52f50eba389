using System.Collections.Concurrent;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Shortener.Hosting;

/// <summary>Holds every resource's latest snapshot and lets callers wait on them (Aspire's ResourceNotificationService).</summary>
public sealed class ResourceNotificationService
{
    private readonly ConcurrentDictionary<string, ResourceSnapshot> _snapshots = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = NewSignal();

    public event Action<ResourceEvent>? Changed;

    public ResourceSnapshot GetSnapshot(string resourceName) =>
        _snapshots.TryGetValue(resourceName, out var s) ? s : new ResourceSnapshot(KnownResourceStates.NotStarted);

    public IReadOnlyDictionary<string, ResourceSnapshot> All => _snapshots;

    public Task WaitForResourceAsync(string resourceName, string targetState, CancellationToken cancellationToken = default) =>
        WaitForResourceAsync(resourceName, s => s.State == targetState, cancellationToken);

    public Task WaitForResourceHealthyAsync(string resourceName, CancellationToken cancellationToken = default) =>
        WaitForResourceAsync(resourceName, s => s.State == KnownResourceStates.Running && s.HealthStatus == HealthStatus.Healthy, cancellationToken);

    public async Task<ResourceSnapshot> WaitForResourceAsync(string resourceName, Func<ResourceSnapshot, bool> predicate,
        CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task changed;
            lock (_gate) changed = _changed.Task;
            var snapshot = GetSnapshot(resourceName);
            if (predicate(snapshot)) return snapshot;
            if (snapshot.State == KnownResourceStates.FailedToStart)
                throw new DistributedApplicationException($"Resource '{resourceName}' failed to start.");
            await changed.WaitAsync(cancellationToken);
        }
    }

    internal ResourceSnapshot Publish(string resourceName, Func<ResourceSnapshot, ResourceSnapshot> update)
    {
        ResourceSnapshot next;
        TaskCompletionSource previous;
        lock (_gate)
        {
            next = _snapshots.AddOrUpdate(resourceName, _ => update(new ResourceSnapshot(KnownResourceStates.NotStarted)), (_, s) => update(s));
            previous = _changed;
            _changed = NewSignal();
        }
        previous.TrySetResult();
        Changed?.Invoke(new ResourceEvent(resourceName, next));
        return next;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

public sealed class DistributedApplicationException(string message, Exception? inner = null) : Exception(message, inner);

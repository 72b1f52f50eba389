using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Shortener.AppHost.Supervision;

/// <summary>
/// Aspire waits silently for ever when a resource cannot start (a server that exits, a program that is not there).
/// This watches the start: a resource that fails to start, or an infrastructure resource that exits with an error
/// before everything is up, or anything not up within AppHost:StartTimeout, is named with its last lines and the
/// AppHost exits non-zero. Once everything is up it prints where the app is.
/// </summary>
internal sealed class StartupWatch(DistributedApplicationModel model, ResourceNotificationService notifications,
    ResourceLogTail tails, ConsoleReport console, AppHostSettings settings, IHostApplicationLifetime lifetime) : IBackgroundWatch
{
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var expected = model.Resources.Where(r => r is not ParameterResource).Select(r => r.Name).ToHashSet();
        var latest = new Dictionary<string, ResourceEvent>();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        deadline.CancelAfter(settings.StartTimeout);
        try
        {
            await foreach (var change in notifications.WatchAsync(deadline.Token))
            {
                if (change.Snapshot.IsHidden) expected.Remove(change.Resource.Name); // Aspire's own helpers (the dashboard, rebuilders)
                if (!expected.Contains(change.Resource.Name)) continue;
                latest[change.ResourceId] = change;
                if (Failure(change) is { } failure)
                {
                    Fail(failure, change.ResourceId);
                    return;
                }
                if (expected.All(name => latest.Values.Any(e => e.Resource.Name == name)) && latest.Values.All(IsUp))
                {
                    await ReportReadyAsync(latest.Values, stoppingToken);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            var waiting = expected.Where(name => !latest.Values.Any(e => e.Resource.Name == name && IsUp(e))).ToList();
            var first = latest.Values.FirstOrDefault(e => waiting.Contains(e.Resource.Name));
            Fail($"Not up after {settings.StartTimeout.TotalSeconds:0} s (AppHost:StartTimeout): " +
                string.Join(", ", waiting.Select(name => $"{name} ({Describe(latest.Values.FirstOrDefault(e => e.Resource.Name == name))})")) + ".",
                first?.ResourceId);
        }
    }

    private static string? Failure(ResourceEvent change)
    {
        var state = change.Snapshot.State?.Text;
        if (state == KnownResourceStates.FailedToStart) return $"{change.ResourceId} failed to start.";
        // Services that crash are the crash policy's; a server or init step that fails leaves the app waiting for ever.
        if (change.Resource is not ProjectResource && ServiceCrashWatch.IsExited(state)
            && change.Snapshot.ExitCode is not (null or 0))
            return $"{change.ResourceId} exited with code {change.Snapshot.ExitCode} before the app was up.";
        return null;
    }

    private static bool IsUp(ResourceEvent e)
    {
        var snapshot = e.Snapshot;
        var state = snapshot.State?.Text;
        if (ServiceCrashWatch.IsExited(state)) return snapshot.ExitCode is 0 && e.Resource is not ProjectResource;
        return (state == KnownResourceStates.Running || state == KnownResourceStates.Active)
            && (snapshot.HealthReports.IsEmpty || snapshot.HealthStatus == HealthStatus.Healthy);
    }

    private static string Describe(ResourceEvent? e) => e is null
        ? "no state yet"
        : $"{e.Snapshot.State?.Text ?? "no state"}{(e.Snapshot.HealthStatus is { } health ? $", {health}" : "")}";

    private void Fail(string headline, string? resourceId)
    {
        console.Problem(resourceId is null ? headline : $"{headline} Last lines of {resourceId}:", resourceId is null ? [] : tails.LastLines(resourceId, 20));
        Environment.ExitCode = 3;
        lifetime.StopApplication();
    }

    private async Task ReportReadyAsync(IEnumerable<ResourceEvent> resources, CancellationToken ct)
    {
        var api = resources.FirstOrDefault(e => e.Resource.Name == "api");
        var url = api?.Snapshot.Urls.FirstOrDefault(u => u.Name == "http" && !u.IsInternal)?.Url ?? "(no url)";
        var key = model.Resources.OfType<ParameterResource>().FirstOrDefault(p => p.Name == "admin-api-key");
        console.Ready(url, key is null ? "(none)" : await key.GetValueAsync(ct) ?? "(none)");
    }
}

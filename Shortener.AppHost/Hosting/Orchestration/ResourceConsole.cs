using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Shortener.Hosting;

/// <summary>What a person at the terminal sees: state changes, the resource table once all is healthy, and what is still pending.</summary>
internal static class ResourceConsole
{
    public static void Follow(DistributedApplication app, DataDirectories data)
    {
        var notifications = app.ResourceNotifications;
        var tableShown = 0;
        notifications.Changed += e =>
        {
            if (app.Resources.FirstOrDefault(r => r.Name == e.ResourceName) is ParameterResource) return;
            var health = e.Snapshot.HealthStatus is { } h ? $" ({h})" : "";
            var exit = e.Snapshot.ExitCode is { } c ? $" exit code {c}" : "";
            ResourceLogger.AppHost($"{e.ResourceName}: {e.Snapshot.State}{health}{exit}");
            if (AllHealthy(app) && Interlocked.Exchange(ref tableShown, 1) == 0) Console.Out.Write(Table(app, data));
        };
        _ = ReportWhileWaitingAsync(app);
    }

    private static bool AllHealthy(DistributedApplication app) => app.Resources.Where(r => r is not ParameterResource)
        .All(r => app.ResourceNotifications.GetSnapshot(r.Name) is { State: KnownResourceStates.Running, HealthStatus: HealthStatus.Healthy });

    /// <summary>Never hang silently: every 15 s until everything is healthy, say what is still pending and why.</summary>
    private static async Task ReportWhileWaitingAsync(DistributedApplication app)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(15));
        while (await timer.WaitForNextTickAsync() && !AllHealthy(app))
        {
            var pending = app.Resources.Where(r => r is not ParameterResource)
                .Select(r => (r.Name, Snapshot: app.ResourceNotifications.GetSnapshot(r.Name)))
                .Where(x => x.Snapshot is not { State: KnownResourceStates.Running, HealthStatus: HealthStatus.Healthy })
                .Select(x => $"{x.Name} {x.Snapshot.State}" + (x.Snapshot.HealthStatus is { } h ? $"/{h}" : ""));
            ResourceLogger.AppHost($"still waiting for: {string.Join(", ", pending)}");
        }
    }

    private static string Table(DistributedApplication app, DataDirectories data)
    {
        var sb = new StringBuilder().AppendLine();
        sb.AppendLine($"  {"resource",-12} {"state",-10} {"health",-9} url");
        foreach (var resource in app.Resources.Where(r => r is not ParameterResource))
        {
            var s = app.ResourceNotifications.GetSnapshot(resource.Name);
            var url = resource is ProjectResource p ? p.HttpUrl.ToString().TrimEnd('/') : s.Url ?? "";
            sb.AppendLine($"  {resource.Name,-12} {s.State,-10} {s.HealthStatus?.ToString() ?? "-",-9} {url}");
        }
        foreach (var parameter in app.Resources.OfType<ParameterResource>().Where(p => p.Name == "admin-api-key"))
            sb.AppendLine().AppendLine($"  Admin API key: {parameter.Value}" + (parameter.Generated ? $" (generated; kept in {data.SecretsFile})" : ""));
        sb.AppendLine($"  Logs: {data.Logs}   Stop: Ctrl+C").AppendLine();
        return sb.ToString();
    }
}

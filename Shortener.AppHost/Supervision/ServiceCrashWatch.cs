using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Shortener.AppHost.Supervision;

/// <summary>
/// Applies AppHost:OnServiceCrash to the services (project resources), which Aspire leaves exited: a service that
/// exits with a non-zero code without having been asked to stop is reported with its exit code and last lines, then
/// started again after a backoff (1 s, doubling, up to MaxRestartDelay; back to 1 s once it stayed healthy a minute),
/// or the whole app is stopped, or it is left as it is.
/// </summary>
internal sealed class ServiceCrashWatch(ResourceNotificationService notifications, ResourceCommandService commands,
    ResourceLogTail tails, ConsoleReport console, AppHostSettings settings, IHostApplicationLifetime lifetime,
    TimeProvider time, ILogger<ServiceCrashWatch> logger) : IBackgroundWatch
{
    private static readonly TimeSpan s_stableAfter = TimeSpan.FromMinutes(1);

    private sealed class Watched
    {
        public string? State;
        public int Crashes;
        public DateTimeOffset? HealthySince;
    }

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var watched = new Dictionary<string, Watched>();
        await foreach (var change in notifications.WatchAsync(stoppingToken))
        {
            if (change.Resource is not ProjectResource) continue;
            if (!watched.TryGetValue(change.ResourceId, out var service)) watched[change.ResourceId] = service = new Watched();
            var snapshot = change.Snapshot;
            var state = snapshot.State?.Text;
            var previous = service.State;
            service.State = state;
            if (snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy) service.HealthySince ??= time.GetUtcNow();
            else if (state != KnownResourceStates.Running) service.HealthySince = null;

            // A stop asked for (a command, Ctrl+C) passes through Stopping; a crash goes straight from Running to Exited.
            if (state == previous || !IsExited(state)
                || snapshot.ExitCode is null or 0 || previous == KnownResourceStates.Stopping || stoppingToken.IsCancellationRequested)
                continue;

            if (service.HealthySince is { } since && time.GetUtcNow() - since >= s_stableAfter) service.Crashes = 0;
            service.HealthySince = null;
            service.Crashes++;
            var headline = $"{change.ResourceId} crashed: exit code {snapshot.ExitCode}.";
            logger.LogError("{Service} crashed with exit code {ExitCode}", change.ResourceId, snapshot.ExitCode);
            switch (settings.OnServiceCrash)
            {
                case CrashPolicy.Restart:
                    var delay = RestartDelay(service.Crashes);
                    console.Problem($"{headline} Restarting it in {delay.TotalSeconds:0.#} s. Its last lines:", tails.LastLines(change.ResourceId));
                    _ = RestartLaterAsync(change.ResourceId, delay, stoppingToken);
                    break;
                case CrashPolicy.StopApp:
                    console.Problem($"{headline} Stopping the app (AppHost:OnServiceCrash=StopApp). Its last lines:", tails.LastLines(change.ResourceId));
                    Environment.ExitCode = 3;
                    lifetime.StopApplication();
                    break;
                default:
                    console.Problem($"{headline} Left exited (AppHost:OnServiceCrash=Ignore). Its last lines:", tails.LastLines(change.ResourceId));
                    break;
            }
        }
    }

    internal static bool IsExited(string? state) => state == KnownResourceStates.Exited || state == KnownResourceStates.Finished;

    private TimeSpan RestartDelay(int crashes) =>
        TimeSpan.FromSeconds(Math.Min(Math.Pow(2, Math.Min(crashes - 1, 16)), settings.MaxRestartDelay.TotalSeconds));

    private async Task RestartLaterAsync(string resourceId, TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, time, ct);
            // Someone may have started it meanwhile.
            if (notifications.TryGetCurrentState(resourceId, out var current)
                && !IsExited(current.Snapshot.State?.Text)) return;
            var result = await commands.ExecuteCommandAsync(resourceId, KnownResourceCommands.StartCommand, ct);
            if (!result.Success) logger.LogError("Restarting {Service} failed: {Error}", resourceId, result.Message);
        }
        catch (OperationCanceledException) { }
    }
}

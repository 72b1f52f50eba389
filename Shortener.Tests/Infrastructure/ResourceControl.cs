using System.Diagnostics;

namespace Shortener.Tests.Infrastructure;

/// <summary>
/// Stop, start and kill resources the way a person at the Aspire dashboard (or a crash) would: Aspire's own resource
/// commands, and SIGKILL by the pid in the resource's snapshot. A resource is named by its name, or by its id when it
/// has replicas (see <see cref="ReplicaIdsAsync"/>).
/// </summary>
public static class ResourceControl
{
    private static readonly TimeSpan s_wait = TimeSpan.FromMinutes(2);

    public static async Task StopResourceAsync(this DistributedApplication app, string resource)
    {
        await CommandAsync(app, resource, KnownResourceCommands.StopCommand);
        await WaitForStateAsync(app, resource, IsExited, "to exit");
    }

    public static async Task StartResourceAsync(this DistributedApplication app, string resource)
    {
        await CommandAsync(app, resource, KnownResourceCommands.StartCommand);
        await WaitForStateAsync(app, resource, s => !IsExited(s), "to start");
    }

    /// <summary>SIGKILL to the resource's process and its children (a service runs under `dotnet run`), then waits until Aspire sees it exited.</summary>
    public static async Task KillResourceAsync(this DistributedApplication app, string resource)
    {
        var pid = ProcessId(app, resource) ?? throw new InvalidOperationException($"{resource} has no process ({app.Describe(resource)}).");
        foreach (var process in ProcessTree(pid).Reverse()) Kill(process);
        await WaitForStateAsync(app, resource, IsExited, "to be seen exited after SIGKILL");
    }

    /// <summary>The pid DCP started for the resource, from its snapshot.</summary>
    public static int? ProcessId(this DistributedApplication app, string resource) =>
        Current(app, resource).Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } value
            ? Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)
            : null;

    /// <summary>
    /// The resource's own process: DCP starts a project with `dotnet run`, whose pid the snapshot holds, and the
    /// service is its child. For an executable, its pid.
    /// </summary>
    public static int? ServiceProcessId(this DistributedApplication app, string resource) =>
        ProcessId(app, resource) is { } pid ? ProcessTree(pid).Skip(1).Cast<int?>().FirstOrDefault() ?? pid : null;

    /// <summary>The ids of a resource's instances (one, or one per replica), as resource commands and logs name them.</summary>
    public static async Task<IReadOnlyList<string>> ReplicaIdsAsync(this DistributedApplication app, string resource)
    {
        var count = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == resource).GetReplicaCount();
        var ids = new List<string>();
        using var timeout = new CancellationTokenSource(s_wait);
        while (ids.Count < count)
            ids.Add((await app.ResourceNotifications.WaitForResourceAsync(resource, e => !ids.Contains(e.ResourceId), timeout.Token)).ResourceId);
        return ids;
    }

    /// <summary>Every resource's state, for failure messages.</summary>
    public static string DescribeAll(this DistributedApplication app) => string.Join("; ",
        app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Select(r => $"{r.Name}: {app.Describe(r.Name)}"));

    public static string Describe(this DistributedApplication app, string resource) =>
        app.ResourceNotifications.TryGetCurrentState(resource, out var e)
            ? $"{e.Snapshot.State?.Text ?? "no state"}, health {e.Snapshot.HealthStatus?.ToString() ?? "none"}, exit code {e.Snapshot.ExitCode?.ToString() ?? "none"}"
            : "no state";

    private static async Task CommandAsync(DistributedApplication app, string resource, string command)
    {
        var result = await app.ResourceCommands.ExecuteCommandAsync(resource, command);
        if (!result.Success) throw new InvalidOperationException($"{command} {resource} failed: {result.Message} ({app.Describe(resource)}).");
    }

    private static ResourceEvent Current(DistributedApplication app, string resource) =>
        app.ResourceNotifications.TryGetCurrentState(resource, out var e) ? e : throw new InvalidOperationException($"{resource} has no state.");

    private static async Task<ResourceEvent> WaitForStateAsync(DistributedApplication app, string resource, Func<string?, bool> state, string what)
    {
        using var timeout = new CancellationTokenSource(s_wait);
        var id = Current(app, resource).ResourceId;
        try
        {
            await foreach (var e in app.ResourceNotifications.WatchAsync(timeout.Token))
                if (e.ResourceId == id && state(e.Snapshot.State?.Text)) return e;
        }
        catch (OperationCanceledException) { }
        throw new TimeoutException($"{resource} did not come {what} within {s_wait.TotalSeconds:0} s ({app.Describe(resource)}).");
    }

    private static bool IsExited(string? state) => state == KnownResourceStates.Exited || state == KnownResourceStates.Finished;

    /// <summary>The process and its descendants, parents first.</summary>
    private static IEnumerable<int> ProcessTree(int pid)
    {
        yield return pid;
        foreach (var task in SafeDirectories($"/proc/{pid}/task"))
        {
            var children = File.Exists($"{task}/children") ? File.ReadAllText($"{task}/children") : "";
            foreach (var child in children.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                foreach (var descendant in ProcessTree(int.Parse(child, System.Globalization.CultureInfo.InvariantCulture)))
                    yield return descendant;
        }
    }

    private static string[] SafeDirectories(string path)
    {
        try { return Directory.GetDirectories(path); }
        catch (DirectoryNotFoundException) { return []; }
    }

    private static void Kill(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
        }
        catch (ArgumentException) { } // gone already
        catch (InvalidOperationException) { }
    }
}

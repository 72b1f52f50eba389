namespace Shortener.Hosting;

/// <summary>Aspire's resource commands (resource-stop, resource-start, resource-restart), plus resource-kill for chaos tests.</summary>
public sealed class ResourceCommandService
{
    public const string Stop = "resource-stop";
    public const string Start = "resource-start";
    public const string Restart = "resource-restart";
    public const string Kill = "resource-kill";

    private readonly ApplicationOrchestrator _orchestrator;

    internal ResourceCommandService(ApplicationOrchestrator orchestrator) => _orchestrator = orchestrator;

    public async Task ExecuteCommandAsync(string resourceName, string commandName, CancellationToken cancellationToken = default)
    {
        var supervisor = _orchestrator.Get(resourceName);
        switch (commandName)
        {
            case Stop:
                await supervisor.StopAsync().WaitAsync(cancellationToken);
                break;
            case Start:
                await supervisor.StartAsync().WaitAsync(cancellationToken);
                break;
            case Restart:
                await supervisor.StopAsync().WaitAsync(cancellationToken);
                await supervisor.StartAsync().WaitAsync(cancellationToken);
                break;
            case Kill:
                var before = _orchestrator.Notifications.GetSnapshot(resourceName);
                supervisor.Kill();
                if (before.State == KnownResourceStates.Running && supervisor.Runner is ProcessRunner)
                    await _orchestrator.Notifications.WaitForResourceAsync(resourceName, s => s.State != KnownResourceStates.Running, cancellationToken);
                break;
            default:
                throw new ArgumentException($"Unknown command '{commandName}'.", nameof(commandName));
        }
    }
}

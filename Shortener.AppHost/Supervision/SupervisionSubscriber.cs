using Aspire.Hosting.Eventing;
using Aspire.Hosting.Lifecycle;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Shortener.AppHost.Supervision;

/// <summary>
/// Starts the watches before the orchestrator starts any resource. They cannot be hosted services: the orchestrator's
/// own start does not return until every resource is up, and watching the start is the point.
/// </summary>
internal sealed class SupervisionSubscriber(IEnumerable<IBackgroundWatch> watches, IHostApplicationLifetime lifetime,
    ILogger<SupervisionSubscriber> logger) : IDistributedApplicationEventingSubscriber
{
    public Task SubscribeAsync(IDistributedApplicationEventing eventing, DistributedApplicationExecutionContext executionContext, CancellationToken cancellationToken)
    {
        if (!executionContext.IsRunMode) return Task.CompletedTask;
        eventing.Subscribe<BeforeStartEvent>((_, _) =>
        {
            foreach (var watch in watches) _ = RunAsync(watch, lifetime.ApplicationStopping);
            return Task.CompletedTask;
        });
        return Task.CompletedTask;
    }

    private async Task RunAsync(IBackgroundWatch watch, CancellationToken stopping)
    {
        try
        {
            await Task.Run(() => watch.RunAsync(stopping), stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested) { }
        catch (Exception e)
        {
            logger.LogError(e, "{Watch} stopped working", watch.GetType().Name);
        }
    }
}

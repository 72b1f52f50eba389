namespace Shortener.AppHost.Supervision;

/// <summary>A loop that watches the app while it runs, started by <see cref="SupervisionSubscriber"/>.</summary>
internal interface IBackgroundWatch
{
    Task RunAsync(CancellationToken stoppingToken);
}

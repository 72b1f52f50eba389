using Microsoft.Extensions.Hosting;

namespace Shortener.Core.Data;

/// <summary>Runs migrations before the service's other hosted services and before it starts listening.</summary>
public sealed class MigrationHostedService(DatabaseMigrator migrator) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => migrator.MigrateAsync(cancellationToken);
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

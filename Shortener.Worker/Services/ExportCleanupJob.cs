using Microsoft.Extensions.Options;
using Npgsql;
using Shortener.Worker.Exports;

namespace Shortener.Worker.Services;

/// <summary>Runs the export clean-up every Worker:Exports:CleanupInterval.</summary>
public sealed class ExportCleanupJob(ExportCleanup cleanup, IOptions<ExportOptions> options, TimeProvider time, ILogger<ExportCleanupJob> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CleanupInterval, time);
        do
        {
            try
            {
                var chunks = await cleanup.RunAsync(stoppingToken);
                if (chunks > 0) logger.LogInformation("Deleted {Chunks} chunks of expired exports", chunks);
            }
            catch (NpgsqlException e)
            {
                logger.LogError(e, "Deleting expired exports failed; retrying at the next run");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

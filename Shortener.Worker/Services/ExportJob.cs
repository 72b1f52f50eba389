using Microsoft.Extensions.Options;
using Npgsql;
using Shortener.Worker.Exports;

namespace Shortener.Worker.Services;

/// <summary>Takes pending CSV exports one at a time, drains the queue, then polls again.</summary>
public sealed class ExportJob(ExportClaims claims, ExportWriter writer, IOptions<ExportOptions> options, TimeProvider time,
    ILogger<ExportJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval, time);
        do
        {
            try
            {
                while (await claims.ClaimAsync(stoppingToken) is { } job) await RunAsync(job, stoppingToken);
            }
            catch (NpgsqlException e)
            {
                logger.LogError(e, "Could not claim or release an export; retrying at the next poll");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task RunAsync(ExportJobRef job, CancellationToken ct)
    {
        try
        {
            await writer.WriteAsync(job, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: hand the job back now rather than let it wait out its lease.
            await claims.ReleaseAsync(job, error: null, CancellationToken.None);
            throw;
        }
        catch (Exception e)
        {
            logger.LogError(e, "Export {Id} attempt {Attempt} failed", job.Id, job.Attempt);
            await claims.ReleaseAsync(job, $"{e.GetType().Name}: {e.Message}", ct);
        }
    }
}

using Microsoft.Extensions.Options;
using Npgsql;
using Shortener.Worker.Imports;

namespace Shortener.Worker.Services;

/// <summary>Takes pending imports one at a time, drains the queue, then polls again (as <see cref="ExportJob"/> does).</summary>
public sealed class ImportJob(ImportClaims claims, ImportRunner runner, IOptions<ImportOptions> options, TimeProvider time,
    ILogger<ImportJob> logger) : BackgroundService
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
                logger.LogError(e, "Could not claim or finish an import; retrying at the next poll");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task RunAsync(ImportJobRef job, CancellationToken ct)
    {
        try
        {
            var refused = await runner.RunAsync(job, ct);
            await claims.FinishAsync(job, refused, final: refused is not null, ct);
            logger.LogInformation("Import {Id} attempt {Attempt} finished{Why}", job.Id, job.Attempt, refused is null ? "" : ": " + refused);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: the committed batches stay; the next attempt starts after them once the lease ends.
            throw;
        }
        catch (Exception e)
        {
            logger.LogError(e, "Import {Id} attempt {Attempt} failed", job.Id, job.Attempt);
            await claims.FinishAsync(job, $"{e.GetType().Name}: {e.Message}", final: false, ct);
        }
    }
}

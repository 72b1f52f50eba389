using Microsoft.Extensions.Options;
using Npgsql;
using Shortener.Core.Stats;
using Shortener.Worker.Rollups;

namespace Shortener.Worker.Services;

/// <summary>Runs the daily rollups (links, then sites) on their cron schedule. A failed run commits nothing, so the next one redoes its work.</summary>
public sealed class RollupJob(DailyRollup rollup, SiteRollup sites, IOptions<RollupOptions> options, TimeProvider time, ILogger<RollupJob> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        var schedule = options.Value.TryParse()!;
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            if (schedule.GetNextOccurrence(now, TimeZoneInfo.Utc) is not { } next) return;
            await Task.Delay(next - now, time, stoppingToken);
            try
            {
                await rollup.RunAsync(stoppingToken);
                await sites.RunAsync(stoppingToken);
            }
            catch (NpgsqlException e)
            {
                logger.LogError(e, "The daily rollup failed; nothing of it was committed and the next run starts from the same watermark");
            }
        }
    }
}

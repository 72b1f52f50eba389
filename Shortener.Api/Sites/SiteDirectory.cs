using System.Collections.Frozen;
using Npgsql;

namespace Shortener.Api.Sites;

/// <summary>
/// The registered site ids, in memory, so ingestion checks a site without waiting on PostgreSQL. Loaded before the
/// api serves, refreshed every <see cref="RefreshInterval"/> (sites registered or deleted on another instance show
/// within it), and changed at once by this instance's own registrations and deletions.
/// </summary>
public sealed class SiteDirectory(SiteStore store, TimeProvider time, ILogger<SiteDirectory> logger) : BackgroundService
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(2);

    private readonly Lock _lock = new();
    private FrozenSet<string> _ids = FrozenSet<string>.Empty;
    private readonly HashSet<string> _added = [], _removed = [];

    public bool IsRegistered(string siteId)
    {
        lock (_lock) return !_removed.Contains(siteId) && (_added.Contains(siteId) || _ids.Contains(siteId));
    }

    public void Registered(string siteId)
    {
        lock (_lock)
        {
            _removed.Remove(siteId);
            _added.Add(siteId);
        }
    }

    public void Deleted(string siteId)
    {
        lock (_lock)
        {
            _added.Remove(siteId);
            _removed.Add(siteId);
        }
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the api answers: until loaded, every event would be refused as of an unknown site.
        for (var attempt = 0; !await RefreshAsync(cancellationToken); attempt++)
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2000, 100 << Math.Min(attempt, 5))), time, cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RefreshInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken)) await RefreshAsync(stoppingToken);
    }

    private async Task<bool> RefreshAsync(CancellationToken ct)
    {
        try
        {
            // Local changes made while the read ran are kept; older ones are in what was read.
            HashSet<string> addedBefore, removedBefore;
            lock (_lock) (addedBefore, removedBefore) = ([.. _added], [.. _removed]);
            var ids = (await store.AllIdsAsync(ct)).ToFrozenSet(StringComparer.Ordinal);
            lock (_lock)
            {
                _ids = ids;
                _added.ExceptWith(addedBefore);
                _removed.ExceptWith(removedBefore);
            }
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException && !ct.IsCancellationRequested)
        {
            // Ingestion goes on with the ids it has; a site registered meanwhile on another instance waits for the next read.
            logger.LogWarning(e, "Could not refresh the registered sites; keeping the {Count} known", _ids.Count);
            return false;
        }
    }
}

using System.Collections.Concurrent;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Shortener.Api.Live;

/// <summary>A link's slug and owner, which never change once it exists.</summary>
public sealed record LinkLabel(string Slug, long? OwnerId);

/// <summary>
/// Slugs and owners of the links whose clicks go by, for the connections that watch more than one link: looked up in
/// PostgreSQL once per link, all the links missing from a read in one query, and kept (bounded; emptied when full).
/// </summary>
public sealed class LiveLinkDirectory(NpgsqlDataSource db, IOptions<LiveOptions> options, ILogger<LiveLinkDirectory> logger)
{
    private readonly ConcurrentDictionary<long, LinkLabel> _labels = new();

    public LinkLabel? Find(long linkId) => _labels.GetValueOrDefault(linkId);

    public void Remember(long linkId, LinkLabel label)
    {
        if (_labels.Count >= options.Value.LinkCacheCapacity) _labels.Clear();
        _labels[linkId] = label;
    }

    /// <summary>
    /// Looks up the links not known yet. A database outage is logged and leaves them unknown: their clicks are not shown to
    /// the connections that need the owner, and the feed goes on for everyone else.
    /// </summary>
    public async Task LoadAsync(IEnumerable<long> linkIds, CancellationToken ct)
    {
        var missing = linkIds.Where(id => !_labels.ContainsKey(id)).Distinct().ToArray();
        if (missing.Length == 0) return;
        try
        {
            await using var conn = await db.OpenConnectionAsync(ct);
            var rows = await conn.QueryAsync<LinkLabelRow>(new CommandDefinition(
                "SELECT id AS Id, slug AS Slug, owner_id AS OwnerId FROM links WHERE id = ANY(@missing)", new { missing }, cancellationToken: ct));
            foreach (var row in rows) Remember(row.Id, new LinkLabel(row.Slug, row.OwnerId));
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            logger.LogWarning(e, "Could not look up {Count} links for the live feed; their clicks are not shown on streams of several links", missing.Length);
        }
    }

    private sealed record LinkLabelRow(long Id, string Slug, long? OwnerId);
}

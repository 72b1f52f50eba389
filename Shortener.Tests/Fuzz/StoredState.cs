using Dapper;
using Shortener.Core;
using Shortener.Core.Clicks;
using Shortener.Tests.Infrastructure;
using StackExchange.Redis;

namespace Shortener.Tests.Fuzz;

/// <summary>
/// A fingerprint of what the endpoints write, to tell that a refused request changed nothing. Left out, because they
/// change without any request or on every request, refused or not:
/// - clicks, daily_stats, rollup_*, click_batches, link_creations, links.total_clicks, and the exports' progress
///   (status, times, counts) and export_chunks: the worker, the rollup and analytics write them in the background;
/// - the Redis link cache (link:*): every lookup fills it, a 404's included (a miss is cached briefly);
/// - rate-limit buckets (rl:*): every request draws from one, and a wrong password is meant to;
/// - clicks:stream, clicks:dlq, heartbeats and send counters: the worker and the api's flusher move them all the time;
/// - events, site_daily_*, event_batches and events:stream: an accepted event reaches them a moment later, in the background.
/// What is left is exactly what a handler writes when it accepts a request: links, users, keys, sites, the change outbox,
/// export jobs, click quotas (served:*) and the link-change stream.
/// </summary>
public static class StoredState
{
    private const string Sql = """
        SELECT md5(coalesce(string_agg(row, E'\n' ORDER BY row), '')) FROM (
            SELECT concat_ws('|', 'link', id, slug, original_url, owner_id, created_at, updated_at, is_deleted, expires_at, max_clicks, password_hash) FROM links
            UNION ALL SELECT concat_ws('|', 'user', id, name, is_admin) FROM users
            UNION ALL SELECT concat_ws('|', 'key', id, user_id, prefix, key_hash, revoked_at) FROM api_keys
            UNION ALL SELECT concat_ws('|', 'outbox', id, type, link_id) FROM link_changes_outbox
            UNION ALL SELECT concat_ws('|', 'export', id, link_id, requested_at) FROM exports
            UNION ALL SELECT concat_ws('|', 'site', site_id, name, owner_id, created_at) FROM sites
        ) t(row)
        """;

    public static async Task<string> ReadAsync(AppFixture app, IConnectionMultiplexer redis)
    {
        await using var conn = await app.OpenDatabaseAsync();
        var database = await conn.ExecuteScalarAsync<string>(Sql);
        var db = redis.GetDatabase();
        var quotas = new List<string>();
        foreach (var server in redis.GetServers())
            await foreach (var key in server.KeysAsync(pattern: "served:*", pageSize: 1000))
                quotas.Add($"{key}={await db.StringGetAsync(key)}");
        quotas.Sort(StringComparer.Ordinal);
        var changes = await db.StreamLengthAsync(LinkEvents.ChangesStream);
        return $"db {database}; quotas {string.Join(",", quotas)}; {LinkEvents.ChangesStream} {changes}";
    }
}

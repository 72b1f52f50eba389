using Npgsql;
using Shortener.Core.Webhooks;

namespace Shortener.Worker.Webhooks;

/// <summary>
/// Queues link.clicked for the clicks a transaction has just inserted, inside that transaction: the deliveries commit
/// with their clicks or not at all, so a worker killed at any moment neither loses nor doubles one. The clicks are found
/// by their ingest_xid, which is the transaction's own id, so a redelivered stream entry (its clicks were stored before,
/// and the insert skipped them) queues nothing. A delivery's id (its webhook-id) is made of the endpoint and the click's
/// event id, so even a second fan-out of the same click could not queue it twice.
/// With no endpoint subscribed the statement reads only webhook_endpoints: the clicks are read per endpoint (LATERAL).
/// </summary>
public static class ClickFanout
{
    private static readonly string s_clickData = $"""
        jsonb_build_object('event_id', x.event_id, 'link_id', x.link_id, 'slug', x.slug, 'url', x.original_url,
            'occurred_at', {WebhookJson.Time("x.occurred_at")}, 'country', x.country, 'referrer', x.referrer,
            'referrer_host', x.referrer_host, 'user_agent', x.user_agent, 'browser', x.browser, 'os', x.os,
            'device_type', x.device_type, 'is_bot', x.is_bot, 'visitor_hash', encode(x.visitor_hash, 'hex'))
        """;

    private static readonly string s_sql = $"""
        INSERT INTO webhook_deliveries (id, endpoint_id, event, payload, next_attempt_at, created_at)
        SELECT md5('click:' || e.id || ':' || x.event_id)::uuid, e.id, '{WebhookEvents.LinkClicked}',
               {WebhookJson.Body($"'{WebhookEvents.LinkClicked}'", "x.occurred_at", s_clickData)}, now(), now()
        FROM (SELECT id, owner_id, all_links, slugs FROM webhook_endpoints
              WHERE enabled AND deleted_at IS NULL AND '{WebhookEvents.LinkClicked}' = ANY(events)) e
        CROSS JOIN LATERAL (
            SELECT c.event_id, c.link_id, c.occurred_at, c.country, c.referrer, c.referrer_host, c.user_agent, c.browser, c.os,
                   c.device_type, c.is_bot, c.visitor_hash, l.slug, l.original_url
            FROM clicks c JOIN links l ON l.id = c.link_id
            WHERE c.ingest_xid = pg_current_xact_id()
              AND (e.all_links OR l.owner_id = e.owner_id) AND (e.slugs IS NULL OR l.slug = ANY(e.slugs))) x
        ON CONFLICT DO NOTHING
        """;

    /// <returns>How many deliveries were queued.</returns>
    public static async Task<int> QueueAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(s_sql, conn, tx);
        return await command.ExecuteNonQueryAsync(ct);
    }
}

using Npgsql;
using Shortener.Core.Webhooks;

namespace Shortener.Worker.Webhooks;

/// <summary>
/// Queues link.clicked for the clicks a transaction has just inserted, inside that transaction: the deliveries commit
/// with their clicks or not at all, so a worker killed at any moment neither loses nor doubles one. The clicks are found
/// by their ingest_xid, which is the transaction's own id, so a redelivered stream entry (its clicks were stored before,
/// and the insert skipped them) queues nothing. A delivery's id (its webhook-id) is made of the click's event id and the
/// endpoint, so even a second fan-out of the same click could not queue it twice. The row holds the click's event id,
/// not a body: the body is built from the stored click when it is sent (<see cref="BodySql"/>). With no endpoint
/// subscribed the statement reads only webhook_endpoints.
/// </summary>
public static class ClickFanout
{
    // The first EXISTS is a one-time filter: with no endpoint for clicks, nothing else is read. An endpoint made by an
    // admin, for every link, needs no look at the links.
    private static readonly string s_sql = $"""
        INSERT INTO webhook_deliveries (id, endpoint_id, event, click_event_id, next_attempt_at, created_at)
        SELECT encode(overlay(uuid_send(c.event_id) PLACING
                   int8send(('x' || right(replace(c.event_id::text, '-', ''), 16))::bit(64)::bigint # e.id) FROM 9 FOR 8), 'hex')::uuid,
               e.id, '{WebhookEvents.LinkClicked}', c.event_id, now(), now()
        FROM webhook_endpoints e
        JOIN clicks c ON c.ingest_xid = pg_current_xact_id()
        WHERE EXISTS (SELECT 1 FROM webhook_endpoints WHERE {Subscribed("")}) AND {Subscribed("e.")}
          AND ((e.all_links AND e.slugs IS NULL) OR EXISTS (SELECT 1 FROM links l WHERE l.id = c.link_id
               AND (e.all_links OR l.owner_id = e.owner_id) AND (e.slugs IS NULL OR l.slug = ANY(e.slugs))))
        ON CONFLICT DO NOTHING
        """;

    private static string Subscribed(string endpoint) =>
        $"{endpoint}enabled AND {endpoint}deleted_at IS NULL AND '{WebhookEvents.LinkClicked}' = ANY({endpoint}events)";

    /// <summary>The body of a link.clicked delivery, from its stored click (c) and link (l): built when it is sent.</summary>
    public static readonly string BodySql = WebhookJson.Body($"'{WebhookEvents.LinkClicked}'", "c.occurred_at", $"""
        jsonb_build_object('event_id', c.event_id, 'link_id', c.link_id, 'slug', l.slug, 'url', l.original_url,
            'occurred_at', {WebhookJson.Time("c.occurred_at")}, 'country', c.country, 'referrer', c.referrer,
            'referrer_host', c.referrer_host, 'user_agent', c.user_agent, 'browser', c.browser, 'os', c.os,
            'device_type', c.device_type, 'is_bot', c.is_bot, 'visitor_hash', encode(c.visitor_hash, 'hex'))
        """);

    /// <returns>How many deliveries were queued.</returns>
    public static async Task<int> QueueAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(s_sql, conn, tx);
        return await command.ExecuteNonQueryAsync(ct);
    }
}

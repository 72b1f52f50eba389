using System.Data.Common;
using Dapper;

namespace Shortener.Core.Webhooks;

/// <summary>
/// Queues link.created, link.updated and link.deleted for every endpoint that wants the link's event, inside the
/// caller's transaction, so the event is queued exactly when the change (or the job step) commits. The body holds the
/// link as it is in that transaction, with its preview.
/// </summary>
public static class LinkEventDeliveries
{
    private static readonly string s_linkData = $"""
        jsonb_build_object('id', l.id, 'slug', l.slug, 'url', l.original_url, 'owner_id', l.owner_id,
            'created_at', {WebhookJson.Time("l.created_at")}, 'updated_at', {WebhookJson.Time("l.updated_at")},
            'expires_at', {WebhookJson.Time("l.expires_at")}, 'max_clicks', l.max_clicks,
            'password_protected', l.password_hash IS NOT NULL, 'deleted', l.is_deleted,
            'preview', CASE WHEN p.link_id IS NULL THEN NULL ELSE jsonb_build_object('status_code', p.status_code, 'title', p.title,
                'description', p.description, 'image', p.image, 'fetched_at', {WebhookJson.Time("p.fetched_at")}) END)
        """;

    // A job's deliveries have ids made of the job and the endpoint (and the job's time), so its step could run again
    // without queueing twice.
    private static readonly string s_queueSql = $"""
        INSERT INTO webhook_deliveries (id, endpoint_id, event, payload, next_attempt_at, created_at)
        SELECT webhook_message_id(@now, CASE WHEN @jobId::bigint IS NULL THEN gen_random_uuid()::text ELSE 'job:' || @jobId::bigint || ':' || e.id END),
               e.id, @type, {WebhookJson.Body("@type::text", "@now", s_linkData)}, @now, @now
        FROM links l
        JOIN webhook_endpoints e ON e.enabled AND e.deleted_at IS NULL AND @type = ANY(e.events)
             AND (e.all_links OR e.owner_id = l.owner_id) AND (e.slugs IS NULL OR l.slug = ANY(e.slugs))
        LEFT JOIN link_previews p ON p.link_id = l.id
        WHERE l.id = @linkId
        ON CONFLICT DO NOTHING
        """;

    /// <param name="now">When the event happened: the body's timestamp (for a job, its link's change, so a step run again makes the same ids).</param>
    /// <returns>How many deliveries were queued.</returns>
    public static Task<int> QueueAsync(DbConnection conn, DbTransaction tx, string type, long linkId, DateTimeOffset now, long? jobId,
        CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(s_queueSql, new { type, linkId, now, jobId }, tx, cancellationToken: ct));
}

using Dapper;
using Npgsql;

namespace Shortener.Api.Links;

/// <summary>A link's preview and the state of its latest job (written by the worker), for GET /links/{slug}.</summary>
public sealed class LinkJobsReader(NpgsqlDataSource db)
{
    private sealed record Row
    {
        public int? StatusCode { get; init; }
        public string? Title { get; init; }
        public string? Description { get; init; }
        public string? Image { get; init; }
        public DateTimeOffset? FetchedAt { get; init; }
        public string? JobStatus { get; init; }
        public int JobAttempts { get; init; }
        public string? JobError { get; init; }
        public bool PreviewDone { get; init; }
        public bool WebhooksDone { get; init; }
    }

    public async Task<(LinkPreview? Preview, LinkJobs? Jobs)> ReadAsync(long linkId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleAsync<Row>(new CommandDefinition("""
            SELECT p.status_code AS StatusCode, p.title AS Title, p.description AS Description, p.image AS Image, p.fetched_at AS FetchedAt,
                   j.status AS JobStatus, COALESCE(j.attempts, 0) AS JobAttempts, j.last_error AS JobError,
                   COALESCE(sp.done, false) AS PreviewDone, COALESCE(sw.done, false) AS WebhooksDone
            FROM (SELECT @linkId::bigint AS link_id) k
            LEFT JOIN link_previews p ON p.link_id = k.link_id
            LEFT JOIN LATERAL (SELECT id, status, attempts, last_error FROM link_jobs WHERE link_id = k.link_id ORDER BY id DESC LIMIT 1) j ON true
            LEFT JOIN link_job_steps sp ON sp.job_id = j.id AND sp.step = 'preview'
            LEFT JOIN link_job_steps sw ON sw.job_id = j.id AND sw.step = 'webhooks'
            """, new { linkId }, cancellationToken: ct));
        var preview = row is { StatusCode: { } code, FetchedAt: { } at } ? new LinkPreview(code, row.Title, row.Description, row.Image, at) : null;
        var jobs = row.JobStatus is { } status
            ? new LinkJobs(StepStatus(row.PreviewDone, status), StepStatus(row.WebhooksDone, status), row.JobAttempts, row.JobError)
            : null;
        return (preview, jobs);
    }

    private static string StepStatus(bool done, string jobStatus) => done ? "done" : jobStatus == "failed" ? "failed" : "pending";
}

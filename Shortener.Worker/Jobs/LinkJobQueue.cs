using Dapper;
using Npgsql;
using Shortener.Core.Webhooks;

namespace Shortener.Worker.Jobs;

/// <summary>A claimed job (init properties, so Dapper maps timestamps through our handler).</summary>
public sealed record LinkJob
{
    public long Id { get; init; }
    public long LinkId { get; init; }
    public string Event { get; init; } = "";
    public string Url { get; init; } = "";
    public int Attempt { get; init; }
    public bool LinkDeleted { get; init; }

    /// <summary>When the link was created or retargeted: the time of its event.</summary>
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>
/// link_jobs as a queue (claimed with FOR UPDATE SKIP LOCKED and a lease, like exports) and its steps' records. A step
/// and its done flag commit in one transaction, so a step that committed is never run again, and one that did not left
/// nothing behind.
/// </summary>
public sealed class LinkJobQueue(NpgsqlDataSource db)
{
    public const string PreviewStep = "preview";
    public const string WebhooksStep = "webhooks";

    private const string ClaimSql = """
        UPDATE link_jobs j SET status = 'running', attempts = j.attempts + 1, next_attempt_at = @leaseUntil
        FROM links l
        WHERE j.id = (
            SELECT id FROM link_jobs WHERE status IN ('pending', 'running') AND next_attempt_at <= @now
            ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED)
          AND l.id = j.link_id
        RETURNING j.id AS Id, j.link_id AS LinkId, j.event AS Event, j.url AS Url, j.attempts AS Attempt, l.is_deleted AS LinkDeleted,
                  j.created_at AS CreatedAt
        """;

    private const string StepDoneSql = """
        INSERT INTO link_job_steps (job_id, step, done, done_at, attempts, last_attempt_at) VALUES (@jobId, @step, true, @now, 1, @now)
        ON CONFLICT (job_id, step) DO UPDATE SET done = true, done_at = EXCLUDED.done_at, attempts = link_job_steps.attempts + 1,
            last_attempt_at = EXCLUDED.last_attempt_at
        """;

    private const string StepFailedSql = """
        INSERT INTO link_job_steps (job_id, step, attempts, last_attempt_at, last_error) VALUES (@jobId, @step, 1, @now, @error)
        ON CONFLICT (job_id, step) DO UPDATE SET attempts = link_job_steps.attempts + 1, last_attempt_at = EXCLUDED.last_attempt_at,
            last_error = EXCLUDED.last_error
        """;

    // A job that finishes late never replaces the preview of a newer job of the same link.
    private const string PreviewSql = """
        INSERT INTO link_previews (link_id, job_id, url, status_code, title, description, image, fetched_at)
        VALUES (@LinkId, @jobId, @Url, @StatusCode, @Title, @Description, @Image, @now)
        ON CONFLICT (link_id) DO UPDATE SET job_id = EXCLUDED.job_id, url = EXCLUDED.url, status_code = EXCLUDED.status_code,
            title = EXCLUDED.title, description = EXCLUDED.description, image = EXCLUDED.image, fetched_at = EXCLUDED.fetched_at
        WHERE link_previews.job_id <= EXCLUDED.job_id
        """;

    // Only the attempt that holds the job may finish it; one that lost its lease to another worker leaves it alone.
    private const string FinishSql = """
        UPDATE link_jobs SET status = @status, last_error = @error, next_attempt_at = COALESCE(@next, next_attempt_at),
               finished_at = CASE WHEN @status IN ('done', 'failed') THEN @now END
        WHERE id = @Id AND attempts = @Attempt
        """;

    public async Task<LinkJob?> ClaimAsync(DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<LinkJob>(new CommandDefinition(ClaimSql, new { now, leaseUntil }, cancellationToken: ct));
    }

    public async Task<IReadOnlySet<string>> DoneStepsAsync(long jobId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<string>(new CommandDefinition("SELECT step FROM link_job_steps WHERE job_id = @jobId AND done",
            new { jobId }, cancellationToken: ct))).ToHashSet();
    }

    public async Task StorePreviewAsync(LinkJob job, FetchedPreview preview, DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(PreviewSql, new
        {
            job.LinkId, jobId = job.Id, preview.Url, preview.StatusCode, preview.Title, preview.Description, preview.Image, now,
        }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(StepDoneSql, new { jobId = job.Id, step = PreviewStep, now }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    /// <returns>How many deliveries were queued.</returns>
    public async Task<int> QueueWebhooksAsync(LinkJob job, DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var queued = await LinkEventDeliveries.QueueAsync(conn, tx, job.Event, job.LinkId, job.CreatedAt, job.Id, ct);
        await conn.ExecuteAsync(new CommandDefinition(StepDoneSql, new { jobId = job.Id, step = WebhooksStep, now }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return queued;
    }

    /// <summary>A step with nothing to do (the preview, when previews are off).</summary>
    public async Task StepDoneAsync(long jobId, string step, DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(StepDoneSql, new { jobId, step, now }, cancellationToken: ct));
    }

    public async Task StepFailedAsync(long jobId, string step, string error, DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(StepFailedSql, new { jobId, step, error, now }, cancellationToken: ct));
    }

    /// <param name="status">pending (with <paramref name="next"/>), done or failed.</param>
    public async Task FinishAsync(LinkJob job, string status, string? error, DateTimeOffset? next, DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(FinishSql, new { job.Id, job.Attempt, status, error, next, now }, cancellationToken: ct));
    }
}

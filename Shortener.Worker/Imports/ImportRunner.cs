using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using Shortener.Core;
using Shortener.Core.Imports;
using Shortener.Core.Links;
using Shortener.Core.Slugs;
using StackExchange.Redis;

namespace Shortener.Worker.Imports;

/// <summary>
/// Runs one import attempt: reads the file, then takes its rows in batches, each checked, inserted in one statement
/// (<see cref="LinkBatch"/>; a taken slug skips its row) and committed with the job's progress and the rows it could not
/// import. A later attempt starts after the last committed batch, so no row is imported twice. Imported links keep their
/// slugs and creation times; they get no link job (no preview fetch, no link.created webhook).
/// </summary>
public sealed class ImportRunner(NpgsqlDataSource db, SlugCodec slugs, IConnectionMultiplexer redis, IOptions<ImportOptions> options,
    TimeProvider time, ILogger<ImportRunner> logger)
{
    private const string ProgressSql = """
        UPDATE imports SET processed_rows = processed_rows + @processed, created = created + @created, skipped = skipped + @skipped,
                           failed = failed + @failed, total_rows = @total, lease_until = now() + @lease
        WHERE id = @Id AND attempts = @Attempt AND status = 'running'
        """;

    // At most MaxReportedRows of each outcome per import: the statement counts what the import holds of each already.
    private const string ReportSql = """
        INSERT INTO import_rows (import_id, row_number, outcome, slug, reason)
        SELECT @id, u.row_number, u.outcome, u.slug, u.reason FROM (
            SELECT u.*, row_number() OVER (PARTITION BY u.outcome ORDER BY u.row_number) AS nth
            FROM unnest(@rows::int[], @outcomes::text[], @slugs::text[], @reasons::text[]) AS u(row_number, outcome, slug, reason)) u
        WHERE u.nth + (SELECT count(*) FROM import_rows k WHERE k.import_id = @id AND k.outcome = u.outcome) <= @max
        ON CONFLICT DO NOTHING
        """;

    /// <returns>Null when done; otherwise why the import cannot go on (the job then fails for good).</returns>
    public async Task<string?> RunAsync(ImportJobRef job, CancellationToken ct)
    {
        byte[] file;
        await using (var conn = await db.OpenConnectionAsync(ct))
            file = await conn.QuerySingleAsync<byte[]>(new CommandDefinition("SELECT data FROM import_files WHERE import_id = @Id", job, cancellationToken: ct));
        var rows = ImportFileReader.Read(job.Format, file).Take(ImportFormats.MaxRows + 1).ToList();
        if (rows.Count > ImportFormats.MaxRows) return $"The file has more than {ImportFormats.MaxRows:N0} rows; split it.";

        var reported = job.Reported;
        foreach (var batch in rows.Skip(job.Processed).Chunk(options.Value.BatchRows))
        {
            var outcome = await ImportBatchAsync(job, batch, rows.Count, reported, ct);
            if (outcome is null)
            {
                logger.LogWarning("Import {Id} attempt {Attempt} lost its lease; another attempt goes on", job.Id, job.Attempt);
                return null;
            }
            reported += outcome.Value.Reported;
            await ForgetMissingAsync(outcome.Value.Slugs);
        }
        return null;
    }

    private async Task<(int Reported, List<string> Slugs)?> ImportBatchAsync(ImportJobRef job, ImportRecord[] batch, int total, int reported,
        CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var reports = new List<(int Row, string Outcome, string? Slug, string Reason)>();
        var checkedRows = new List<(ImportRecord Row, NewLinkFields Fields)>(batch.Length);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in batch)
        {
            if (ImportRowCheck.Check(row, now, out var fields) is { } why) reports.Add((row.Row, "failed", null, why));
            else if (fields.Slug is { } slug && !seen.Add(slug)) reports.Add((row.Row, "skipped", slug, "An earlier row of the file has this slug."));
            else checkedRows.Add((row, fields));
        }

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var generated = checkedRows.Count(r => r.Fields.Slug is null);
        var ids = new Queue<long>(generated == 0 ? [] : await conn.QueryAsync<long>(new CommandDefinition(
            "SELECT nextval('links_id_seq') FROM generate_series(1, @generated)", new { generated }, tx, cancellationToken: ct)));
        var links = checkedRows.Select(r =>
        {
            long? id = r.Fields.Slug is null ? ids.Dequeue() : null;
            return new NewLink(r.Row.Row, id, r.Fields.Slug ?? slugs.Encode(id!.Value), r.Fields.Url, r.Fields.CreatedAt, Title: r.Fields.Title,
                Tags: r.Fields.Tags);
        }).ToList();
        var inserted = await LinkBatch.InsertAsync(conn, tx, links, job.OwnerId, queueJobs: false, now, ct);
        foreach (var link in links.Where(l => !inserted.ContainsKey(l.Ordinal)))
            reports.Add((link.Ordinal, "skipped", link.Slug, "The slug is taken."));

        var failed = reports.Count(r => r.Outcome == "failed");
        var kept = reports.OrderBy(r => r.Row).Take(Math.Max(0, 2 * ImportFormats.MaxReportedRows - reported)).ToList();
        var stored = kept.Count == 0 ? 0 : await conn.ExecuteAsync(new CommandDefinition(ReportSql, new
            {
                id = job.Id, rows = kept.Select(r => r.Row).ToArray(), outcomes = kept.Select(r => r.Outcome).ToArray(),
                slugs = kept.Select(r => r.Slug).ToArray(), reasons = kept.Select(r => r.Reason).ToArray(), max = ImportFormats.MaxReportedRows,
            }, tx, cancellationToken: ct));
        var updated = await conn.ExecuteAsync(new CommandDefinition(ProgressSql, new
        {
            job.Id, job.Attempt, processed = batch.Length, created = inserted.Count, skipped = reports.Count - failed, failed, total,
            lease = options.Value.Lease,
        }, tx, cancellationToken: ct));
        if (updated == 0) return null;
        await tx.CommitAsync(ct);
        return (stored, [.. links.Where(l => inserted.ContainsKey(l.Ordinal)).Select(l => l.Slug)]);
    }

    /// <summary>A slug looked up before its import may be cached as missing (10 s): clear that, best effort, in one round trip.</summary>
    private async Task ForgetMissingAsync(List<string> created)
    {
        if (created.Count == 0 || !redis.IsConnected) return;
        try
        {
            var batch = redis.GetDatabase().CreateBatch();
            var sent = created.SelectMany(slug => new Task[]
            {
                batch.KeyDeleteAsync(LinkTargetCache.KeyFor(slug)),
                batch.PublishAsync(RedisChannel.Literal(LinkEvents.InvalidateChannel), slug),
            }).ToList();
            batch.Execute();
            await Task.WhenAll(sent);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning(e, "Could not clear cached misses of {Count} imported links", created.Count);
        }
    }
}

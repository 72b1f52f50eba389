using CsvHelper;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Shortener.Worker.Exports;

/// <summary>
/// Writes one export: the link's clicks, oldest first, as CSV in chunks of export_chunks, all in one transaction that
/// also marks the job done. A crash leaves nothing behind; an attempt that lost its lease to another commits nothing.
/// </summary>
public sealed class ExportWriter(NpgsqlDataSource db, IOptions<ExportOptions> options, ILogger<ExportWriter> logger)
{
    private const int FetchSize = 5000;

    // Referrers and user agents come from strangers: a field starting with = + - @ is escaped so a spreadsheet shows
    // it as text instead of running it.
    private static readonly CsvWriterOptions s_csv = CsvWriterOptions.Default with
    {
        TrueValue = "true", FalseValue = "false", Injection = CsvInjection.Escape,
    };

    // A cursor on the writing connection: rows stream in pages while chunks are inserted on the same transaction.
    private const string CursorSql = $"""
        DECLARE export_rows NO SCROLL CURSOR FOR
        SELECT {ClickCsvRow.Columns} FROM clicks WHERE link_id = @linkId ORDER BY occurred_at, event_id
        """;

    private const string ChunkSql = "INSERT INTO export_chunks (export_id, attempt, seq, data) VALUES (@id, @attempt, @seq, @data)";

    private const string DoneSql = """
        UPDATE exports SET status = 'done', done_attempt = attempts, finished_at = now(), lease_until = NULL,
               row_count = @rows, byte_count = @bytes, error = NULL
        WHERE id = @id AND attempts = @attempt AND status = 'running'
        """;

    /// <returns>False when another attempt took the job over meanwhile (this one's work is rolled back).</returns>
    public async Task<bool> WriteAsync(ExportJobRef job, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(CursorSql, new { linkId = job.LinkId }, tx, cancellationToken: ct));

        var chunkBytes = options.Value.ChunkBytes;
        using var buffer = new MemoryStream(chunkBytes + 64 * 1024);
        long rows = 0, bytes = 0;
        var seq = 0;
        await using (var csv = CsvWriter.Create(buffer, s_csv, leaveOpen: true))
        {
            csv.WriteHeader<ClickCsvRow>();
            while (true)
            {
                var page = (await conn.QueryAsync<ClickCsvRow>(new CommandDefinition($"FETCH {FetchSize} FROM export_rows", transaction: tx,
                    cancellationToken: ct))).AsList();
                foreach (var row in page) csv.WriteRecord(row);
                rows += page.Count;
                await csv.FlushAsync(ct);
                if (buffer.Length >= chunkBytes || (page.Count < FetchSize && buffer.Length > 0))
                {
                    bytes += await SaveChunkAsync(conn, tx, job, seq++, buffer, ct);
                }
                if (page.Count < FetchSize) break;
            }
        }

        var done = await conn.ExecuteAsync(new CommandDefinition(DoneSql, new { id = job.Id, attempt = job.Attempt, rows, bytes }, tx, cancellationToken: ct));
        if (done == 0)
        {
            logger.LogWarning("Export {Id} attempt {Attempt} lost its lease to another attempt; its file is discarded", job.Id, job.Attempt);
            return false;
        }
        await conn.ExecuteAsync(new CommandDefinition("DELETE FROM export_chunks WHERE export_id = @id AND attempt <> @attempt",
            new { id = job.Id, attempt = job.Attempt }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        logger.LogInformation("Export {Id} of link {LinkId}: {Rows} rows, {Bytes} bytes", job.Id, job.LinkId, rows, bytes);
        return true;
    }

    private static async Task<long> SaveChunkAsync(NpgsqlConnection conn, NpgsqlTransaction tx, ExportJobRef job, int seq, MemoryStream buffer,
        CancellationToken ct)
    {
        var data = buffer.ToArray();
        buffer.SetLength(0);
        await conn.ExecuteAsync(new CommandDefinition(ChunkSql, new { id = job.Id, attempt = job.Attempt, seq, data }, tx, cancellationToken: ct));
        return data.Length;
    }
}

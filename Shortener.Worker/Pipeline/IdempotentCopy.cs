using Npgsql;

namespace Shortener.Worker.Pipeline;

/// <summary>
/// Stores rows keyed by event_id exactly once, in the caller's transaction. A first delivery is binary-COPied straight
/// into the table; when that meets an id already stored (a redelivery, a pack the api sent twice), and for batches
/// delivered before, the rows go through a temporary staging table and INSERT … ON CONFLICT DO NOTHING, so a repeat
/// changes nothing. Shared by the click and event pipelines.
/// </summary>
public sealed class IdempotentCopy(string table, string columns)
{
    private readonly string _stagingSql = $"CREATE TEMP TABLE IF NOT EXISTS {table}_staging (LIKE {table} INCLUDING DEFAULTS) ON COMMIT DELETE ROWS";

    // The ids of the rows that were new, so that only those are handed on.
    private readonly string _insertSql = $"INSERT INTO {table} ({columns}) SELECT {columns} FROM {table}_staging ON CONFLICT DO NOTHING RETURNING event_id";

    /// <summary>What a write did: every row was new (<see cref="Inserted"/> null), or only those in Inserted.</summary>
    public sealed record Outcome(HashSet<Guid>? Inserted, int Count);

    /// <param name="writeRow">Writes one row's columns, in the columns' order, after StartRow.</param>
    /// <param name="mayBeStored">The rows were delivered before, so some are probably stored already.</param>
    /// <param name="inTransaction">Run in each transaction after the rows (the click fan-out); may be null.</param>
    /// <param name="discarded">Called when a first attempt is rolled back and the rows are sent again.</param>
    public async Task<Outcome> WriteAsync<T>(NpgsqlConnection conn, IReadOnlyList<T> rows, Func<NpgsqlBinaryImporter, T, CancellationToken, Task> writeRow,
        bool mayBeStored,
        Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task>? inTransaction, Func<Task>? beforeCommit, Action? discarded,
        CancellationToken ct)
    {
        if (!mayBeStored)
        {
            try
            {
                await using var tx = await conn.BeginTransactionAsync(ct);
                await CopyAsync(conn, table, rows, writeRow, ct);
                if (inTransaction is not null) await inTransaction(conn, tx, ct);
                if (beforeCommit is not null) await beforeCommit();
                await tx.CommitAsync(ct);
                return new Outcome(null, rows.Count);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                // Some were stored before: fall through to the path that skips them.
                discarded?.Invoke();
            }
        }
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            await using (var staging = new NpgsqlCommand(_stagingSql, conn, tx)) await staging.ExecuteNonQueryAsync(ct);
            await CopyAsync(conn, $"{table}_staging", rows, writeRow, ct);
            var inserted = new HashSet<Guid>();
            await using (var insert = new NpgsqlCommand(_insertSql, conn, tx))
            await using (var read = await insert.ExecuteReaderAsync(ct))
                while (await read.ReadAsync(ct)) inserted.Add(read.GetGuid(0));
            if (inTransaction is not null) await inTransaction(conn, tx, ct);
            if (beforeCommit is not null) await beforeCommit();
            await tx.CommitAsync(ct);
            return new Outcome(inserted, inserted.Count);
        }
    }

    private async Task CopyAsync<T>(NpgsqlConnection conn, string into, IReadOnlyList<T> rows,
        Func<NpgsqlBinaryImporter, T, CancellationToken, Task> writeRow, CancellationToken ct)
    {
        await using var copy = await conn.BeginBinaryImportAsync($"COPY {into} ({columns}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in rows)
        {
            await copy.StartRowAsync(ct);
            await writeRow(copy, row, ct);
        }
        await copy.CompleteAsync(ct);
    }

    public static async Task WriteTextAsync(NpgsqlBinaryImporter copy, string? value, CancellationToken ct)
    {
        if (value is null) await copy.WriteNullAsync(ct);
        else await copy.WriteAsync(value, NpgsqlTypes.NpgsqlDbType.Text, ct);
    }
}

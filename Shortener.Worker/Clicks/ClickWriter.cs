using Npgsql;
using NpgsqlTypes;
using Shortener.Core.Clicks;

namespace Shortener.Worker.Clicks;

/// <summary>
/// Stores a batch of clicks in one transaction. The insert ignores event ids already stored, so a batch that is
/// delivered again (after a crash between commit and XACK) changes nothing.
/// </summary>
public sealed class ClickWriter(NpgsqlDataSource db)
{
    private const string InsertSql = """
        INSERT INTO clicks (event_id, link_id, occurred_at, referrer, referrer_host, user_agent, is_bot)
        SELECT * FROM unnest($1, $2, $3, $4, $5, $6, $7)
        ON CONFLICT DO NOTHING
        """;

    /// <returns>How many rows were new.</returns>
    public async Task<int> WriteAsync(IReadOnlyList<ClickEvent> clicks, Func<Task>? beforeCommit, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using var cmd = new NpgsqlCommand(InsertSql, conn, tx);
        cmd.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = clicks.Select(c => c.EventId).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = clicks.Select(c => c.LinkId).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter<DateTime[]> { TypedValue = clicks.Select(c => c.OccurredAt.UtcDateTime).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(Text(clicks.Select(c => c.Referrer)));
        cmd.Parameters.Add(Text(clicks.Select(c => ReferrerHost(c.Referrer))));
        cmd.Parameters.Add(Text(clicks.Select(c => c.UserAgent)));
        cmd.Parameters.Add(new NpgsqlParameter<bool[]> { TypedValue = new bool[clicks.Count] });
        var inserted = await cmd.ExecuteNonQueryAsync(ct);
        if (beforeCommit is not null) await beforeCommit();
        await tx.CommitAsync(ct);
        return inserted;
    }

    private static NpgsqlParameter Text(IEnumerable<string?> values) =>
        new() { Value = values.Select(v => (object?)v ?? DBNull.Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };

    private static string ReferrerHost(string? referrer) =>
        Uri.TryCreate(referrer, UriKind.Absolute, out var uri) && uri.Host.Length > 0 ? uri.Host.ToLowerInvariant() : "direct";
}

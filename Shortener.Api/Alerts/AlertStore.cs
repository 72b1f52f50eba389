using Dapper;
using Npgsql;

namespace Shortener.Api.Alerts;

/// <summary>An alert as GET /alerts lists it; the worker raises them (kinds in Shortener.Core.Alerts.AlertKinds).</summary>
public sealed record AlertResponse(Guid Id, string Kind, string Subject, string Message, DateTimeOffset CreatedAt, DateTimeOffset? ResolvedAt,
    DateTimeOffset? NotifiedAt);

public sealed record AlertPage(IReadOnlyList<AlertResponse> Items, string? NextCursor);

/// <summary>An alerts row (init properties, so Dapper maps timestamps through our handler).</summary>
public sealed record AlertRow
{
    public Guid Id { get; init; }
    public long Seq { get; init; }
    public string Kind { get; init; } = "";
    public string Subject { get; init; } = "";
    public string Message { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public DateTimeOffset? NotifiedAt { get; init; }

    public AlertResponse ToResponse() => new(Id, Kind, Subject, Message, CreatedAt, ResolvedAt, NotifiedAt);
}

public sealed class AlertStore(NpgsqlDataSource db)
{
    /// <summary>Newest first, keyset-paginated on seq; <paramref name="open"/> true lists only unresolved alerts.</summary>
    public async Task<IReadOnlyList<AlertRow>> ListAsync(bool open, long? beforeSeq, int limit, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<AlertRow>(new CommandDefinition("""
            SELECT id AS Id, seq AS Seq, kind AS Kind, subject AS Subject, message AS Message, created_at AS CreatedAt,
                   resolved_at AS ResolvedAt, notified_at AS NotifiedAt
            FROM alerts
            WHERE (NOT @open OR resolved_at IS NULL) AND (@beforeSeq::bigint IS NULL OR seq < @beforeSeq)
            ORDER BY seq DESC
            LIMIT @limit
            """, new { open, beforeSeq, limit }, cancellationToken: ct))).AsList();
    }
}

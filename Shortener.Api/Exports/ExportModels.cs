namespace Shortener.Api.Exports;

public sealed record ExportAccepted(Guid Id, string Status);

public sealed record ExportStatus(Guid Id, string Slug, string Status, DateTimeOffset RequestedAt, DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt, long? Rows, long? Bytes, string? Error, string? DownloadUrl);

/// <summary>An exports row with its link (init properties, so Dapper maps timestamps through our handler).</summary>
public sealed record ExportRow
{
    public Guid Id { get; init; }
    public long LinkId { get; init; }
    public string Slug { get; init; } = "";
    public long? OwnerId { get; init; }
    public string Status { get; init; } = "";
    public DateTimeOffset RequestedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public int? DoneAttempt { get; init; }
    public long? RowCount { get; init; }
    public long? ByteCount { get; init; }
    public string? Error { get; init; }

    /// <summary>Finished longer ago than Exports:Retention: the file is gone, or about to be.</summary>
    public bool Expired { get; init; }

    public const string Done = "done";
    public const string ExpiredStatus = "expired";
}

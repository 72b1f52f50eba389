namespace Shortener.Api.Imports;

public sealed record ImportAccepted(Guid Id, string Status);

/// <summary>One row not imported: its number in the file (from 1; a CSV header is row 1), and why.</summary>
public sealed record ImportRowReport(int Row, string? Slug, string Reason);

/// <param name="TotalRows">Rows in the file, once the worker has read it (null before).</param>
/// <param name="Skipped">Rows whose slug is taken (by an existing link or an earlier row).</param>
/// <param name="Failed">Rows that are not a valid link.</param>
public sealed record ImportStatus(Guid Id, string Format, string? FileName, string Status, DateTimeOffset RequestedAt, DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt, int? TotalRows, int ProcessedRows, int Created, int Skipped, int Failed, string? Error,
    IReadOnlyList<ImportRowReport> SkippedRows, IReadOnlyList<ImportRowReport> FailedRows);

/// <summary>What POST /imports reads from its multipart form (this type only describes it in the OpenAPI document).</summary>
public sealed record ImportForm(IFormFile File, string Format);

/// <summary>An imports row (init properties, so Dapper maps timestamps through our handler).</summary>
public sealed record ImportRow
{
    public Guid Id { get; init; }
    public long? OwnerId { get; init; }
    public string Format { get; init; } = "";
    public string? FileName { get; init; }
    public string Status { get; init; } = "";
    public DateTimeOffset RequestedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public int? TotalRows { get; init; }
    public int ProcessedRows { get; init; }
    public int Created { get; init; }
    public int Skipped { get; init; }
    public int Failed { get; init; }
    public string? Error { get; init; }
}

namespace Shortener.Api.Links;

public sealed record CreateLinkRequest(string? Url);

public sealed record LinkResponse(long Id, string Slug, string ShortUrl, string OriginalUrl, DateTimeOffset CreatedAt, long TotalClicks);

/// <summary>A stored link as the API and the redirect read it (init properties, so Dapper maps timestamps through our handler).</summary>
public sealed record LinkRow
{
    public long Id { get; init; }
    public string Slug { get; init; } = "";
    public string OriginalUrl { get; init; } = "";
    public long? OwnerId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public bool IsDeleted { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public long? MaxClicks { get; init; }
    public string? PasswordHash { get; init; }
    public long TotalClicks { get; init; }
}

/// <summary>What the redirect needs, small enough to cache in memory and in Redis.</summary>
public sealed record LinkTarget(long Id, string Url, DateTimeOffset? ExpiresAt)
{
    public static LinkTarget From(LinkRow row) => new(row.Id, row.OriginalUrl, row.ExpiresAt);
}

using System.Text.Json.Serialization;

namespace Shortener.Api.Links;

public sealed record CreateLinkRequest(string? Url, string? Slug = null, DateTimeOffset? ExpiresAt = null, long? MaxClicks = null,
    string? Password = null);

/// <summary>
/// PUT changes only the fields the body names; naming one with null clears it (expires_at, max_clicks, password).
/// The setters record which fields were present, since System.Text.Json calls them only for those.
/// </summary>
public sealed class UpdateLinkRequest
{
    private string? _url;
    private DateTimeOffset? _expiresAt;
    private long? _maxClicks;
    private string? _password;

    public string? Url { get => _url; set { _url = value; HasUrl = true; } }
    public DateTimeOffset? ExpiresAt { get => _expiresAt; set { _expiresAt = value; HasExpiresAt = true; } }
    public long? MaxClicks { get => _maxClicks; set { _maxClicks = value; HasMaxClicks = true; } }
    public string? Password { get => _password; set { _password = value; HasPassword = true; } }

    [JsonIgnore] public bool HasUrl { get; private set; }
    [JsonIgnore] public bool HasExpiresAt { get; private set; }
    [JsonIgnore] public bool HasMaxClicks { get; private set; }
    [JsonIgnore] public bool HasPassword { get; private set; }
}

public sealed record LinkResponse(long Id, string Slug, string ShortUrl, string OriginalUrl, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    DateTimeOffset? ExpiresAt, long? MaxClicks, bool PasswordProtected, long? OwnerId, long TotalClicks)
{
    /// <summary>GET /links/{slug} only, once the link's job has fetched it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LinkPreview? Preview { get; init; }

    /// <summary>GET /links/{slug} only: where the link's latest job is.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LinkJobs? Jobs { get; init; }
}

/// <summary>What the link's target answered when its job fetched it: the final status (after redirects), title, description, og:image.</summary>
public sealed record LinkPreview(int StatusCode, string? Title, string? Description, string? Image, DateTimeOffset FetchedAt);

/// <summary>The steps of the link's latest job, each pending, done or failed, with the job's attempts and last error.</summary>
public sealed record LinkJobs(string Preview, string Webhooks, int Attempts, string? LastError);

public sealed record LinkPage(IReadOnlyList<LinkResponse> Items, string? NextCursor);

/// <summary>A stored link as the API reads it (init properties, so Dapper maps timestamps through our handler).</summary>
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

/// <summary>The settings a link is stored with, already validated (the password already hashed).</summary>
public sealed record LinkSettings(string Url, DateTimeOffset? ExpiresAt, long? MaxClicks, string? PasswordHash);

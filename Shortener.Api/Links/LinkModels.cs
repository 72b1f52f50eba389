using System.Text.Json.Serialization;
using Shortener.Core.Links.Routing;

namespace Shortener.Api.Links;

/// <param name="Rules">Tried in order at the redirect; the first whose conditions all hold sends the visitor to its url.</param>
/// <param name="Variants">A/B targets with weights summing to 100, used when no rule matched.</param>
/// <param name="Utm">Appended to the target at the redirect.</param>
/// <param name="Tags">Lower case [a-z0-9_-]{1,32}, at most 10.</param>
public sealed record CreateLinkRequest(string? Url, string? Slug = null, DateTimeOffset? ExpiresAt = null, long? MaxClicks = null,
    string? Password = null, string? Title = null, IReadOnlyList<string>? Tags = null, IReadOnlyList<RedirectRule>? Rules = null,
    IReadOnlyList<LinkVariant>? Variants = null, LinkUtm? Utm = null);

/// <summary>
/// PUT changes only the fields the body names; naming one with null clears it (expires_at, max_clicks, password, title,
/// tags, rules, variants, utm). The setters record which fields were present, since System.Text.Json calls them only for those.
/// </summary>
public sealed class UpdateLinkRequest
{
    private string? _url;
    private DateTimeOffset? _expiresAt;
    private long? _maxClicks;
    private string? _password;
    private string? _title;
    private IReadOnlyList<string>? _tags;
    private IReadOnlyList<RedirectRule>? _rules;
    private IReadOnlyList<LinkVariant>? _variants;
    private LinkUtm? _utm;

    public string? Url { get => _url; set { _url = value; HasUrl = true; } }
    public DateTimeOffset? ExpiresAt { get => _expiresAt; set { _expiresAt = value; HasExpiresAt = true; } }
    public long? MaxClicks { get => _maxClicks; set { _maxClicks = value; HasMaxClicks = true; } }
    public string? Password { get => _password; set { _password = value; HasPassword = true; } }
    public string? Title { get => _title; set { _title = value; HasTitle = true; } }
    public IReadOnlyList<string>? Tags { get => _tags; set { _tags = value; HasTags = true; } }
    public IReadOnlyList<RedirectRule>? Rules { get => _rules; set { _rules = value; HasRules = true; } }
    public IReadOnlyList<LinkVariant>? Variants { get => _variants; set { _variants = value; HasVariants = true; } }
    public LinkUtm? Utm { get => _utm; set { _utm = value; HasUtm = true; } }

    [JsonIgnore] public bool HasUrl { get; private set; }
    [JsonIgnore] public bool HasExpiresAt { get; private set; }
    [JsonIgnore] public bool HasMaxClicks { get; private set; }
    [JsonIgnore] public bool HasPassword { get; private set; }
    [JsonIgnore] public bool HasTitle { get; private set; }
    [JsonIgnore] public bool HasTags { get; private set; }
    [JsonIgnore] public bool HasRules { get; private set; }
    [JsonIgnore] public bool HasVariants { get; private set; }
    [JsonIgnore] public bool HasUtm { get; private set; }

    [JsonIgnore]
    public bool IsEmpty => !(HasUrl || HasExpiresAt || HasMaxClicks || HasPassword || HasTitle || HasTags || HasRules || HasVariants || HasUtm);
}

public sealed record LinkResponse(long Id, string Slug, string ShortUrl, string OriginalUrl, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    DateTimeOffset? ExpiresAt, long? MaxClicks, bool PasswordProtected, long? OwnerId, long TotalClicks)
{
    public string? Title { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Empty when the link has none.</summary>
    public IReadOnlyList<RedirectRule> Rules { get; init; } = [];

    /// <summary>Empty when the link has none.</summary>
    public IReadOnlyList<LinkVariant> Variants { get; init; } = [];

    public LinkUtm? Utm { get; init; }

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
    public string? Title { get; init; }
    public string[] Tags { get; init; } = [];
    /// <summary>jsonb as text, as stored (see StoredRouting).</summary>
    public string? Rules { get; init; }
    public string? Variants { get; init; }
    public string? Utm { get; init; }
}

/// <summary>The settings a link is stored with, already validated and normalised (the password already hashed, routing as jsonb text).</summary>
public sealed record LinkSettings(string Url, DateTimeOffset? ExpiresAt, long? MaxClicks, string? PasswordHash, string? Title = null,
    string[]? Tags = null, string? Rules = null, string? Variants = null, string? Utm = null, DateTimeOffset? CreatedAt = null);

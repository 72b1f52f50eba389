using System.Text.Json.Serialization;

namespace Shortener.Api.Webhooks;

public sealed record CreateWebhookRequest(string? Url, string[]? Events, string[]? Slugs = null);

/// <summary>PATCH changes only the fields the body names; "slugs": null lifts the restriction to some links.</summary>
public sealed class UpdateWebhookRequest
{
    private string? _url;
    private string[]? _events;
    private string[]? _slugs;
    private bool? _enabled;

    public string? Url { get => _url; set { _url = value; HasUrl = true; } }
    public string[]? Events { get => _events; set { _events = value; HasEvents = true; } }
    public string[]? Slugs { get => _slugs; set { _slugs = value; HasSlugs = true; } }
    public bool? Enabled { get => _enabled; set { _enabled = value; HasEnabled = true; } }

    [JsonIgnore] public bool HasUrl { get; private set; }
    [JsonIgnore] public bool HasEvents { get; private set; }
    [JsonIgnore] public bool HasSlugs { get; private set; }
    [JsonIgnore] public bool HasEnabled { get; private set; }
}

/// <summary>An endpoint; its secret is shown only when it is made (<see cref="WebhookCreated"/>) or rotated (<see cref="SecretRotated"/>).</summary>
public sealed record WebhookResponse(long Id, string Url, IReadOnlyList<string> Events, IReadOnlyList<string>? Slugs, bool Enabled,
    string? DisabledReason, long? OwnerId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? PreviousSecretExpiresAt);

public sealed record WebhookCreated(long Id, string Url, IReadOnlyList<string> Events, IReadOnlyList<string>? Slugs, bool Enabled,
    DateTimeOffset CreatedAt, string Secret);

public sealed record WebhookPage(IReadOnlyList<WebhookResponse> Items, string? NextCursor);

/// <summary>The new secret, shown once; the old one keeps signing, next to it, until previous_secret_expires_at.</summary>
public sealed record SecretRotated(long Id, string Secret, DateTimeOffset? PreviousSecretExpiresAt);

public sealed record DeliveryResponse(Guid Id, string Event, string Status, int Attempts, int? LastStatusCode, string? LastError,
    DateTimeOffset? LastAttemptAt, DateTimeOffset? NextAttemptAt, DateTimeOffset? DeliveredAt, DateTimeOffset CreatedAt);

public sealed record DeliveryPage(IReadOnlyList<DeliveryResponse> Items, string? NextCursor);

/// <summary>A webhook_endpoints row (init properties, so Dapper maps timestamps through our handler).</summary>
public sealed record WebhookRow
{
    public long Id { get; init; }
    public long? OwnerId { get; init; }
    public string Url { get; init; } = "";
    public string[] Events { get; init; } = [];
    public string[]? Slugs { get; init; }
    public bool Enabled { get; init; }
    public string? DisabledReason { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? PreviousSecretUntil { get; init; }

    public WebhookResponse ToResponse() =>
        new(Id, Url, Events, Slugs, Enabled, DisabledReason, OwnerId, CreatedAt, UpdatedAt, PreviousSecretUntil);
}

/// <summary>A webhook_deliveries row as the log shows it.</summary>
public sealed record DeliveryRow
{
    public Guid Id { get; init; }
    public string Event { get; init; } = "";
    public string Status { get; init; } = "";
    public int Attempts { get; init; }
    public int? LastStatusCode { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset? LastAttemptAt { get; init; }
    public DateTimeOffset NextAttemptAt { get; init; }
    public DateTimeOffset? DeliveredAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    public DeliveryResponse ToResponse() => new(Id, Event, Status, Attempts, LastStatusCode, LastError, LastAttemptAt,
        Status == "pending" ? NextAttemptAt : null, DeliveredAt, CreatedAt);
}

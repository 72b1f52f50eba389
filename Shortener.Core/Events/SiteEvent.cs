namespace Shortener.Core.Events;

/// <summary>
/// One site event as the api accepted it. EventId is the client's event_id or one minted at ingestion, and makes the
/// stored row idempotent. The raw IP and user agent travel only as far as the worker, which hashes them into a
/// visitor (when no user id was sent) and stores neither.
/// </summary>
public sealed record SiteEvent(
    Guid EventId,
    string SiteId,
    string EventType,
    string? Path,
    string? UserId,
    DateTimeOffset OccurredAt,
    string? Ip,
    string? UserAgent);

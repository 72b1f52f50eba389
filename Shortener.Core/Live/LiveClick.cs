namespace Shortener.Core.Live;

/// <summary>A stored click as live viewers see it: what enrichment made of it, without the user agent, referrer URL or visitor hash.</summary>
public sealed record LiveClick(Guid EventId, long LinkId, DateTimeOffset OccurredAt, string? Country, string? ReferrerHost, string? Browser,
    string? Os, string? DeviceType, bool IsBot);

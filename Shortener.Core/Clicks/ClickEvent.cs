using Shortener.Core.Links.Routing;

namespace Shortener.Core.Clicks;

/// <summary>
/// One click as the redirect saw it. EventId is minted at the redirect and makes the stored row idempotent;
/// the raw IP travels only as far as the worker, which turns it into a country and a visitor hash. <see cref="Choice"/> is
/// what the redirect chose (rule, variant, UTM), null for a plain link.
/// </summary>
public sealed record ClickEvent(
    Guid EventId,
    long LinkId,
    DateTimeOffset OccurredAt,
    string? Ip,
    string? UserAgent,
    string? Referrer,
    string? TraceParent,
    ClickChoice? Choice = null);

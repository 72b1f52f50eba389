namespace Shortener.Core;

/// <summary>Names of the link-event channels (DESIGN §3) and the messages published on them.</summary>
public static class LinkEvents
{
    /// <summary>Best-effort pub/sub: analytics counts links created per day.</summary>
    public const string CreatedChannel = "link.created";

    /// <summary>Durable: a stream read through a consumer group, so a change made while analytics is down still reaches L2.</summary>
    public const string ChangesStream = "links:changes";
    public const string CacheRefreshersGroup = "cache-refreshers";
    public const string Updated = "link.updated";
    public const string Deleted = "link.deleted";

    /// <summary>Broadcast (pub/sub): every api instance drops its in-process copy of the slug.</summary>
    public const string InvalidateChannel = "link.invalidate";
}

public sealed record LinkCreated(long Id, string Slug, DateTimeOffset CreatedAt);

/// <summary>A link's target or settings changed (<see cref="LinkEvents.Updated"/>) or it was deleted (<see cref="LinkEvents.Deleted"/>).</summary>
public sealed record LinkChanged(string Type, long Id, string Slug);

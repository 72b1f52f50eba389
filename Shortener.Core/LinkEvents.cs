namespace Shortener.Core;

/// <summary>Names of the link-event channels (DESIGN §3) and the message published on link.created.</summary>
public static class LinkEvents
{
    /// <summary>Best-effort pub/sub: analytics counts links created per day.</summary>
    public const string CreatedChannel = "link.created";
}

public sealed record LinkCreated(long Id, string Slug, DateTimeOffset CreatedAt);

using Shortener.Core.Live;

namespace Shortener.Api.Live;

/// <summary>What one connection watches: one link, one owner's links, or every link (an admin), with bots or without.</summary>
public sealed record LiveFilter(long? LinkId, string? Slug, long? OwnerId, bool IncludeBots)
{
    public static LiveFilter OneLink(long linkId, string slug, bool includeBots) => new(linkId, slug, null, includeBots);

    /// <param name="ownerId">Null for every link.</param>
    public static LiveFilter Links(long? ownerId, bool includeBots) => new(null, null, ownerId, includeBots);

    /// <summary>Whether the connection needs link owners and slugs looked up (it does not watch one link it already knows).</summary>
    public bool NeedsDirectory => LinkId is null;

    public bool Matches(LiveClick click, LinkLabel? link) =>
        (IncludeBots || !click.IsBot) && (LinkId is { } id ? click.LinkId == id : link is not null && (OwnerId is null || link.OwnerId == OwnerId));
}

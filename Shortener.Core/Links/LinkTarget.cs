using System.Text.Json.Serialization;
using Shortener.Core.Links.Routing;

namespace Shortener.Core.Links;

/// <summary>
/// What the redirect needs, small enough to cache in memory and in Redis (never the password hash). <see cref="Routing"/>
/// is null for a link without rules, variants or UTM, which the redirect then sends to <see cref="Url"/> as before; the
/// cache invalidation carries it like any other field, since the refresher re-reads the whole target.
/// </summary>
public sealed record LinkTarget(long Id, string Url, DateTimeOffset? ExpiresAt, long? MaxClicks = null, bool PasswordProtected = false,
    LinkRouting? Routing = null)
{
    /// <summary>The routing made ready once, when the target is read into a cache, never per redirect.</summary>
    [JsonIgnore]
    public RoutePlan? Plan { get; } = Routing is null ? null : RoutePlan.Compile(Routing);
}

[JsonSerializable(typeof(LinkTarget))]
internal sealed partial class LinkTargetJsonContext : JsonSerializerContext;

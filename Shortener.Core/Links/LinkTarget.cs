using System.Text.Json.Serialization;

namespace Shortener.Core.Links;

/// <summary>What the redirect needs, small enough to cache in memory and in Redis (never the password hash).</summary>
public sealed record LinkTarget(long Id, string Url, DateTimeOffset? ExpiresAt, long? MaxClicks = null, bool PasswordProtected = false);

[JsonSerializable(typeof(LinkTarget))]
internal sealed partial class LinkTargetJsonContext : JsonSerializerContext;

namespace Shortener.Core.Enrichment.UserAgents;

/// <summary>What a click's user agent says: browser and OS families, device kind, bot or not.</summary>
/// <param name="Browser">uap-core browser family, e.g. "Chrome Mobile"; "Other" when unknown.</param>
/// <param name="Os">uap-core OS family, e.g. "Android"; "Other" when unknown.</param>
public sealed record UserAgentInfo(string Browser, string Os, DeviceType Device, bool IsBot)
{
    /// <summary>The result for a missing or empty user agent.</summary>
    public static UserAgentInfo Unknown { get; } = new("Other", "Other", DeviceType.Other, false);
}

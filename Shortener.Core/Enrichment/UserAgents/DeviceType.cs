namespace Shortener.Core.Enrichment.UserAgents;

/// <summary>Coarse kind of device behind a user agent, for click analytics.</summary>
public enum DeviceType
{
    /// <summary>Unknown, or a device that fits no other kind (e-readers are tablets; cars, speakers are here).</summary>
    Other = 0,
    Desktop,
    Mobile,
    Tablet,
    /// <summary>Crawler, link-preview fetcher, monitoring probe or HTTP library.</summary>
    Bot,
    /// <summary>Smart TV, streaming stick or set-top box.</summary>
    Tv,
    Console,
    /// <summary>Watch, glasses or XR headset.</summary>
    Wearable,
}

namespace Shortener.Core.Enrichment.UserAgents;

/// <summary>Browser ("user agent") as resolved by uap-core's <c>user_agent_parsers</c>.</summary>
public sealed record UapBrowser(string Family, string? Major, string? Minor, string? Patch, string? PatchMinor)
{
    public static readonly UapBrowser Other = new("Other", null, null, null, null);
}

/// <summary>Operating system as resolved by uap-core's <c>os_parsers</c>.</summary>
public sealed record UapOs(string Family, string? Major, string? Minor, string? Patch, string? PatchMinor)
{
    public static readonly UapOs Other = new("Other", null, null, null, null);
}

/// <summary>Device as resolved by uap-core's <c>device_parsers</c>.</summary>
public sealed record UapDevice(string Family, string? Brand, string? Model)
{
    public static readonly UapDevice Other = new("Other", null, null);
}

/// <summary>The three uap-core results for one user-agent string.</summary>
public sealed record UapResult(UapBrowser Browser, UapOs Os, UapDevice Device);

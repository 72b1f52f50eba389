namespace Shortener.Core.Enrichment.UserAgents;

/// <summary>The user-agent data files (vendor data and our own supplement) embedded by build/UserAgents.targets.</summary>
internal static class EmbeddedUserAgentData
{
    public const string UapRegexes = "Shortener.Core.UserAgents.regexes.yaml";
    public const string UapSupplement = "Shortener.Core.UserAgents.regexes.supplement.yaml";
    public const string CrawlerPatterns = "Shortener.Core.UserAgents.crawler-user-agents.json";

    public static Stream Open(string name) =>
        typeof(EmbeddedUserAgentData).Assembly.GetManifestResourceStream(name)
        ?? throw new InvalidOperationException($"Embedded resource '{name}' is missing; see Shortener.Core/build/UserAgents.targets.");
}

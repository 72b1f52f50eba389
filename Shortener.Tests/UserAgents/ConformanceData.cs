using System.Text.Json;
using Shortener.Core.Enrichment.UserAgents;

namespace Shortener.Tests.UserAgents;

/// <summary>Loads the shared uap conformance suites and the parsers they are run against.</summary>
internal static class ConformanceData
{
    private static readonly Lazy<UapParser> ShippedParser = new(() => UapParser.FromEmbeddedData());

    /// <summary>
    /// Parser over the rules embedded in Shortener.Core: our regexes.supplement.yaml, then npm uap-core 0.18.0.
    /// </summary>
    public static UapParser Shipped => ShippedParser.Value;

    /// <summary>
    /// The cases of one suite file. The README describes a <c>test_cases</c> object; the files
    /// are plain lists, so both shapes are read. Empty strings mean null.
    /// </summary>
    public static IReadOnlyList<Dictionary<string, string?>> Cases(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(SharedFiles.PathOf("uap-conformance", file)));
        var root = doc.RootElement;
        var list = root.ValueKind == JsonValueKind.Object ? root.GetProperty("test_cases") : root;
        return [.. list.EnumerateArray().Select(c => c.EnumerateObject().ToDictionary(
            p => p.Name,
            p => p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() is { Length: > 0 } s ? s : null))];
    }

    /// <summary>The regexes.yaml the build embeds, from the pinned npm package.</summary>
    public static string ShippedRegexesFile => RepositoryFile("vendor", "node_modules", "uap-core", "regexes.yaml");

    /// <summary>Our own supplementary rules, embedded next to the npm file and tried before it.</summary>
    public static string SupplementRegexesFile =>
        RepositoryFile("Shortener.Core", "Enrichment", "UserAgents", "regexes.supplement.yaml");

    /// <summary>A file of this repository, found by walking up to the solution directory.</summary>
    public static string RepositoryFile(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Shortener.sln"))) return Path.Combine([dir.FullName, .. parts]);
        }
        throw new DirectoryNotFoundException("The repository root (Shortener.sln) was not found above the test binaries.");
    }
}

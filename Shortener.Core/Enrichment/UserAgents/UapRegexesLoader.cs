using System.Text.RegularExpressions;
using YamlDotNet.Serialization;

namespace Shortener.Core.Enrichment.UserAgents;

/// <summary>Reads one or more files in the format of uap-core's regexes.yaml into rule lists.</summary>
internal static class UapRegexesLoader
{
    private const string BrowserSection = "user_agent_parsers";
    private const string OsSection = "os_parsers";
    private const string DeviceSection = "device_parsers";

    /// <summary>
    /// Merges the files section by section, earlier files first: since the first matching rule
    /// wins, a file's rules take precedence over those of the files after it. A file may leave a
    /// section out (a supplement rarely needs all three), but each section must come from somewhere.
    /// </summary>
    public static UapRuleSet Load(IReadOnlyList<TextReader> yamlFiles, int compileAfterRuns)
    {
        ArgumentOutOfRangeException.ThrowIfZero(yamlFiles.Count);
        var docs = yamlFiles.Select(Parse).ToArray();

        List<Dictionary<string, string>> Section(string name)
        {
            var present = docs.Where(d => d.ContainsKey(name)).ToArray();
            if (present.Length == 0) throw new InvalidDataException($"regexes.yaml has no '{name}'.");
            // "section:" with no entries reads as null.
            return [.. present.SelectMany(d => d[name] ?? [])];
        }

        // Ids run across the three merged lists (and so across files): the literal index keys on them.
        var id = 0;
        var browsers = Section(BrowserSection).Select(e => new BrowserRule(
            id++,
            RegexOf(e, compileAfterRuns),
            TemplateOf(e, "family_replacement", 1),
            TemplateOf(e, "v1_replacement", 2),
            TemplateOf(e, "v2_replacement", 3),
            TemplateOf(e, "v3_replacement", 4),
            TemplateOf(e, "v4_replacement", 5))).ToArray();

        var oses = Section(OsSection).Select(e => new OsRule(
            id++,
            RegexOf(e, compileAfterRuns),
            TemplateOf(e, "os_replacement", 1),
            TemplateOf(e, "os_v1_replacement", 2),
            TemplateOf(e, "os_v2_replacement", 3),
            TemplateOf(e, "os_v3_replacement", 4),
            TemplateOf(e, "os_v4_replacement", 5))).ToArray();

        // Brand has no positional default: without brand_replacement it stays null.
        var devices = Section(DeviceSection).Select(e => new DeviceRule(
            id++,
            RegexOf(e, compileAfterRuns),
            TemplateOf(e, "device_replacement", 1),
            e.TryGetValue("brand_replacement", out var brand) && !string.IsNullOrEmpty(brand) ? ReplacementTemplate.Parse(brand) : null,
            TemplateOf(e, "model_replacement", 1))).ToArray();

        return new UapRuleSet(browsers, oses, devices);
    }

    private static Dictionary<string, List<Dictionary<string, string>>?> Parse(TextReader yaml) =>
        new DeserializerBuilder().Build()
            .Deserialize<Dictionary<string, List<Dictionary<string, string>>?>>(yaml)
        ?? throw new InvalidDataException("regexes.yaml is empty.");

    private static LazyRegex RegexOf(Dictionary<string, string> entry, int compileAfterRuns)
    {
        if (!entry.TryGetValue("regex", out var pattern)) throw new InvalidDataException("A regexes.yaml entry has no 'regex'.");
        var options = RegexOptions.CultureInvariant;
        if (entry.TryGetValue("regex_flag", out var flag) && flag == "i") options |= RegexOptions.IgnoreCase;
        return new LazyRegex(PythonRegexTranslator.Translate(pattern), options, compileAfterRuns);
    }

    // As in the reference implementation, an empty replacement counts as absent.
    private static ReplacementTemplate TemplateOf(Dictionary<string, string> entry, string key, int defaultGroup) =>
        entry.TryGetValue(key, out var value) && !string.IsNullOrEmpty(value)
            ? ReplacementTemplate.Parse(value)
            : ReplacementTemplate.Group(defaultGroup);
}

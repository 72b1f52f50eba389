using System.Text.RegularExpressions;
using YamlDotNet.Serialization;

namespace Shortener.Core.Enrichment.UserAgents;

/// <summary>Reads uap-core's regexes.yaml into rule lists.</summary>
internal static class UapRegexesLoader
{
    public static UapRuleSet Load(TextReader yaml, int compileAfterRuns)
    {
        var doc = new DeserializerBuilder().Build()
            .Deserialize<Dictionary<string, List<Dictionary<string, string>>>>(yaml)
            ?? throw new InvalidDataException("regexes.yaml is empty.");

        List<Dictionary<string, string>> Section(string name) =>
            doc.TryGetValue(name, out var list) ? list : throw new InvalidDataException($"regexes.yaml has no '{name}'.");

        var id = 0;
        var browsers = Section("user_agent_parsers").Select(e => new BrowserRule(
            id++,
            RegexOf(e, compileAfterRuns),
            TemplateOf(e, "family_replacement", 1),
            TemplateOf(e, "v1_replacement", 2),
            TemplateOf(e, "v2_replacement", 3),
            TemplateOf(e, "v3_replacement", 4),
            TemplateOf(e, "v4_replacement", 5))).ToArray();

        var oses = Section("os_parsers").Select(e => new OsRule(
            id++,
            RegexOf(e, compileAfterRuns),
            TemplateOf(e, "os_replacement", 1),
            TemplateOf(e, "os_v1_replacement", 2),
            TemplateOf(e, "os_v2_replacement", 3),
            TemplateOf(e, "os_v3_replacement", 4),
            TemplateOf(e, "os_v4_replacement", 5))).ToArray();

        // Brand has no positional default: without brand_replacement it stays null.
        var devices = Section("device_parsers").Select(e => new DeviceRule(
            id++,
            RegexOf(e, compileAfterRuns),
            TemplateOf(e, "device_replacement", 1),
            e.TryGetValue("brand_replacement", out var brand) && !string.IsNullOrEmpty(brand) ? ReplacementTemplate.Parse(brand) : null,
            TemplateOf(e, "model_replacement", 1))).ToArray();

        return new UapRuleSet(browsers, oses, devices);
    }

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

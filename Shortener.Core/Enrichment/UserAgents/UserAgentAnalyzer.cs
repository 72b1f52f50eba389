namespace Shortener.Core.Enrichment.UserAgents;

/// <summary>
/// Turns a raw User-Agent header into <see cref="UserAgentInfo"/>: uap-core browser and OS
/// families, a <see cref="DeviceType"/>, and whether it is a bot (crawler-user-agents, or a
/// uap-core "Spider" device). Thread-safe and meant to be a singleton: it builds its regexes
/// lazily and caches results for repeated user agents.
/// </summary>
public sealed class UserAgentAnalyzer
{
    private readonly UserAgentAnalyzerOptions _options;
    private readonly UapParser _uap;
    private readonly CrawlerDetector _crawlers;
    private readonly BoundedCache<UserAgentInfo>? _cache;
    private readonly UserAgentInfo _missing;

    public UserAgentAnalyzer(UserAgentAnalyzerOptions? options = null)
        : this(options ?? new UserAgentAnalyzerOptions(), null, null)
    {
    }

    internal UserAgentAnalyzer(UserAgentAnalyzerOptions options, UapParser? uap, CrawlerDetector? crawlers)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.CacheCapacity);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxUserAgentLength, 1);
        _options = options;
        _uap = uap ?? UapParser.FromEmbeddedData(options.CompileRegexAfterRuns);
        _crawlers = crawlers ?? CrawlerDetector.FromEmbeddedData();
        _cache = options.CacheCapacity >= 2 ? new BoundedCache<UserAgentInfo>(options.CacheCapacity) : null;
        _missing = UserAgentInfo.Unknown with { IsBot = options.TreatMissingUserAgentAsBot };
    }

    /// <summary>Entries in the result cache (for diagnostics).</summary>
    public int CachedCount => _cache?.Count ?? 0;

    public UserAgentInfo Analyze(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent)) return _missing;
        if (userAgent.Length > _options.MaxUserAgentLength) userAgent = userAgent[.._options.MaxUserAgentLength];

        if (_cache is null) return Compute(userAgent);
        if (_cache.TryGet(userAgent, out var cached)) return cached;
        var info = Compute(userAgent);
        _cache.Add(userAgent, info);
        return info;
    }

    private UserAgentInfo Compute(string userAgent)
    {
        // Surrounding whitespace is not part of any pattern's intent (headers get padded by proxies).
        var ua = userAgent.Trim();
        var uap = _uap.Parse(ua);
        var isBot = uap.Device.Family == "Spider" || _crawlers.IsCrawler(ua);
        return new UserAgentInfo(uap.Browser.Family, uap.Os.Family, DeviceTypeClassifier.Classify(ua, uap, isBot), isBot);
    }
}

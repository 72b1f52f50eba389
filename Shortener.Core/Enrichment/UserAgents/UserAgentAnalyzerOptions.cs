namespace Shortener.Core.Enrichment.UserAgents;

/// <summary>Settings for <see cref="UserAgentAnalyzer"/>.</summary>
public sealed record UserAgentAnalyzerOptions
{
    /// <summary>Distinct user agents whose results are kept; 0 disables the cache.</summary>
    public int CacheCapacity { get; init; } = 10_000;

    /// <summary>
    /// Longer user agents are cut to this many characters before parsing (and caching). Real
    /// ones stay well under it; the cap bounds the regex work an oversized header can cause.
    /// </summary>
    public int MaxUserAgentLength { get; init; } = 1024;

    /// <summary>
    /// Runs after which a uap-core regex is recompiled to IL in the background. Compiling every
    /// regex costs seconds of CPU at startup; compiling only those actually in use keeps
    /// startup cheap while the hot ones get about twice as fast. 0 never compiles.
    /// </summary>
    public int CompileRegexAfterRuns { get; init; } = 256;

    /// <summary>Whether a missing or empty user agent counts as a bot (browsers always send one).</summary>
    public bool TreatMissingUserAgentAsBot { get; init; }
}

using System.Text.RegularExpressions;

namespace Shortener.Core.Enrichment.UserAgents;

/// <summary>
/// A regex built on first use, and optionally recompiled to IL once it has proven hot.
/// </summary>
/// <remarks>
/// Lazy because most user agents stop at an early rule or have most rules ruled out by the
/// <see cref="LiteralIndex"/>, so building all ~1,200 uap-core regexes up front would spend
/// startup on rules that rarely run. Measured here (2-core machine): building every interpreted
/// regex plus the literal index takes ~150 ms; with <see cref="RegexOptions.Compiled"/>, IL
/// generation and JIT cost ~2.5 ms per regex, ~3 s of CPU for the whole file, for runs about
/// twice as fast. Tiering
/// (interpreted first, compiled in the background after <c>compileAfterRuns</c> runs) gets the
/// speed where it matters without the startup cost.
/// </remarks>
internal sealed class LazyRegex(string pattern, RegexOptions options, int compileAfterRuns = 0)
{
    private Regex? _regex;
    private int _runs;

    public string Pattern { get; } = pattern;

    public RegexOptions Options { get; } = compileAfterRuns == 1 ? options | RegexOptions.Compiled : options;

    // Two threads racing here may both build the regex; one instance wins and the other is
    // dropped. That is cheaper on the hot path than taking a lock on every access.
    public Regex Value => Volatile.Read(ref _regex) ?? Create();

    /// <summary>True once the regex runs as compiled IL.</summary>
    public bool IsCompiled => (Volatile.Read(ref _regex)?.Options & RegexOptions.Compiled) != 0;

    /// <summary>The match, or null when there is none.</summary>
    public Match? Match(string input)
    {
        var regex = Value;
        // Counting stops at the threshold, so a hot regex costs one increment per run only until then.
        if (compileAfterRuns > 1 && Volatile.Read(ref _runs) < compileAfterRuns
            && Interlocked.Increment(ref _runs) == compileAfterRuns)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static self => self.Recompile(), this, preferLocal: false);
        }
        var match = regex.Match(input);
        return match.Success ? match : null;
    }

    public bool IsMatch(string input) => Value.IsMatch(input);

    private Regex Create()
    {
        var regex = new Regex(Pattern, Options);
        return Interlocked.CompareExchange(ref _regex, regex, null) ?? regex;
    }

    // Same pattern and options, so results are identical; only the engine changes underneath.
    private void Recompile() => Volatile.Write(ref _regex, new Regex(Pattern, Options | RegexOptions.Compiled));
}

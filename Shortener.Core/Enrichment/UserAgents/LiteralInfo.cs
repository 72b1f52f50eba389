namespace Shortener.Core.Enrichment.UserAgents;

/// <summary>
/// What a regex fragment says about literal text, for <see cref="RegexLiteralPrefilter"/>:
/// either the exact (small) set of strings it can match, or clauses that every match meets,
/// where a clause is a set of literals one of which the match contains. Both may be unknown.
/// All strings are lower-cased.
/// </summary>
/// <remarks>
/// Several clauses matter for patterns like <c>(?:iPhone|Android).{0,300}(?:bot|spider)\.html</c>:
/// "iphone or android" alone passes nearly every mobile user agent, "and also bot.html or
/// spider.html" passes almost none.
/// </remarks>
internal sealed class LiteralInfo
{
    // Bounds keep cross products of character classes such as [Ss][Pp][Ii][Dd][Ee][Rr] in check.
    private const int MaxExact = 256;
    private const int MaxClauseSize = 4096;
    private const int MaxClauses = 4;

    private static readonly IReadOnlyList<HashSet<string>> NoClauses = [];

    private LiteralInfo(HashSet<string>? exact, IReadOnlyList<HashSet<string>> clauses)
    {
        Exact = exact;
        Clauses = clauses;
    }

    /// <summary>Every match is exactly one of these (null when unknown).</summary>
    public HashSet<string>? Exact { get; }

    /// <summary>When not exact: each match contains a literal from every clause (none when unknown).</summary>
    public IReadOnlyList<HashSet<string>> Clauses { get; }

    public static LiteralInfo Unknown { get; } = new(null, NoClauses);

    public static LiteralInfo Empty() => new([""], NoClauses);

    // Non-ASCII literals are left unknown: under IgnoreCase, .NET lets some of them match ASCII
    // letters (the Kelvin sign matches 'k'), which an ASCII-folding index would miss.
    public static LiteralInfo OfChars(IReadOnlyCollection<char> chars) =>
        chars.All(char.IsAscii)
            ? new(chars.Select(c => char.ToLowerInvariant(c).ToString()).ToHashSet(StringComparer.Ordinal), NoClauses)
            : Unknown;

    private static LiteralInfo OfClauses(IEnumerable<HashSet<string>> clauses) => new(null, Best(clauses));

    /// <summary>The clauses every match meets (an exact set is one clause).</summary>
    public IReadOnlyList<HashSet<string>> AsClauses() =>
        Exact is { } exact ? (exact.Contains("") ? NoClauses : [exact]) : Clauses;

    /// <summary>Info for <c>a b c</c>: exact while the pieces are, otherwise every piece's clauses.</summary>
    public static LiteralInfo Concat(IEnumerable<LiteralInfo> parts)
    {
        HashSet<string> run = [""];
        var clauses = new List<HashSet<string>>();
        var allExact = true;
        foreach (var part in parts)
        {
            if (part.Exact is { } exact && (long)run.Count * exact.Count <= MaxExact)
            {
                run = Cross(run, exact);
                continue;
            }
            // The run of exact pieces so far ends here; it is itself a clause.
            if (!run.Contains("")) clauses.Add(run);
            if (part.Exact is { } restart)
            {
                allExact = false;
                run = restart;
            }
            else
            {
                allExact = false;
                run = [""];
                clauses.AddRange(part.Clauses);
            }
        }
        if (allExact) return new LiteralInfo(run, NoClauses);
        if (!run.Contains("")) clauses.Add(run);
        return OfClauses(clauses);
    }

    /// <summary>Info for <c>a|b|c</c>.</summary>
    public static LiteralInfo Alternate(IReadOnlyList<LiteralInfo> branches)
    {
        if (branches.All(b => b.Exact is not null))
        {
            var union = branches.SelectMany(b => b.Exact!).ToHashSet(StringComparer.Ordinal);
            if (union.Count <= MaxExact) return new LiteralInfo(union, NoClauses);
        }
        var perBranch = branches.Select(b => b.AsClauses()).ToList();
        if (perBranch.Any(c => c.Count == 0)) return Unknown;

        // (A and B) or (C and D) = (A or C) and (A or D) and (B or C) and (B or D): distribute
        // while that stays small, otherwise keep each branch's best clause only.
        long combinations = perBranch.Aggregate(1L, (n, c) => n * c.Count);
        if (combinations > MaxClauses)
        {
            var union = new HashSet<string>(StringComparer.Ordinal);
            foreach (var clauses in perBranch)
            {
                if (Best(clauses) is not [var best, ..]) return Unknown;
                union.UnionWith(best);
            }
            return OfClauses([union]);
        }
        IEnumerable<HashSet<string>> result = [new HashSet<string>(StringComparer.Ordinal)];
        foreach (var branch in perBranch)
        {
            result = [.. result.SelectMany(acc => branch.Select(clause => acc.Union(clause).ToHashSet(StringComparer.Ordinal)))];
        }
        return OfClauses(result);
    }

    /// <summary>Info for a quantified fragment.</summary>
    public LiteralInfo Repeat(int min, int max)
    {
        if (min == 1 && max == 1) return this;
        if (min == 0)
        {
            // x? keeps an exact set (plus the empty string); longer optional runs tell nothing.
            if (max == 1 && Exact is { } exact && exact.Count < MaxExact) return new LiteralInfo([.. exact, ""], NoClauses);
            return Unknown;
        }
        return OfClauses(AsClauses());
    }

    private static HashSet<string> Cross(HashSet<string> left, HashSet<string> right)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var l in left)
        {
            foreach (var r in right) result.Add(l + r);
        }
        return result;
    }

    // Keeps the most selective clauses: those whose weakest literal is longest, then the smallest.
    private static IReadOnlyList<HashSet<string>> Best(IEnumerable<HashSet<string>> clauses) =>
        [.. clauses
            .Where(c => c.Count is > 0 and <= MaxClauseSize && !c.Contains(""))
            .OrderByDescending(c => c.Min(s => s.Length))
            .ThenBy(c => c.Count)
            .Take(MaxClauses)];
}

namespace Shortener.Core.Enrichment.UserAgents;

/// <summary>
/// Derives, from a regex pattern, a set of literal strings at least one of which occurs in
/// every match. <see cref="LiteralIndex"/> looks for all of them in one pass, which lets the
/// parsers skip most of the ~1,200 regexes per user agent without running them; this matters most
/// for patterns such as <c>^.{0,200}?(...)</c> or 200-way alternations, where the regex
/// engine itself cannot skip ahead and costs hundreds of microseconds per input.
/// </summary>
/// <remarks>
/// The filter must never reject an input the regex would match, so anything the analysis does
/// not understand yields "no filter". Literals are compared ignoring case, which is only ever
/// weaker than a case-sensitive regex and so stays safe for both kinds of rule.
/// </remarks>
internal static class RegexLiteralPrefilter
{
    // Shortest literal worth indexing: single characters like ';' are in nearly every UA.
    private const int MinUsefulLength = 2;

    /// <summary>
    /// Clauses (sets of lower-cased literals) such that every match contains a literal from each
    /// clause; null when nothing useful is known.
    /// </summary>
    public static IReadOnlyList<IReadOnlyCollection<string>>? RequiredLiterals(string pattern)
    {
        LiteralInfo info;
        try
        {
            info = new PatternAnalyzer(pattern).Analyze();
        }
        catch (NotSupportedException)
        {
            return null;
        }
        // Dropping a clause only weakens the filter, so too-short literals just lose their clause.
        var clauses = info.AsClauses().Where(c => c.All(s => s.Length >= MinUsefulLength)).ToArray();
        return clauses.Length == 0 ? null : clauses;
    }
}

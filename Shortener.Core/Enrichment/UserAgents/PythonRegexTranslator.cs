using System.Text;

namespace Shortener.Core.Enrichment.UserAgents;

/// <summary>
/// Rewrites uap-core patterns (written for Python's <c>re</c>) where .NET would read them
/// differently. The current regexes.yaml needs none of these, which the conformance tests
/// confirm, but a data update could bring them in; each one either fails to compile in .NET
/// or, worse, silently means something else.
/// </summary>
/// <remarks>
/// Handled: <c>(?P&lt;name&gt;</c> and <c>(?P=name)</c> named groups; <c>\Z</c> (Python: end of
/// string; .NET: also before a final newline) → <c>\z</c>; <c>{,n}</c> (Python: 0 to n; .NET:
/// literal text) → <c>{0,n}</c>; an unescaped <c>[</c> inside a class (literal in Python; in
/// .NET <c>-[</c> starts a class subtraction) → <c>\[</c>.
/// Semantics that already agree: <c>\d</c>, <c>\w</c>, <c>\s</c> and <c>\b</c> are Unicode-aware in
/// both; <c>$</c> matches at the end or before a final newline in both; <c>.</c> excludes <c>\n</c>.
/// </remarks>
internal static class PythonRegexTranslator
{
    public static string Translate(string pattern)
    {
        // Fast path: none of the constructs above can occur without one of these characters.
        if (pattern.AsSpan().IndexOfAny("P[{Z") < 0) return pattern;

        var sb = new StringBuilder(pattern.Length + 8);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var next = pattern[++i];
                if (next == 'Z' && !inClass) sb.Append(@"\z");
                else sb.Append(c).Append(next);
                continue;
            }
            if (inClass)
            {
                if (c == ']') inClass = false;
                sb.Append(c == '[' ? @"\[" : c.ToString());
                continue;
            }
            switch (c)
            {
                case '[':
                    inClass = true;
                    sb.Append(c);
                    // A ']' right after '[' or '[^' is a literal member in both dialects.
                    if (i + 1 < pattern.Length && pattern[i + 1] == '^') sb.Append(pattern[++i]);
                    if (i + 1 < pattern.Length && pattern[i + 1] == ']') sb.Append(pattern[++i]);
                    break;
                case '(' when Matches(pattern, i, "(?P<"):
                    sb.Append("(?<");
                    i += 3;
                    break;
                case '(' when Matches(pattern, i, "(?P="):
                    var close = pattern.IndexOf(')', i);
                    if (close < 0) goto default;
                    sb.Append(@"\k<").Append(pattern, i + 4, close - i - 4).Append('>');
                    i = close;
                    break;
                case '{' when i + 1 < pattern.Length && pattern[i + 1] == ',' && IsUpperBound(pattern, i + 2):
                    sb.Append("{0");
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }

    private static bool Matches(string pattern, int at, string text) =>
        pattern.AsSpan(at).StartsWith(text, StringComparison.Ordinal);

    // True for "n}" at pattern[at..], i.e. the rest of a "{,n}" quantifier.
    private static bool IsUpperBound(string pattern, int at)
    {
        var i = at;
        while (i < pattern.Length && char.IsAsciiDigit(pattern[i])) i++;
        return i > at && i < pattern.Length && pattern[i] == '}';
    }
}

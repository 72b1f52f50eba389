namespace Shortener.Core.Enrichment.UserAgents;

/// <summary>
/// Recursive-descent reader of the regex syntax used by uap-core and crawler-user-agents
/// (the common subset of Python, JavaScript and .NET), producing a <see cref="LiteralInfo"/>.
/// Throws <see cref="NotSupportedException"/> on anything it does not understand, which the
/// caller turns into "no prefilter".
/// </summary>
internal sealed class PatternAnalyzer(string pattern)
{
    // Classes with more members than this (e.g. [A-Za-z]) are not worth expanding.
    private const int MaxClassChars = 4;

    private int _pos;

    public LiteralInfo Analyze()
    {
        var info = ParseAlternation();
        if (_pos != pattern.Length) throw new NotSupportedException($"Unbalanced ')' at {_pos}.");
        return info;
    }

    private bool AtEnd => _pos >= pattern.Length;

    private char Peek => pattern[_pos];

    private LiteralInfo ParseAlternation()
    {
        var branches = new List<LiteralInfo> { ParseConcat() };
        while (!AtEnd && Peek == '|')
        {
            _pos++;
            branches.Add(ParseConcat());
        }
        return branches.Count == 1 ? branches[0] : LiteralInfo.Alternate(branches);
    }

    private LiteralInfo ParseConcat()
    {
        var parts = new List<LiteralInfo>();
        while (!AtEnd && Peek != '|' && Peek != ')')
        {
            var atom = ParseAtom();
            parts.Add(ParseQuantifier(atom));
        }
        return LiteralInfo.Concat(parts);
    }

    private LiteralInfo ParseAtom()
    {
        var c = pattern[_pos++];
        switch (c)
        {
            case '(':
                return ParseGroup();
            case '[':
                return ParseClass();
            case '\\':
                return ParseEscape();
            case '.':
                return LiteralInfo.Unknown;
            case '^' or '$':
                return LiteralInfo.Empty();
            case '*' or '+' or '?' or '{':
                // A quantifier with nothing to repeat, or a literal '{' in Python syntax: bail out.
                throw new NotSupportedException($"Unexpected '{c}' at {_pos - 1}.");
            default:
                return LiteralInfo.OfChars([c]);
        }
    }

    private LiteralInfo ParseGroup()
    {
        var zeroWidth = false;
        if (!AtEnd && Peek == '?')
        {
            var rest = pattern.AsSpan(_pos);
            if (rest.StartsWith("?:")) _pos += 2;
            else if (rest.StartsWith("?=") || rest.StartsWith("?!")) { _pos += 2; zeroWidth = true; }
            else if (rest.StartsWith("?<=") || rest.StartsWith("?<!")) { _pos += 3; zeroWidth = true; }
            else if (rest.StartsWith("?P<") || rest.StartsWith("?<")) _pos = pattern.IndexOf('>', _pos) + 1;
            else throw new NotSupportedException($"Group construct at {_pos}.");
            if (_pos == 0) throw new NotSupportedException("Unterminated group name.");
        }
        var inner = ParseAlternation();
        if (AtEnd || Peek != ')') throw new NotSupportedException("Unterminated group.");
        _pos++;
        // Lookarounds consume nothing, so ignoring their content only weakens the filter.
        return zeroWidth ? LiteralInfo.Empty() : inner;
    }

    private LiteralInfo ParseEscape()
    {
        if (AtEnd) throw new NotSupportedException("Trailing backslash.");
        var c = pattern[_pos++];
        return c switch
        {
            'b' or 'B' or 'A' or 'z' or 'Z' => LiteralInfo.Empty(),
            'd' or 'D' or 'w' or 'W' or 's' or 'S' => LiteralInfo.Unknown,
            _ when char.IsAsciiLetterOrDigit(c) => throw new NotSupportedException($"Escape \\{c}."),
            _ => LiteralInfo.OfChars([c]),
        };
    }

    private LiteralInfo ParseClass()
    {
        var negated = !AtEnd && Peek == '^';
        if (negated) _pos++;
        var chars = new HashSet<char>();
        var tooBroad = negated;
        var first = true;
        while (true)
        {
            if (AtEnd) throw new NotSupportedException("Unterminated class.");
            var c = pattern[_pos++];
            if (c == ']' && !first) break;
            first = false;
            if (c == '\\')
            {
                if (AtEnd) throw new NotSupportedException("Trailing backslash.");
                c = pattern[_pos++];
                if (char.IsAsciiLetterOrDigit(c))
                {
                    // \d, \w, \s and friends are broad; other letter escapes are not expected here.
                    if (c is 'd' or 'D' or 'w' or 'W' or 's' or 'S') { tooBroad = true; continue; }
                    throw new NotSupportedException($"Class escape \\{c}.");
                }
            }
            if (_pos + 1 < pattern.Length && Peek == '-' && pattern[_pos + 1] != ']')
            {
                _pos++;
                var end = pattern[_pos++];
                if (end == '\\') end = AtEnd ? throw new NotSupportedException("Bad range.") : pattern[_pos++];
                if (end - c > MaxClassChars * 2) tooBroad = true;
                else for (var x = c; x <= end; x++) chars.Add(char.ToLowerInvariant(x));
                continue;
            }
            chars.Add(char.ToLowerInvariant(c));
        }
        return tooBroad || chars.Count > MaxClassChars ? LiteralInfo.Unknown : LiteralInfo.OfChars(chars);
    }

    private LiteralInfo ParseQuantifier(LiteralInfo atom)
    {
        if (AtEnd) return atom;
        int min, max;
        switch (Peek)
        {
            case '*': min = 0; max = int.MaxValue; _pos++; break;
            case '+': min = 1; max = int.MaxValue; _pos++; break;
            case '?': min = 0; max = 1; _pos++; break;
            case '{' when TryParseBraces(out min, out max): break;
            default: return atom;
        }
        // Lazy '?' or possessive '+' suffixes change backtracking, not what can match.
        if (!AtEnd && Peek is '?' or '+') _pos++;
        return atom.Repeat(min, max);
    }

    private bool TryParseBraces(out int min, out int max)
    {
        min = max = 0;
        var close = pattern.IndexOf('}', _pos);
        if (close < 0) return false;
        var body = pattern.AsSpan(_pos + 1, close - _pos - 1);
        var comma = body.IndexOf(',');
        if (comma < 0)
        {
            if (!int.TryParse(body, out min)) return false;
            max = min;
        }
        else
        {
            var lo = body[..comma];
            var hi = body[(comma + 1)..];
            if (lo.IsEmpty) min = 0;
            else if (!int.TryParse(lo, out min)) return false;
            if (hi.IsEmpty) max = int.MaxValue;
            else if (!int.TryParse(hi, out max)) return false;
        }
        _pos = close + 1;
        return true;
    }
}

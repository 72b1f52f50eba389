namespace Shortener.Core.Enrichment.UserAgents;

/// <summary>
/// Aho-Corasick automaton over the required literals of many regexes (see
/// <see cref="RegexLiteralPrefilter"/>). One pass over a user agent marks which literal
/// clauses occur; a regex whose clauses are not all met is skipped without running. This is
/// the "filtered regex set" technique of RE2 and uap-rust, and replaces ~1,200 scans with one.
/// </summary>
/// <remarks>
/// Literals are ASCII and matched ASCII case-insensitively. A non-ASCII input character can
/// never be part of a literal occurrence for a case-sensitive regex, so for sets of only such
/// regexes it simply breaks the current match; otherwise non-ASCII input marks nothing and the
/// caller runs every regex, because regex case-insensitivity knows equivalences (the Kelvin
/// sign matches 'k') that an ASCII fold does not.
/// </remarks>
internal sealed class LiteralIndex
{
    // Trie in compressed form: node n's children are _childChars/_childNodes[_childStart[n].._childStart[n+1]),
    // sorted by character; the clause ids it completes are _outIds[_outStart[n].._outStart[n+1]).
    private readonly int[] _childStart;
    private readonly char[] _childChars;
    private readonly int[] _childNodes;
    private readonly int[] _fail;
    private readonly int[] _outLink;
    private readonly int[] _outStart;
    private readonly int[] _outIds;
    private readonly int[] _rootNext = new int[128];
    // Regex r's clauses are ids _clauseStart[r].._clauseStart[r+1]; none means it always runs.
    private readonly int[] _clauseStart;
    private readonly int[] _clauseOwner;
    private readonly bool _allCaseSensitive;

    /// <param name="clausesById">For each regex id, the clauses it requires (see <see cref="RegexLiteralPrefilter"/>).</param>
    /// <param name="allCaseSensitive">True when none of the regexes uses IgnoreCase.</param>
    public LiteralIndex(IReadOnlyList<IReadOnlyList<IReadOnlyCollection<string>>?> clausesById, bool allCaseSensitive)
    {
        _allCaseSensitive = allCaseSensitive;
        _clauseStart = new int[clausesById.Count + 1];
        for (var r = 0; r < clausesById.Count; r++) _clauseStart[r + 1] = _clauseStart[r] + (clausesById[r]?.Count ?? 0);
        BitWords = (_clauseStart[^1] + 63) / 64;
        _clauseOwner = new int[_clauseStart[^1]];
        for (var r = 0; r < clausesById.Count; r++) _clauseOwner.AsSpan(_clauseStart[r].._clauseStart[r + 1]).Fill(r);

        var children = new List<SortedDictionary<char, int>> { new() };
        var outputs = new List<List<int>> { new() };
        var allClauses = clausesById.SelectMany(c => c ?? []).ToArray();
        for (var id = 0; id < allClauses.Length; id++)
        {
            foreach (var literal in allClauses[id])
            {
                var node = 0;
                foreach (var ch in literal)
                {
                    var c = FoldAscii(ch);
                    if (!children[node].TryGetValue(c, out var next))
                    {
                        next = children.Count;
                        children.Add(new());
                        outputs.Add(new());
                        children[node][c] = next;
                    }
                    node = next;
                }
                if (outputs[node] is var list && (list.Count == 0 || list[^1] != id)) list.Add(id);
            }
        }

        var count = children.Count;
        NodeCount = count;
        _childStart = new int[count + 1];
        for (var n = 0; n < count; n++) _childStart[n + 1] = _childStart[n] + children[n].Count;
        _childChars = new char[_childStart[count]];
        _childNodes = new int[_childStart[count]];
        for (var n = 0; n < count; n++)
        {
            var i = _childStart[n];
            foreach (var (c, next) in children[n])
            {
                _childChars[i] = c;
                _childNodes[i++] = next;
            }
        }
        _outStart = new int[count + 1];
        for (var n = 0; n < count; n++) _outStart[n + 1] = _outStart[n] + outputs[n].Distinct().Count();
        _outIds = [.. outputs.SelectMany(o => o.Distinct())];

        _fail = new int[count];
        _outLink = new int[count];
        BuildLinks();
        for (var c = 0; c < 128; c++) _rootNext[c] = Child(0, (char)c);
    }

    public int NodeCount { get; }

    /// <summary>Length of the bit set <see cref="MarkCandidates"/> fills (one bit per clause).</summary>
    public int BitWords { get; }

    /// <summary>Number of regexes that have clauses (the rest always run).</summary>
    public int FilteredCount => Enumerable.Range(0, _clauseStart.Length - 1).Count(r => _clauseStart[r + 1] > _clauseStart[r]);

    /// <summary>Whether regex <paramref name="id"/> can match, given the bits from <see cref="MarkCandidates"/>.</summary>
    public bool MayMatch(int id, ReadOnlySpan<ulong> found)
    {
        for (var c = _clauseStart[id]; c < _clauseStart[id + 1]; c++)
        {
            if ((found[c >> 6] & (1UL << c)) == 0) return false;
        }
        return true;
    }

    /// <summary>Sets the bit of every clause one of whose literals occurs in <paramref name="input"/>.</summary>
    /// <returns>False when nothing could be filtered (caller must run every regex).</returns>
    public bool MarkCandidates(ReadOnlySpan<char> input, Span<ulong> bits)
    {
        var state = 0;
        foreach (var ch in input)
        {
            if (ch >= 128)
            {
                if (!_allCaseSensitive) return false;
                state = 0;
                continue;
            }
            var c = FoldAscii(ch);
            while (true)
            {
                var next = state == 0 ? _rootNext[c] : Child(state, c);
                if (next >= 0) { state = next; break; }
                if (state == 0) break;
                state = _fail[state];
            }
            for (var o = HasOutput(state) ? state : _outLink[state]; o > 0; o = _outLink[o])
            {
                for (var i = _outStart[o]; i < _outStart[o + 1]; i++)
                {
                    var id = _outIds[i];
                    bits[id >> 6] |= 1UL << id;
                }
            }
        }
        return true;
    }

    /// <summary>
    /// The regex id owning the lowest set clause bit at or after <paramref name="clause"/>, or -1;
    /// lets a caller that only needs some match visit the few candidates instead of every regex.
    /// </summary>
    public int NextCandidate(ReadOnlySpan<ulong> found, ref int clause)
    {
        while (clause < _clauseOwner.Length)
        {
            var word = clause >> 6;
            var bits = found[word] & (ulong.MaxValue << (clause & 63));
            if (bits == 0)
            {
                clause = (word + 1) << 6;
                continue;
            }
            var owner = _clauseOwner[(word << 6) + System.Numerics.BitOperations.TrailingZeroCount(bits)];
            clause = _clauseStart[owner + 1]; // carry on after this regex's clauses
            if (MayMatch(owner, found)) return owner;
        }
        return -1;
    }

    /// <summary>Whether regex <paramref name="id"/> has no clauses (the index cannot rule it out).</summary>
    public bool IsUnfiltered(int id) => _clauseStart[id + 1] == _clauseStart[id];

    private bool HasOutput(int node) => _outStart[node + 1] > _outStart[node];

    private int Child(int node, char c)
    {
        var lo = _childStart[node];
        var hi = _childStart[node + 1] - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >> 1;
            var m = _childChars[mid];
            if (m == c) return _childNodes[mid];
            if (m < c) lo = mid + 1;
            else hi = mid - 1;
        }
        return -1;
    }

    // Breadth-first: a node's failure link is the longest proper suffix that is also a trie
    // path; its output link is the nearest node along failure links that ends a literal.
    private void BuildLinks()
    {
        var queue = new Queue<int>();
        for (var i = _childStart[0]; i < _childStart[1]; i++) queue.Enqueue(_childNodes[i]);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            var f = _fail[node];
            _outLink[node] = HasOutput(f) ? f : _outLink[f];
            for (var i = _childStart[node]; i < _childStart[node + 1]; i++)
            {
                var (c, child) = (_childChars[i], _childNodes[i]);
                var s = f;
                int target;
                while ((target = Child(s, c)) < 0 && s != 0) s = _fail[s];
                _fail[child] = target >= 0 && target != child ? target : 0;
                queue.Enqueue(child);
            }
        }
    }

    private static char FoldAscii(char c) => c is >= 'A' and <= 'Z' ? (char)(c | 0x20) : c;
}

using System.Text;
using System.Text.RegularExpressions;

namespace Shortener.Core.Enrichment.UserAgents;

/// <summary>
/// A uap-core replacement such as <c>"Odys $1 $2"</c>, split once into literals and group
/// references so a match is expanded without re-scanning the template.
/// </summary>
/// <remarks>
/// Semantics follow the reference implementation (uap-python): <c>$1</c>..<c>$9</c> become the
/// group's text (empty when the group did not take part or does not exist), the result is
/// trimmed, and an empty result means "no value" (null).
/// </remarks>
internal sealed class ReplacementTemplate
{
    // Literal parts have Group == 0; group references have a null Literal.
    private readonly (string? Literal, int Group)[] _parts;

    // The two common shapes are resolved without a StringBuilder: exactly "$n" (every
    // field's default) and a constant (most *_replacement values).
    private readonly int _singleGroup;
    private readonly string? _constant;
    private readonly bool _isConstant;

    private ReplacementTemplate((string?, int)[] parts)
    {
        _parts = parts;
        _singleGroup = parts is [(null, var g)] ? g : 0;
        _isConstant = parts.All(p => p.Item2 == 0);
        if (_isConstant) _constant = Normalize(string.Concat(parts.Select(p => p.Item1)));
    }

    public static ReplacementTemplate Group(int index) => new([(null, index)]);

    public static ReplacementTemplate Parse(string template)
    {
        var parts = new List<(string?, int)>();
        var literal = new StringBuilder();
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '$' && i + 1 < template.Length && template[i + 1] is >= '1' and <= '9')
            {
                if (literal.Length > 0)
                {
                    parts.Add((literal.ToString(), 0));
                    literal.Clear();
                }
                parts.Add((null, template[++i] - '0'));
            }
            else
            {
                literal.Append(c);
            }
        }
        if (literal.Length > 0) parts.Add((literal.ToString(), 0));
        return new ReplacementTemplate([.. parts]);
    }

    public string? Expand(Match match)
    {
        if (_isConstant) return _constant;
        if (_singleGroup > 0) return Normalize(GroupText(match, _singleGroup));

        var sb = new StringBuilder();
        foreach (var (literal, group) in _parts)
        {
            if (group == 0) sb.Append(literal);
            else sb.Append(GroupText(match, group));
        }
        return Normalize(sb.ToString());
    }

    private static ReadOnlySpan<char> GroupText(Match match, int index)
    {
        var groups = match.Groups;
        if (index >= groups.Count) return default;
        var g = groups[index];
        return g.Success ? g.ValueSpan : default;
    }

    private static string? Normalize(ReadOnlySpan<char> value)
    {
        var trimmed = value.Trim();
        return trimmed.IsEmpty ? null : trimmed.ToString();
    }

    private static string? Normalize(string value)
    {
        var trimmed = value.AsSpan().Trim();
        if (trimmed.IsEmpty) return null;
        return trimmed.Length == value.Length ? value : trimmed.ToString();
    }
}

using System.Globalization;

namespace Shortener.Core.Links.Routing;

/// <summary>Reads the visitor's preferred language out of an Accept-Language header, q-values respected.</summary>
public static class AcceptLanguage
{
    private const int MaxEntries = 32;

    /// <summary>
    /// The entry with the highest q (the first of equals; q=0 means "not this one"), lower case, or null when there is
    /// none, only "*", or the header cannot be read.
    /// </summary>
    public static string? Preferred(string? header)
    {
        if (string.IsNullOrWhiteSpace(header)) return null;
        string? best = null;
        var bestQ = 0.0;
        var entries = 0;
        foreach (var range in header.AsSpan().Split(','))
        {
            if (++entries > MaxEntries) break;
            var entry = header.AsSpan()[range].Trim();
            var semicolon = entry.IndexOf(';');
            var tag = (semicolon < 0 ? entry : entry[..semicolon]).Trim();
            var q = semicolon < 0 ? 1.0 : ReadQ(entry[(semicolon + 1)..]);
            if (tag.IsEmpty || tag is "*" || !IsTag(tag) || q <= bestQ) continue;
            (best, bestQ) = (tag.ToString().ToLowerInvariant(), q);
        }
        return best;
    }

    /// <summary>Whether the visitor's <paramref name="preferred"/> language is <paramref name="wanted"/> or a variant of it (de matches de-AT).</summary>
    public static bool Matches(string preferred, string wanted) =>
        preferred.Equals(wanted, StringComparison.OrdinalIgnoreCase)
        || preferred.Length > wanted.Length && preferred[wanted.Length] == '-' && preferred.StartsWith(wanted, StringComparison.OrdinalIgnoreCase);

    /// <summary>A language tag as RFC 5646 spells its characters: letters, digits and hyphens, at most 35.</summary>
    public static bool IsTag(ReadOnlySpan<char> tag)
    {
        if (tag.Length is 0 or > 35 || !char.IsAsciiLetter(tag[0])) return false;
        foreach (var c in tag)
            if (!char.IsAsciiLetterOrDigit(c) && c != '-') return false;
        return true;
    }

    private static double ReadQ(ReadOnlySpan<char> parameters)
    {
        foreach (var range in parameters.Split(';'))
        {
            var p = parameters[range].Trim();
            if (p.Length > 2 && (p[0] is 'q' or 'Q') && p[1] == '=')
                return double.TryParse(p[2..], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var q) && q is >= 0 and <= 1 ? q : 0;
        }
        return 1.0;
    }
}

using System.Text;
using Microsoft.AspNetCore.Http;

namespace Shortener.Core.Links.Routing;

/// <summary>
/// Appends UTM parameters to a target: the link's own, with any utm_* the short URL was opened with taking their place
/// (the visitor's link is the more specific one). A parameter the target already has is kept unless the link's utm says
/// override. Values from the visitor's query are passed on only when they are short, printable text.
/// </summary>
public static class UtmParameters
{
    public const int MaxValueLength = 200;
    private static readonly string[] s_names = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"];

    /// <returns>The target (the same instance when nothing changed) and the source, medium and campaign it ends up with.</returns>
    public static (string Url, string? Source, string? Medium, string? Campaign) Apply(string url, LinkUtm? utm, IQueryCollection query)
    {
        Span<string?> values = [utm?.Source, utm?.Medium, utm?.Campaign, utm?.Term, utm?.Content];
        if (query.Count > 0)
            for (var i = 0; i < s_names.Length; i++)
                if (query.TryGetValue(s_names[i], out var given) && given.Count > 0 && IsPassable(given[0])) values[i] = given[0];
        var any = false;
        foreach (var v in values) any |= v is not null;
        if (!any) return (url, null, null, null);

        var hash = url.IndexOf('#');
        var (head, fragment) = hash < 0 ? (url, "") : (url[..hash], url[hash..]);
        var question = head.IndexOf('?');
        var (path, existing) = question < 0 ? (head, "") : (head[..question], head[(question + 1)..]);
        var overriding = utm?.Override == true;

        var kept = new StringBuilder(url.Length + 64);
        Span<string?> final = [null, null, null, null, null];
        foreach (var pair in existing.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var name = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var index = Array.IndexOf(s_names, name);
            if (index >= 0 && values[index] is not null)
            {
                if (overriding) continue;
                final[index] ??= Uri.UnescapeDataString(eq < 0 ? "" : pair[(eq + 1)..].Replace('+', ' '));
            }
            Append(kept, pair);
        }
        var changed = false;
        for (var i = 0; i < s_names.Length; i++)
        {
            if (values[i] is not { } value || final[i] is not null) continue;
            Append(kept, s_names[i] + "=" + Uri.EscapeDataString(value));
            final[i] = value;
            changed = true;
        }
        var target = changed || overriding ? path + (kept.Length > 0 ? "?" + kept : "") + fragment : url;
        return (target, final[0], final[1], final[2]);
    }

    private static void Append(StringBuilder query, string pair)
    {
        if (query.Length > 0) query.Append('&');
        query.Append(pair);
    }

    /// <summary>Printable, well-formed text of at most <see cref="MaxValueLength"/> characters (it is stored with the click).</summary>
    public static bool IsPassable(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxValueLength) return false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsControl(c)) return false;
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) i++;
            else if (char.IsSurrogate(c)) return false;
        }
        return true;
    }
}

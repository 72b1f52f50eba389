using System.Net;

namespace Shortener.Worker.Jobs;

public sealed record PageSummary(string? Title, string? Description, string? Image);

/// <summary>
/// Reads a page's &lt;title&gt;, meta description and og:image. A scan with IndexOf rather than regular expressions or a
/// parser: the page is a stranger's, and this takes time linear in its length, whatever it holds.
/// </summary>
public static class HtmlPreview
{
    private const int MaxTitle = 300;
    private const int MaxDescription = 1000;

    public static PageSummary Read(string html, Uri page)
    {
        string? title = null, description = null, ogDescription = null, image = null;
        var at = html.IndexOf("<title", StringComparison.OrdinalIgnoreCase);
        if (at >= 0 && html.IndexOf('>', at) is var open and >= 0)
        {
            var close = html.IndexOf("</title", open, StringComparison.OrdinalIgnoreCase);
            if (close > open) title = Clean(html[(open + 1)..close], MaxTitle);
        }
        for (var meta = html.IndexOf("<meta", StringComparison.OrdinalIgnoreCase); meta >= 0;
             meta = html.IndexOf("<meta", meta + 5, StringComparison.OrdinalIgnoreCase))
        {
            var end = html.IndexOf('>', meta);
            if (end < 0) break;
            var attributes = Attributes(html.AsSpan(meta + 5, end - meta - 5));
            var key = (attributes.GetValueOrDefault("name") ?? attributes.GetValueOrDefault("property"))?.ToLowerInvariant();
            if (attributes.GetValueOrDefault("content") is not { } content) continue;
            switch (key)
            {
                case "description": description ??= Clean(content, MaxDescription); break;
                case "og:description": ogDescription ??= Clean(content, MaxDescription); break;
                case "og:image" or "og:image:url" or "og:image:secure_url":
                    image ??= Uri.TryCreate(page, WebUtility.HtmlDecode(content).Trim(), out var url) && url.Scheme is "http" or "https"
                        && url.OriginalString.Length <= 2048 ? url.AbsoluteUri : null;
                    break;
            }
        }
        return new PageSummary(title, description ?? ogDescription, image);
    }

    /// <summary>name="value", name='value' and name=value pairs of one tag.</summary>
    private static Dictionary<string, string> Attributes(ReadOnlySpan<char> tag)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        while (i < tag.Length)
        {
            while (i < tag.Length && (char.IsWhiteSpace(tag[i]) || tag[i] == '/')) i++;
            var nameStart = i;
            while (i < tag.Length && tag[i] != '=' && !char.IsWhiteSpace(tag[i]) && tag[i] != '/') i++;
            var name = tag[nameStart..i].ToString();
            while (i < tag.Length && char.IsWhiteSpace(tag[i])) i++;
            if (i >= tag.Length || tag[i] != '=')
            {
                if (name.Length == 0) i++;
                continue;
            }
            i++;
            while (i < tag.Length && char.IsWhiteSpace(tag[i])) i++;
            string value;
            if (i < tag.Length && tag[i] is '"' or '\'')
            {
                var quote = tag[i++];
                var valueStart = i;
                while (i < tag.Length && tag[i] != quote) i++;
                value = tag[valueStart..i].ToString();
                i++;
            }
            else
            {
                var valueStart = i;
                while (i < tag.Length && !char.IsWhiteSpace(tag[i])) i++;
                value = tag[valueStart..i].ToString();
            }
            if (name.Length > 0) result.TryAdd(name, value);
        }
        return result;
    }

    private static string? Clean(string text, int max)
    {
        var decoded = string.Join(' ', WebUtility.HtmlDecode(text).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (decoded.Length == 0) return null;
        return decoded.Length <= max ? decoded : decoded[..max] + "…";
    }
}

using System.Globalization;
using System.Text;

namespace Shortener.Core.Links;

/// <summary>
/// DESIGN §4: absolute http(s) only, at most 2,048 characters, no credentials. A target is stored in the ASCII form a
/// browser sends (IDN host as punycode, anything else non-ASCII percent-encoded as UTF-8), so the redirect copies it
/// into Location as it is and never converts per request. Invisible and bidirectional controls are refused, not
/// encoded: they exist to make a URL read as something else.
/// </summary>
public static class TargetUrl
{
    public const int MaxLength = 2048;

    /// <summary>Null when <paramref name="url"/> may be a link's target; otherwise why not, in words a person can act on.</summary>
    public static string? Validate(string? url) => Check(url, out _);

    /// <summary>The form to store and send, or null when <paramref name="url"/> is not a valid target (see <see cref="Validate"/>).</summary>
    public static string? ToAscii(string? url) => Check(url, out var ascii) is null ? ascii : null;

    /// <summary>
    /// For a target read back from storage: as it is when it is already printable ASCII (it was validated when written),
    /// else converted as <see cref="ToAscii"/> does (a target stored before this rule); null when it cannot be sent.
    /// </summary>
    public static string? AsStored(string url) => url.AsSpan().ContainsAnyExceptInRange('!', '~') ? ToAscii(url) : url;

    private static string? Check(string? url, out string ascii)
    {
        ascii = "";
        if (string.IsNullOrWhiteSpace(url)) return "A URL is required.";
        if (url.Length > MaxLength) return $"The URL is longer than {MaxLength} characters.";
        if (FindRefused(url) is { } refused) return refused;
        if (Encode(url) is not { } encoded) return "The URL's host is not a valid domain name.";
        if (encoded.Length > MaxLength) return $"The URL is longer than {MaxLength} characters once its non-ASCII characters are encoded.";
        if (!Uri.TryCreate(encoded, UriKind.Absolute, out var uri)) return "The URL must be absolute, for example https://example.com/page.";
        if (uri.Scheme is not ("http" or "https")) return "Only http and https URLs can be shortened.";
        if (!encoded.StartsWith(uri.Scheme + "://", StringComparison.OrdinalIgnoreCase)) return "The URL must be absolute, for example https://example.com/page.";
        if (uri.UserInfo.Length > 0) return "The URL must not contain a user name or password.";
        if (uri.Host.Length == 0) return "The URL has no host.";
        ascii = encoded;
        return null;
    }

    private static string? FindRefused(string url)
    {
        for (var i = 0; i < url.Length; i++)
        {
            var c = url[i];
            if (c < 0x7F && c > 0x20) continue;
            if (Rune.DecodeFromUtf16(url.AsSpan(i), out var rune, out var used) != System.Buffers.OperationStatus.Done)
                return "The URL is not valid Unicode text.";
            i += used - 1;
            if (Rune.IsControl(rune) || Rune.IsWhiteSpace(rune)) return "The URL contains spaces or control characters.";
            if (IsInvisible(rune)) return $"The URL contains an invisible or bidirectional control character (U+{rune.Value:X4}).";
            if ((rune.Value & 0xFFFE) == 0xFFFE || rune.Value is >= 0xFDD0 and <= 0xFDEF) return "The URL is not valid Unicode text.";
        }
        return null;
    }

    /// <summary>
    /// Format characters (zero-width spaces and joiners, bidi marks, embeddings, overrides and isolates, the BOM, tags,
    /// the soft hyphen) and the letters that render as nothing (Hangul fillers, the grapheme joiner, variation selectors).
    /// </summary>
    private static bool IsInvisible(Rune rune) =>
        Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format
        || rune.Value is 0x034F or 0x115F or 0x1160 or 0x3164 or 0xFFA0 or >= 0xFE00 and <= 0xFE0F or >= 0xE0100 and <= 0xE01EF;

    /// <summary>The URL with its host as punycode and every other non-ASCII character percent-encoded; null when the host cannot be.</summary>
    private static string? Encode(string url)
    {
        if (!url.AsSpan().ContainsAnyExceptInRange((char)0x21, (char)0x7E)) return url;
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0) return PercentEncode(url);
        var authorityStart = scheme + 3;
        var authorityEnd = url.AsSpan(authorityStart).IndexOfAny("/?#\\");
        authorityEnd = authorityEnd < 0 ? url.Length : authorityStart + authorityEnd;
        var authority = url[authorityStart..authorityEnd];
        var hostStart = authority.LastIndexOf('@') + 1;
        var literal = authority.AsSpan(hostStart).StartsWith('[');
        var portStart = literal ? -1 : authority.IndexOf(':', hostStart);
        var host = portStart < 0 ? authority[hostStart..] : authority[hostStart..portStart];
        if (literal) host = PercentEncode(host);
        else if (!Ascii.IsValid(host))
        {
            if (ToPunycode(host) is not { } punycode) return null;
            host = punycode;
        }
        var rest = portStart < 0 ? "" : authority[portStart..];
        return PercentEncode(url[..authorityStart]) + PercentEncode(authority[..hostStart]) + host + PercentEncode(rest)
            + PercentEncode(url[authorityEnd..]);
    }

    /// <summary>
    /// IDNA's ASCII form. Invariant globalization leaves out Unicode normalisation, so only the mappings browsers apply
    /// most are made here: lower case, full-width forms and the ideographic full stops.
    /// </summary>
    private static string? ToPunycode(string host)
    {
        var mapped = new StringBuilder(host.Length);
        foreach (var c in host)
            mapped.Append(c switch
            {
                '\u3002' or '\uFF0E' or '\uFF61' => '.',
                >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
                _ => c,
            });
        try
        {
            return new IdnMapping { UseStd3AsciiRules = true }.GetAscii(mapped.ToString().ToLowerInvariant());
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static string PercentEncode(string part)
    {
        if (Ascii.IsValid(part)) return part;
        var builder = new StringBuilder(part.Length * 3);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in part.EnumerateRunes())
        {
            if (rune.IsAscii)
            {
                builder.Append((char)rune.Value);
                continue;
            }
            var n = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..n]) builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }
}

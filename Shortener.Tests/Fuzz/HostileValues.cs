using System.Globalization;
using System.Text;
using CsCheck;

namespace Shortener.Tests.Fuzz;

/// <summary>Generators of the values an attacker, or a broken client, sends: as strings, as JSON, as path segments and headers.</summary>
public static class HostileValues
{
    private static readonly string[] s_nasty =
    [
        "", " ", "\t", "\n", "\r\n", "a\n", "links\n", "\0", "abc\0def", "null", "true", "false", "-1", "0", "00", "+1", "1.5", "1e309",
        "NaN", "-0", "99999999999999999999", "18446744073709551616", "9223372036854775808", "-9223372036854775809", "٣", "١-٠",
        "１２３", "²", "\u202E", "\u200B", "\u200E\u200F", "\uFEFF", "\u2066x\u2069", "\ud800", "\udfff", "\ud83d", "🔥", "é", "ﬁ",
        "İ", "ß", "../..", "..%2F..", "%00", "%ZZ", "%", "%u0041", "' OR 1=1--", "\"", "\\", "<script>alert(1)</script>", "${jndi:x}",
        "{{7*7}}", "=cmd|' /C calc'!A0", "*", "?", "#", "/", "//", ";", ",", "&", "=", "[]", "{}", "0001-01-01", "9999-12-31",
        "2025-02-30", "2025-01-31\n", "1970-01-01T00:00:00Z", "9999-12-31T23:59:59.9999999+14:00", "0-0", "1-0", "1700000000000-0",
        "javascript:alert(1)", "https://пример.рф/", "https://exa\u200Bmple.com/", "http://[::1]:99999/", "https://a@b/", "data:,x",
        new string('a', 65), new string('z', 5000), new string('9', 400), string.Concat(Enumerable.Repeat("\u0301", 300)),
    ];

    /// <summary>A string: a known nasty one, a valid one from <paramref name="known"/>, or random characters of any kind.</summary>
    public static Gen<string> String(IReadOnlyList<string> known) => Gen.Frequency(
        (5, Gen.OneOf(s_nasty)),
        (3, known.Count > 0 ? Gen.OneOf([.. known]) : Gen.OneOf(s_nasty)),
        (2, Gen.String[Gen.Char, 0, 24]),
        (2, Gen.String[Gen.Char['\0', '\x7f'], 0, 24]),
        (1, Gen.Long.Select(n => n.ToString(CultureInfo.InvariantCulture))),
        (1, known.Count > 0 ? Gen.OneOf([.. known]).Select(Gen.OneOf(s_nasty), (k, n) => k + n) : Gen.OneOf(s_nasty)));

    /// <summary>A JSON value of any type, often not the one asked for.</summary>
    public static Gen<string> AnyJson(IReadOnlyList<string> known) => Gen.Frequency(
        (3, String(known).Select(Quote)),
        (1, Gen.OneOf("0", "1", "-1", "1.5", "1e30", "-1e309", "9223372036854775808", "null", "true", "false", "[]", "{}",
            "[null]", "{\"\":null}", "\"\"", Deep('[', ']', 2000), Deep('{', '}', 200, "\"a\":"), "[1,2,3]")));

    /// <summary>A JSON string literal holding <paramref name="s"/>, lone surrogates and all (escaped, as a hostile client writes them).</summary>
    public static string Quote(string s)
    {
        var b = new StringBuilder("\"");
        foreach (var c in s)
        {
            if (c is '"' or '\\') b.Append('\\').Append(c);
            else if (c < 0x20 || char.IsSurrogate(c)) b.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            else b.Append(c);
        }
        return b.Append('"').ToString();
    }

    /// <summary>A path segment: percent-encoded as UTF-8 (lone surrogates as U+FFFD), or now and then sent as it is.</summary>
    public static Gen<string> Segment(IReadOnlyList<string> known) => Gen.Frequency(
        (6, String(known).Select(Escape)),
        (1, Gen.OneOf("%00", "%ZZ", "%", "..", ".", "%2e%2e", "a%2Fb", "%C0%AF", "%FF%FE", "%E2%80%AE")));

    public static string Escape(string s)
    {
        var b = new StringBuilder();
        foreach (var by in Encoding.UTF8.GetBytes(s))
            if (by is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9' or (byte)'-' or (byte)'_' or (byte)'~')
                b.Append((char)by);
            else b.Append('%').Append(by.ToString("X2", CultureInfo.InvariantCulture));
        return b.ToString();
    }

    /// <summary>A header value HTTP can carry (no CR, LF or NUL: those never reach a server as one header).</summary>
    public static Gen<string> HeaderValue(IReadOnlyList<string> known) =>
        String(known).Select(s => new string([.. s.Where(c => c is not ('\r' or '\n' or '\0') && !char.IsSurrogate(c))]));

    public static readonly Gen<string> ContentType = Gen.Frequency(
        (8, Gen.Const("application/json")),
        (1, Gen.OneOf("application/json; charset=utf-8", "application/json; charset=utf-16", "application/json; charset=utf-7",
            "application/json; charset=foo", "application/json; charset=\"utf-8\"", "application/json; charset=", "text/plain",
            "application/x-www-form-urlencoded", "multipart/form-data; boundary=b", "multipart/form-data", "application/xml", ";;;",
            "application/json;;charset=utf-8", "*/*", "application/problem+json", "application/merge-patch+json")));

    public static string Deep(char open, char close, int depth, string inner = "") =>
        string.Concat(Enumerable.Repeat(open + inner, depth)) + (inner.Length > 0 ? "1" : "") + new string(close, depth);
}

using System.Text;
using Shortener.Core.Clicks;
using Shortener.Core.Enrichment.UserAgents;
using Shortener.Core.Links;
using Shortener.Core.Slugs;
using StackExchange.Redis;

namespace Shortener.Fuzz;

/// <summary>
/// The pure parsers, each with what must hold for any input: no exception but the documented one, and what the parser
/// promises about its output. A broken promise throws, which AFL records as a crash.
/// </summary>
public static class Targets
{
    public static readonly IReadOnlyDictionary<string, Action<byte[]>> All = new Dictionary<string, Action<byte[]>>
    {
        ["url"] = Url,
        ["slug"] = Slug,
        ["ua"] = UserAgent,
        ["pack"] = Pack,
        ["click"] = Click,
        ["stream-id"] = StreamId,
    };

    // Made on first use, inside the fuzz loop: instrumented code (all of Shortener.Core) must not run before SharpFuzz
    // has mapped AFL's shared memory, or it writes its coverage nowhere and the process dies.
    private static SlugCodec? s_slugs;
    private static UserAgentAnalyzer? s_agents;
    private static SlugCodec Slugs => s_slugs ??= new(new SlugOptions { Salt = "fuzz" });
    private static UserAgentAnalyzer Agents => s_agents ??= new(new UserAgentAnalyzerOptions { CacheCapacity = 0 });

    /// <summary>A target is valid exactly when it has an ASCII form; that form is sendable in Location, stable, and valid itself.</summary>
    private static void Url(byte[] input)
    {
        var url = Text(input);
        var error = TargetUrl.Validate(url);
        var ascii = TargetUrl.ToAscii(url);
        Check((error is null) == (ascii is not null), $"Validate and ToAscii disagree on {Show(url)}");
        // What the redirect's cache fill makes of a stored target: always sendable, and a valid target as it is.
        if (TargetUrl.AsStored(url) is { } stored) Check(stored.All(c => c is > ' ' and < (char)0x7F), $"{Show(stored)} is stored unsendable");
        if (ascii is null) return;
        Check(TargetUrl.AsStored(ascii) == ascii, $"{Show(ascii)} changes when read back");
        Check(ascii.Length <= TargetUrl.MaxLength, $"{Show(ascii)} is too long");
        Check(ascii.All(c => c is > ' ' and < (char)0x7F), $"{Show(ascii)} cannot be a header value");
        Check(TargetUrl.ToAscii(ascii) == ascii, $"{Show(ascii)} is not stable");
        Check(Uri.TryCreate(ascii, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https", $"{Show(ascii)} is no http(s) URL");
    }

    /// <summary>Only canonical slugs decode, and they encode back to themselves; ids round-trip.</summary>
    private static void Slug(byte[] input)
    {
        var text = Text(input);
        if (Slugs.TryDecode(text, out var id)) Check(Slugs.Encode(id) == text, $"{Show(text)} decodes to {id}, which encodes otherwise");
        if (input.Length >= 8)
        {
            var n = BitConverter.ToInt64(input, 0) & long.MaxValue;
            var slug = Slugs.Encode(n);
            Check(Slugs.TryDecode(slug, out var back) && back == n, $"{n} encodes to {slug}, which does not decode back");
        }
    }

    private static void UserAgent(byte[] input)
    {
        var info = Agents.Analyze(Text(input));
        Check(info.Browser is not null && info.Os is not null, "an analysis without families");
    }

    /// <summary>A pack decodes to clicks or is a FormatException; what decodes, encodes to a pack that decodes the same.</summary>
    private static void Pack(byte[] input)
    {
        List<ClickEvent> clicks;
        try
        {
            clicks = ClickPackCodec.Decode(input);
        }
        catch (FormatException)
        {
            return;
        }
        Check(ClickPackCodec.PeekCount(input) == clicks.Count, "PeekCount disagrees with Decode");
        var again = ClickPackCodec.Decode(ClickPackCodec.Encode(clicks));
        Check(again.SequenceEqual(clicks), "a decoded pack does not survive encoding");
    }

    /// <summary>A one-click entry (fields separated by NUL, name and value by '='): a click or a FormatException.</summary>
    private static void Click(byte[] input)
    {
        var entries = Text(input).Split('\0').Select(f => f.Split('=', 2)).Select(p => new NameValueEntry(p[0], p.Length > 1 ? p[1] : RedisValue.Null)).ToArray();
        try
        {
            var click = ClickEventCodec.FromEntries(entries);
            Check(click.LinkId > 0, "a click without a link");
            Check(ClickEventCodec.FromEntries(ClickEventCodec.ToEntries(click)) == click, "a click does not survive encoding");
        }
        catch (FormatException)
        {
        }
    }

    private static void StreamId(byte[] input)
    {
        var text = Text(input);
        if (!StreamEntryId.TryParseStrict(text, out var id)) return;
        Check(StreamEntryId.TryParseStrict(id.ToString(), out var again) && again == id, $"{Show(text)} does not round-trip");
        Check(text.All(char.IsAsciiDigit) || text.Count(c => c == '-') == 1, $"{Show(text)} accepted with other characters");
    }

    /// <summary>Inputs are UTF-8 as a client would send it; invalid bytes become U+FFFD, as in the api.</summary>
    private static string Text(byte[] input) => Encoding.UTF8.GetString(input);

    private static string Show(string s) => System.Text.Json.JsonSerializer.Serialize(s.Length <= 300 ? s : s[..300]);

    private static void Check(bool holds, string what)
    {
        if (!holds) throw new InvalidOperationException("Broken promise: " + what);
    }
}

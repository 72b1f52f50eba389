namespace Shortener.Core.Enrichment.UserAgents;

/// <summary>
/// Derives a <see cref="DeviceType"/> from the uap-core result and the raw user agent.
/// uap-core names devices (family, brand, model) but not their kind, so the kind comes from
/// markers in the string (<see cref="DeviceTypeHints"/>) plus the Android convention that
/// tablets' browsers leave "Mobile" out.
/// </summary>
/// <remarks>
/// The hint regexes are big case-insensitive alternations that the engine must try at almost
/// every position (~5-10 µs each per user agent). A <see cref="LiteralIndex"/> over their
/// literals finds in one pass which of them can match at all, so a typical user agent runs
/// one or two of them instead of all eight.
/// </remarks>
internal static class DeviceTypeClassifier
{
    private enum Hint { Wearable, Console, Tv, Embedded, Tablet, Mobile, PhoneModel, Desktop }

    private static readonly System.Text.RegularExpressions.Regex[] HintRegexes =
    [
        DeviceTypeHints.Wearable(), DeviceTypeHints.Console(), DeviceTypeHints.Tv(), DeviceTypeHints.Embedded(),
        DeviceTypeHints.Tablet(), DeviceTypeHints.Mobile(), DeviceTypeHints.PhoneModel(), DeviceTypeHints.Desktop(),
    ];

    private static readonly LiteralIndex HintIndex = new(
        [.. HintRegexes.Select(r => RegexLiteralPrefilter.RequiredLiterals(r.ToString()))], allCaseSensitive: false);

    // OS families that only run on phones, whatever else the string says.
    private static readonly HashSet<string> PhoneOses = new(StringComparer.Ordinal)
    {
        "iOS", "Windows Phone", "Windows Mobile", "Windows CE", "BlackBerry OS", "BlackBerry Tablet OS", "Symbian OS",
        "Symbian^3", "Symbian^3 Anna", "Symbian^3 Belle", "Nokia Series 40", "Nokia Series 30 Plus", "KaiOS",
        "Firefox OS", "Bada", "webOS", "MeeGo", "Maemo", "Sailfish", "Tizen", "Brew MP", "BREW", "Java ME",
    };

    private static readonly HashSet<string> DesktopOses = new(StringComparer.Ordinal)
    {
        "Windows", "Mac OS X", "macOS", "Mac OS", "Linux", "Ubuntu", "Kubuntu", "Debian", "Fedora", "Red Hat", "CentOS",
        "SUSE", "openSUSE", "Gentoo", "Mandriva", "Slackware", "Arch Linux", "Mint", "Chrome OS", "Chromecast OS",
        "FreeBSD", "OpenBSD", "NetBSD", "Solaris", "Haiku", "BeOS", "OS/2", "AmigaOS", "Windows 95", "Windows 98",
        "Windows ME", "Windows 2000", "Windows XP", "Windows Vista", "Windows 7", "Windows 8", "Windows 8.1", "Windows 10",
        "Windows RT", "Windows RT 8.1", "Windows NT", "Windows NT 4.0", "Windows 3.1",
    };

    public static DeviceType Classify(string userAgent, UapResult uap, bool isBot)
    {
        if (isBot || uap.Device.Family == "Spider") return DeviceType.Bot;

        Span<ulong> found = stackalloc ulong[HintIndex.BitWords];
        var hints = new Hints(userAgent, found, HintIndex.MarkCandidates(userAgent, found));
        if (hints.Has(Hint.Wearable)) return DeviceType.Wearable;
        if (hints.Has(Hint.Console)) return DeviceType.Console;
        if (hints.Has(Hint.Tv) || uap.Os.Family is "tvOS" or "Roku" or "Chromecast OS") return DeviceType.Tv;
        if (hints.Has(Hint.Embedded)) return DeviceType.Other;
        if (IsTablet(userAgent, uap, hints)) return DeviceType.Tablet;

        var os = uap.Os.Family;
        if (os == "Android" || userAgent.Contains("Android", StringComparison.OrdinalIgnoreCase))
        {
            // Android browsers put "Mobile" in phone UAs and leave it out on tablets. App HTTP
            // clients (Dalvik, okhttp) never say either, and phones are far more common there.
            return hints.Has(Hint.Mobile) || hints.Has(Hint.PhoneModel) || IsAppClient(userAgent)
                ? DeviceType.Mobile
                : DeviceType.Tablet;
        }
        if (PhoneOses.Contains(os) || IsPhoneDevice(uap.Device) || hints.Has(Hint.Mobile)) return DeviceType.Mobile;
        if (DesktopOses.Contains(os) || hints.Has(Hint.Desktop)) return DeviceType.Desktop;
        return DeviceType.Other;
    }

    private static bool IsTablet(string userAgent, UapResult uap, Hints hints)
    {
        var family = uap.Device.Family;
        if (family.StartsWith("iPad", StringComparison.Ordinal) || family.Contains("Tablet", StringComparison.Ordinal)
            || family.StartsWith("Kindle", StringComparison.Ordinal))
        {
            return true;
        }
        // "Tablet PC" is a Windows desktop capability flag, not a tablet.
        return hints.Has(Hint.Tablet) && !userAgent.Contains("Tablet PC", StringComparison.Ordinal);
    }

    /// <summary>Runs a hint regex only when the literal index says it can match.</summary>
    private readonly ref struct Hints(string userAgent, ReadOnlySpan<ulong> found, bool filtered)
    {
        private readonly ReadOnlySpan<ulong> _found = found;

        public bool Has(Hint hint) =>
            (!filtered || HintIndex.MayMatch((int)hint, _found)) && HintRegexes[(int)hint].IsMatch(userAgent);
    }

    private static bool IsPhoneDevice(UapDevice device) =>
        device.Family is "iPhone" or "iPod" or "Generic Smartphone" or "Generic Feature Phone"
        || device.Family.StartsWith("iPhone", StringComparison.Ordinal);

    private static bool IsAppClient(string userAgent) =>
        userAgent.StartsWith("Dalvik/", StringComparison.Ordinal) || userAgent.StartsWith("okhttp", StringComparison.OrdinalIgnoreCase);
}

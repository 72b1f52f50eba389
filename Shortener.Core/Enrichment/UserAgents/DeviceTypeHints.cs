using System.Text.RegularExpressions;

namespace Shortener.Core.Enrichment.UserAgents;

/// <summary>
/// User-agent markers for the device kinds uap-core does not report. Largely distilled from
/// ua-parser-js 1.0 (MIT), whose device table is the usual reference for these kinds.
/// Source-generated, so they cost nothing at startup and run as compiled code.
/// </summary>
/// <remarks>
/// <see cref="DeviceTypeClassifier"/> only runs a hint when one of its literals occurs in the
/// user agent, so branches are written to carry distinctive literals: some Android model codes
/// are anchored on the "; " that precedes them rather than on \b, because a bare "tm" or "ow"
/// occurs in "(KHTML" or "Windows" and would make the hint run for every desktop browser.
/// </remarks>
internal static partial class DeviceTypeHints
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    /// <summary>Watches, glasses and XR headsets (checked first: many also say "Mobile Safari").</summary>
    [GeneratedRegex(
        @"\bwatch ?os[,/ ]|\bwatch[0-9]+,[0-9]+|apple watch|\bsm-[lr][0-9]{2}[0156][a-z]{0,2}\b|\bgear (?:live|s[0-9]?|fit)\b" +
        @"|smart ?watch|zenwatch|\bg watch\b|lg watch|pixel watch|moto 360|ticwatch|wear ?os|\bglass [0-9]" +
        @"|; (?:opwwe|owwe)[0-9]{3}\b|; ow[0-9][0-9]w[0-9]\b|\bwt6[03]{2,3}\b|pebble" +
        @"|; quest(?: [0-9]| pro)?[;)]|oculusbrowser|\bpico (?:4|neo)|\bvr safari|visionos",
        Options)]
    public static partial Regex Wearable();

    /// <summary>Game consoles and handhelds (Xbox UAs also claim Windows Phone).</summary>
    [GeneratedRegex(
        @"playstation|\bpsp\b|\bxbox\b|nintendo|\bouya\b|; shield(?: build|\))",
        Options)]
    public static partial Regex Console();

    /// <summary>Smart TVs, streaming sticks and set-top boxes.</summary>
    [GeneratedRegex(
        @"smart-?tv|\bhbbtv|netcast|web0s|webos.?tv|\btizen\b.*\btv\b|\btv safari|\bapple ?tv|\btvos|\bcrkey" +
        @"|google ?tv|android ?tv|; aft[a-z]{1,4}(?: build|\))|\broku|\bbravia|aquos-?tv|\(dtv|\bmitv|\bmibox" +
        @"|opera tv|\(tv;|\btv; rv:|philipstv|nettv/|\bviera\b|maple;|vidaa|ce-html|\bfvc/|\bdtv\b|tv box|\bfire ?tv",
        Options)]
    public static partial Regex Tv();

    /// <summary>Tablets by generic marker or known model code.</summary>
    [GeneratedRegex(
        // Generic markers and Apple, Amazon, Google, BlackBerry, Microsoft
        @"\bipad\b|\btablet\b|\btab[;/]|focus/[0-9](?!.+mobile)|\bkindle\b|\bkf[a-z]{2,5}(?: build|\)|;)|\bplaybook\b" +
        @"|\bnexus (?:7|9|10)\b|\bpixel (?:c|tablet)\b|surface duo|\bxoom\b|\bmz60[0-9]\b" +
        // Samsung Galaxy Tab / Note tablets
        @"|\b(?:sm-[ptx][0-9]{3}|gt-[pn][0-9]{4}|sch-i[89]0[0-9]|shw-m380|sgh-t8[56]9)" +
        // Huawei MediaPad / MatePad and Honor Pad
        @"|\b(?:ag[rs][2356]?k?|bah[234]?|bg[2o]|bt[kv]|cmr|cpn|db[ry]2?|jdn2?|got|kob2?k?|mon|pce|scm|sht?|[tw]gr|vrd|mrx|hdn)-[ad]?[lw][0125][09]b?(?:hn)?\b" +
        @"|\b(?:brt|eln|hey2?|gdi|agm3?)-a?[lnw]09|\bmediapad|\bmatepad|\b605hw\b|\b(?:gem|fdr|m2|ple|t1)-[7a]0[1-4][lu]\b|\bt1-a2[13][lw]\b" +
        // Xiaomi / Redmi Pad, OPPO / OnePlus Pad
        @"|\b(?:red)?mi[-_ ]?pad|; 2[0-9bc]{4}(?:182|283|rp\w{2})[cgl]\b|\bm2105k81a?c\b|\bopd2[0-9]{3}a?\b" +
        // Lenovo
        @"|\bideatab|\blenovo ?(?:tab|tb|yt)|\btb[0-9]?-?[a-z]?[0-9]{3,4}[a-z]{0,2}[0-9]?\b|\btb[0-9]{3}[a-z]{2}\b|\byt[0-9]?-[jx]?[0-9]+[lfmx]\b" +
        @"|\b(?:602lv|d-42a|a101lv|a2109a|a3500-hv|s[56]000)\b|lenovo ?b[68]0[08]0|\bpb-?6505" +
        // Sony, Asus, Acer, LG, TCL, Archos, Nvidia
        @"|\bsgp[0-9]{3}|sony ?sgp|sony tablet|\bpadfone|(?:\b|asus_)p00[cj]\b|transformer|\btegranote|shield tablet" +
        @"|droid.+; [ab][1-7]-?[0178a][0-9][0-9]?\b|\b(?:lg)?[vl]k-?[0-9]{3}\b" +
        @"|\b(?:8[14]9[16]|9(?:0(?:48|60|8[01])|1(?:3[27]|66)|2(?:6[69]|9[56])|466))[gqswx]\b" +
        @"|archos ?(?:5|gamepad2?|(?:[\w ]*[t1789]|hello) ?[0-9]+[\w ]*)(?: b|\))|; (?:x67 5g|tikeasy \w+|ac[1789][0-9]\w+)(?: b|\))" +
        // Smaller brands' tablet lines
        @"|\brct[0-9]{4}|\bvenue ?[0-9]|\bq(?:mv|ta)\w+ b|barnes[& ]+noble|\bnook\b|\bbn[rt]v?[0-9]|; tm[0-9]{3}\w+ b|\bk88 b|\bzur[0-9]{3}" +
        @"|dragon ?touch|; dt\w{5} b|\bns-p\w+|\bnxa\w+ b|\bnext[0-9]\w+ b|\bv100md\b|\btrio[-\w. ]+ b|\btu_[0-9]{4}|gigaset q|le ?pan|trinity t[0-9]" +
        @"|smart tab|\bimo tab|\bkobo\b|touchpad|dell streak|\bmid[0-9]{3,4}\b|nokia t[12][0-9]\b|\bbg2-u03\b|itel (?:w7001|p10001l)" +
        // Amazon Echo Show (AEOBC, the Echo Dot, is a speaker)
        @"|\baeo(?!bc)[a-z]{2}\b",
        Options)]
    public static partial Regex Tablet();

    /// <summary>Phones (and PDAs) by marker.</summary>
    [GeneratedRegex(
        @"iphone|ipod|\bmobile\b|\bmobi\b|windows phone|iemobile|windows ce|blackberry|\bbb10\b|symbian|series ?60|\bs60\b" +
        @"|j2me|midp|opera mini|up\.browser|netfront|obigo|nokia|sonyericsson|kaios|\bphone\b|\bpda\b|palmos|\bpalm\b" +
        @"|maemo|sailfish|docomo|kddi|softbank|\bsamsung-|\blg-|\bsie-|\bmot-",
        Options)]
    public static partial Regex Mobile();

    /// <summary>
    /// Phone models whose browsers sometimes leave "Mobile" out (desktop mode, old Chrome), which
    /// would otherwise read as Android tablets.
    /// </summary>
    [GeneratedRegex(
        @"\b(?:sm|gt|sch|sph|sgh)-(?![lrptx][0-9])[a-z]?[0-9]{3}|; pixel [0-9][a-z ]{0,6}(?: build|\))|\bnexus [456]\b",
        Options)]
    public static partial Regex PhoneModel();

    /// <summary>Cars, smart speakers and other embedded browsers (reported as <see cref="DeviceType.Other"/>).</summary>
    [GeneratedRegex(@"homepod|\btesla\b|qtcarbrowser|\baeobc\b|windows iot", Options)]
    public static partial Regex Embedded();

    /// <summary>Desktop platforms, when the OS family alone does not tell (e.g. unknown browsers).</summary>
    [GeneratedRegex(
        @"windows nt|\bwin(?:32|64|98|95)\b|\bwow64\b|macintosh|mac os x|\bx11\b|\bcros\b|linux (?:x86_64|i[3-6]86)|freebsd|openbsd|netbsd|sunos",
        Options)]
    public static partial Regex Desktop();
}

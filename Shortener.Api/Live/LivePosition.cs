using System.Globalization;
using Shortener.Core.Clicks;

namespace Shortener.Api.Live;

/// <summary>
/// Where an event sits in clicks:live, and its SSE id: the entry's id and the click's place in it, "1795364899118-0:5".
/// Ordered as the stream is.
/// </summary>
public readonly record struct LivePosition(StreamEntryId Entry, int Index) : IComparable<LivePosition>
{
    public static bool TryParse(string? text, out LivePosition position)
    {
        position = default;
        if (text is null) return false;
        var colon = text.LastIndexOf(':');
        var dash = text.IndexOf('-');
        if (colon < 0 || dash < 0 || dash > colon) return false;
        if (!ulong.TryParse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            || !ulong.TryParse(text.AsSpan(dash + 1, colon - dash - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var seq)
            || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            return false;
        position = new LivePosition(new StreamEntryId(ms, seq), index);
        return true;
    }

    public int CompareTo(LivePosition other) => Entry != other.Entry ? Entry.CompareTo(other.Entry) : Index.CompareTo(other.Index);

    public static bool operator <=(LivePosition a, LivePosition b) => a.CompareTo(b) <= 0;
    public static bool operator >=(LivePosition a, LivePosition b) => a.CompareTo(b) >= 0;
    public static bool operator <(LivePosition a, LivePosition b) => a.CompareTo(b) < 0;
    public static bool operator >(LivePosition a, LivePosition b) => a.CompareTo(b) > 0;

    public override string ToString() => $"{Entry}:{Index.ToString(CultureInfo.InvariantCulture)}";
}

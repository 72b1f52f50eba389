using System.Globalization;

namespace Shortener.Core.Clicks;

/// <summary>A Redis stream entry id ("milliseconds-sequence"), ordered as Redis orders them.</summary>
public readonly record struct StreamEntryId(ulong Milliseconds, ulong Sequence) : IComparable<StreamEntryId>
{
    public static StreamEntryId Parse(string id)
    {
        var dash = id.IndexOf('-');
        return dash < 0
            ? new StreamEntryId(ulong.Parse(id, CultureInfo.InvariantCulture), 0)
            : new StreamEntryId(ulong.Parse(id.AsSpan(0, dash), CultureInfo.InvariantCulture),
                ulong.Parse(id.AsSpan(dash + 1), CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Reads an id a client sent: "milliseconds-sequence" in ASCII digits only (a regex's \d also takes Arabic-Indic and
    /// other digits), each part within 64 bits, so Redis never sees an id it refuses.
    /// </summary>
    public static bool TryParseStrict(string? id, out StreamEntryId parsed)
    {
        parsed = default;
        var dash = id?.IndexOf('-') ?? -1;
        if (dash <= 0 || !TryParsePart(id.AsSpan(0, dash), out var ms) || !TryParsePart(id.AsSpan(dash + 1), out var seq)) return false;
        parsed = new StreamEntryId(ms, seq);
        return true;
    }

    private static bool TryParsePart(ReadOnlySpan<char> part, out ulong value)
    {
        value = 0;
        return part.Length is > 0 and <= 20 && !part.ContainsAnyExceptInRange('0', '9')
            && ulong.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>The smallest id greater than this one.</summary>
    public StreamEntryId Next() => Sequence == ulong.MaxValue ? new(Milliseconds + 1, 0) : this with { Sequence = Sequence + 1 };

    public int CompareTo(StreamEntryId other) =>
        Milliseconds != other.Milliseconds ? Milliseconds.CompareTo(other.Milliseconds) : Sequence.CompareTo(other.Sequence);

    public static bool operator <(StreamEntryId a, StreamEntryId b) => a.CompareTo(b) < 0;
    public static bool operator >(StreamEntryId a, StreamEntryId b) => a.CompareTo(b) > 0;
    public static bool operator <=(StreamEntryId a, StreamEntryId b) => a.CompareTo(b) <= 0;
    public static bool operator >=(StreamEntryId a, StreamEntryId b) => a.CompareTo(b) >= 0;

    public override string ToString() => $"{Milliseconds}-{Sequence}";
}

using StackExchange.Redis;

namespace Shortener.Core.Clicks;

/// <summary>Cuts a read of stream entries into parts of about a number of clicks, by the entries' own sizes.</summary>
public static class ClickEntryParts
{
    /// <summary>
    /// Consecutive parts, in order, each of whole entries: at least one entry, and no more clicks than
    /// <paramref name="clicksPerPart"/> unless one entry alone holds more.
    /// </summary>
    public static IEnumerable<StreamEntry[]> Split(StreamEntry[] entries, int clicksPerPart)
    {
        var start = 0;
        var clicks = 0;
        for (var i = 0; i < entries.Length; i++)
        {
            var size = ClicksIn(entries[i]);
            if (i > start && clicks + size > clicksPerPart)
            {
                yield return entries[start..i];
                (start, clicks) = (i, 0);
            }
            clicks += size;
        }
        if (start < entries.Length) yield return start == 0 ? entries : entries[start..];
    }

    /// <summary>Clicks in an entry, from a pack's header (nothing is decoded); anything else counts as one.</summary>
    public static int ClicksIn(StreamEntry entry) =>
        entry.IsNull ? 1 : Math.Max(1, ClickPackCodec.PeekCount(((ReadOnlyMemory<byte>)StreamFields.Get(entry.Values, ClickPackCodec.FieldUtf8)).Span));
}

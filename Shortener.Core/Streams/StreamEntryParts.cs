using StackExchange.Redis;

namespace Shortener.Core.Streams;

/// <summary>Cuts a read of stream entries into parts of about a number of messages, by the entries' own sizes.</summary>
public static class StreamEntryParts
{
    /// <summary>
    /// Consecutive parts, in order, each of whole entries: at least one entry, and no more messages than
    /// <paramref name="perPart"/> unless one entry alone holds more.
    /// </summary>
    public static IEnumerable<StreamEntry[]> Split(StreamEntry[] entries, int perPart, Func<StreamEntry, int> sizeOf)
    {
        var start = 0;
        var count = 0;
        for (var i = 0; i < entries.Length; i++)
        {
            var size = sizeOf(entries[i]);
            if (i > start && count + size > perPart)
            {
                yield return entries[start..i];
                (start, count) = (i, 0);
            }
            count += size;
        }
        if (start < entries.Length) yield return start == 0 ? entries : entries[start..];
    }
}

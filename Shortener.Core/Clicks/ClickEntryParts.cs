using Shortener.Core.Streams;
using StackExchange.Redis;

namespace Shortener.Core.Clicks;

/// <summary>Cuts a read of click entries into parts of about a number of clicks, by the entries' own sizes.</summary>
public static class ClickEntryParts
{
    /// <inheritdoc cref="StreamEntryParts.Split"/>
    public static IEnumerable<StreamEntry[]> Split(StreamEntry[] entries, int clicksPerPart) =>
        StreamEntryParts.Split(entries, clicksPerPart, ClicksIn);

    /// <summary>Clicks in an entry, from a pack's header (nothing is decoded); anything else counts as one.</summary>
    public static int ClicksIn(StreamEntry entry) =>
        entry.IsNull ? 1 : Math.Max(1, ClickPackCodec.PeekCount(((ReadOnlyMemory<byte>)StreamFields.Get(entry.Values, ClickPackCodec.FieldUtf8)).Span));
}

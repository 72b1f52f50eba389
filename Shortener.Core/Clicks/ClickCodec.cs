using Shortener.Core.Streams;
using StackExchange.Redis;

namespace Shortener.Core.Clicks;

/// <summary>Clicks for the shared pipeline: one click as named fields, more as a pack.</summary>
public sealed class ClickCodec : IStreamCodec<ClickEvent>
{
    public static readonly ClickCodec Instance = new();

    public NameValueEntry[] ToEntries(IReadOnlyList<ClickEvent> messages) =>
        messages.Count == 1 ? ClickEventCodec.ToEntries(messages[0]) : ClickPackCodec.ToEntries(messages);

    public List<ClickEvent> Read(StreamEntry entry)
    {
        var pack = StreamFields.Get(entry.Values, ClickPackCodec.FieldUtf8);
        return pack.IsNull ? [ClickEventCodec.FromEntries(entry.Values)] : ClickPackCodec.Decode(((ReadOnlyMemory<byte>)pack).Span);
    }

    public int CountIn(StreamEntry entry) => ClickEntryParts.ClicksIn(entry);

    public Guid IdOf(ClickEvent message) => message.EventId;
}

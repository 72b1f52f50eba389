using System.Buffers.Binary;
using Shortener.Core.Clicks;
using Shortener.Core.Streams;
using StackExchange.Redis;

namespace Shortener.Core.Events;

/// <summary>Site events in stream entries: always a pack (field "events"), binary and versioned like click packs.</summary>
public sealed class EventPackCodec : IStreamCodec<SiteEvent>
{
    public static readonly EventPackCodec Instance = new();

    private const string Field = "events";
    private static ReadOnlySpan<byte> FieldUtf8 => "events"u8;
    private const byte Version = 1;
    private const int FixedBytes = 24; // id, occurred_at
    private const int MinBytes = FixedBytes + 6 * 4;

    public NameValueEntry[] ToEntries(IReadOnlyList<SiteEvent> messages) => [new(Field, Encode(messages))];

    public List<SiteEvent> Read(StreamEntry entry)
    {
        var pack = StreamFields.Get(entry.Values, FieldUtf8);
        if (pack.IsNull) throw new FormatException("Event entry has no events field.");
        return Decode(((ReadOnlyMemory<byte>)pack).Span);
    }

    public int CountIn(StreamEntry entry) =>
        entry.IsNull ? 1 : Math.Max(1, BinaryPack.PeekCount(((ReadOnlyMemory<byte>)StreamFields.Get(entry.Values, FieldUtf8)).Span, Version));

    public Guid IdOf(SiteEvent message) => message.EventId;

    public static byte[] Encode(IReadOnlyList<SiteEvent> events)
    {
        var size = BinaryPack.HeaderSize + events.Sum(e => FixedBytes + BinaryPack.Length(e.SiteId) + BinaryPack.Length(e.EventType)
            + BinaryPack.Length(e.Path) + BinaryPack.Length(e.UserId) + BinaryPack.Length(e.Ip) + BinaryPack.Length(e.UserAgent));
        var buffer = new byte[size];
        var span = buffer.AsSpan();
        BinaryPack.WriteHeader(span, Version, events.Count);
        var at = BinaryPack.HeaderSize;
        foreach (var e in events)
        {
            e.EventId.TryWriteBytes(span[at..]);
            BinaryPrimitives.WriteInt64LittleEndian(span[(at + 16)..], e.OccurredAt.ToUnixTimeMilliseconds());
            at += FixedBytes;
            at = BinaryPack.WriteString(span, at, e.SiteId);
            at = BinaryPack.WriteString(span, at, e.EventType);
            at = BinaryPack.WriteString(span, at, e.Path);
            at = BinaryPack.WriteString(span, at, e.UserId);
            at = BinaryPack.WriteString(span, at, e.Ip);
            at = BinaryPack.WriteString(span, at, e.UserAgent);
        }
        return buffer;
    }

    /// <exception cref="FormatException">The pack is damaged or of an unknown version.</exception>
    public static List<SiteEvent> Decode(ReadOnlySpan<byte> pack)
    {
        var count = BinaryPack.ReadCount(pack, Version, MinBytes, "Event");
        var events = new List<SiteEvent>(count);
        var at = BinaryPack.HeaderSize;
        try
        {
            for (var i = 0; i < count; i++)
            {
                var id = new Guid(pack.Slice(at, 16));
                var ms = BinaryPrimitives.ReadInt64LittleEndian(pack[(at + 16)..]);
                at += FixedBytes;
                var site = BinaryPack.ReadString(pack, ref at);
                var type = BinaryPack.ReadString(pack, ref at);
                var path = BinaryPack.ReadString(pack, ref at);
                var user = BinaryPack.ReadString(pack, ref at);
                var ip = BinaryPack.ReadString(pack, ref at);
                var agent = BinaryPack.ReadString(pack, ref at);
                if (site is null || type is null) throw new FormatException($"Event {id:N} in a pack has no site or type.");
                if (ms < 0 || ms > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()) throw new FormatException($"Event {id:N} has timestamp {ms}.");
                events.Add(new SiteEvent(id, site, type, path, user, DateTimeOffset.FromUnixTimeMilliseconds(ms), ip, agent));
            }
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or ArgumentException)
        {
            throw new FormatException("Event pack is truncated or damaged.", e);
        }
        if (at != pack.Length) throw new FormatException("Event pack has trailing bytes.");
        return events;
    }
}

using System.Buffers.Binary;
using Shortener.Core.Streams;
using StackExchange.Redis;

namespace Shortener.Core.Clicks;

/// <summary>
/// Many clicks in one stream entry (field "pack"): one XADD and one stream entry per batch instead of per click,
/// which is most of the cost of moving clicks through Redis. Binary, versioned, and read strictly: a damaged pack
/// is a <see cref="FormatException"/>, never a half-read batch. Event ids stay per click, so storage stays exact.
/// </summary>
public static class ClickPackCodec
{
    public const string Field = "pack";
    public static ReadOnlySpan<byte> FieldUtf8 => "pack"u8;
    private const byte Version = 1;

    public static NameValueEntry[] ToEntries(IReadOnlyList<ClickEvent> clicks) => [new(Field, Encode(clicks))];

    public static bool IsPack(StreamEntry entry) => !StreamFields.Get(entry.Values, FieldUtf8).IsNull;

    public static byte[] Encode(IReadOnlyList<ClickEvent> clicks)
    {
        var size = BinaryPack.HeaderSize + clicks.Sum(c => 32 + BinaryPack.Length(c.Ip) + BinaryPack.Length(c.UserAgent)
            + BinaryPack.Length(c.Referrer) + BinaryPack.Length(c.TraceParent));
        var buffer = new byte[size];
        var span = buffer.AsSpan();
        BinaryPack.WriteHeader(span, Version, clicks.Count);
        var at = BinaryPack.HeaderSize;
        foreach (var click in clicks)
        {
            click.EventId.TryWriteBytes(span[at..]);
            BinaryPrimitives.WriteInt64LittleEndian(span[(at + 16)..], click.LinkId);
            BinaryPrimitives.WriteInt64LittleEndian(span[(at + 24)..], click.OccurredAt.ToUnixTimeMilliseconds());
            at += 32;
            at = BinaryPack.WriteString(span, at, click.Ip);
            at = BinaryPack.WriteString(span, at, click.UserAgent);
            at = BinaryPack.WriteString(span, at, click.Referrer);
            at = BinaryPack.WriteString(span, at, click.TraceParent);
        }
        return buffer;
    }

    /// <summary>How many clicks a pack says it holds, without reading them; 0 when it is not a pack of this version.</summary>
    public static int PeekCount(ReadOnlySpan<byte> pack) => BinaryPack.PeekCount(pack, Version);

    /// <exception cref="FormatException">The pack is damaged or of an unknown version.</exception>
    public static List<ClickEvent> Decode(ReadOnlySpan<byte> pack)
    {
        var count = BinaryPack.ReadCount(pack, Version, 48, "Click");
        var clicks = new List<ClickEvent>(count);
        var at = BinaryPack.HeaderSize;
        try
        {
            for (var i = 0; i < count; i++)
            {
                var id = new Guid(pack.Slice(at, 16));
                var link = BinaryPrimitives.ReadInt64LittleEndian(pack[(at + 16)..]);
                var ms = BinaryPrimitives.ReadInt64LittleEndian(pack[(at + 24)..]);
                at += 32;
                var ip = BinaryPack.ReadString(pack, ref at);
                var agent = BinaryPack.ReadString(pack, ref at);
                var referrer = BinaryPack.ReadString(pack, ref at);
                var trace = BinaryPack.ReadString(pack, ref at);
                if (link <= 0) throw new FormatException($"Click {id:N} in a pack has link id {link}.");
                clicks.Add(new ClickEvent(id, link, DateTimeOffset.FromUnixTimeMilliseconds(ms), ip, agent, referrer, trace));
            }
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or ArgumentException)
        {
            throw new FormatException("Click pack is truncated or damaged.", e);
        }
        if (at != pack.Length) throw new FormatException("Click pack has trailing bytes.");
        return clicks;
    }
}

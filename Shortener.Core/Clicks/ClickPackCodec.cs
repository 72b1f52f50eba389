using System.Buffers.Binary;
using System.Text;
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
        var size = 5 + clicks.Sum(c => 32 + 16 + Length(c.Ip) + Length(c.UserAgent) + Length(c.Referrer) + Length(c.TraceParent));
        var buffer = new byte[size];
        var span = buffer.AsSpan();
        span[0] = Version;
        BinaryPrimitives.WriteInt32LittleEndian(span[1..], clicks.Count);
        var at = 5;
        foreach (var click in clicks)
        {
            click.EventId.TryWriteBytes(span[at..]);
            BinaryPrimitives.WriteInt64LittleEndian(span[(at + 16)..], click.LinkId);
            BinaryPrimitives.WriteInt64LittleEndian(span[(at + 24)..], click.OccurredAt.ToUnixTimeMilliseconds());
            at += 32;
            at = WriteString(span, at, click.Ip);
            at = WriteString(span, at, click.UserAgent);
            at = WriteString(span, at, click.Referrer);
            at = WriteString(span, at, click.TraceParent);
        }
        return buffer;
    }

    /// <summary>How many clicks a pack says it holds, without reading them; 0 when it is not a pack of this version.</summary>
    public static int PeekCount(ReadOnlySpan<byte> pack) =>
        pack.Length < 5 || pack[0] != Version ? 0 : Math.Max(0, BinaryPrimitives.ReadInt32LittleEndian(pack[1..]));

    /// <exception cref="FormatException">The pack is damaged or of an unknown version.</exception>
    public static List<ClickEvent> Decode(ReadOnlySpan<byte> pack)
    {
        if (pack.Length < 5 || pack[0] != Version) throw new FormatException("Click pack has an unknown version or is empty.");
        var count = BinaryPrimitives.ReadInt32LittleEndian(pack[1..]);
        if (count < 0 || count > pack.Length / 48) throw new FormatException($"Click pack claims {count} clicks in {pack.Length} bytes.");
        var clicks = new List<ClickEvent>(count);
        var at = 5;
        try
        {
            for (var i = 0; i < count; i++)
            {
                var id = new Guid(pack.Slice(at, 16));
                var link = BinaryPrimitives.ReadInt64LittleEndian(pack[(at + 16)..]);
                var ms = BinaryPrimitives.ReadInt64LittleEndian(pack[(at + 24)..]);
                at += 32;
                var ip = ReadString(pack, ref at);
                var agent = ReadString(pack, ref at);
                var referrer = ReadString(pack, ref at);
                var trace = ReadString(pack, ref at);
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

    private static int Length(string? s) => s is null ? 0 : Encoding.UTF8.GetByteCount(s);

    private static int WriteString(Span<byte> span, int at, string? value)
    {
        if (value is null)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[at..], -1);
            return at + 4;
        }
        var written = Encoding.UTF8.GetBytes(value, span[(at + 4)..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[at..], written);
        return at + 4 + written;
    }

    private static string? ReadString(ReadOnlySpan<byte> pack, ref int at)
    {
        var length = BinaryPrimitives.ReadInt32LittleEndian(pack[at..]);
        at += 4;
        if (length == -1) return null;
        if (length < 0 || at + length > pack.Length) throw new FormatException("Click pack has a bad string length.");
        var value = Encoding.UTF8.GetString(pack.Slice(at, length));
        at += length;
        return value;
    }
}

using System.Buffers.Binary;
using System.Text;
using Shortener.Core.Clicks;
using Shortener.Core.Enrichment;
using StackExchange.Redis;

namespace Shortener.Core.Live;

/// <summary>
/// Stored clicks in one clicks:live entry (field "clicks"): binary and versioned like <see cref="ClickPackCodec"/>, one
/// XADD per pack of clicks rather than per click, so publishing costs the drain little. Read strictly: a damaged entry
/// is a <see cref="FormatException"/>.
/// </summary>
public static class LiveClickCodec
{
    public const string Field = "clicks";
    public static ReadOnlySpan<byte> FieldUtf8 => "clicks"u8;
    private const byte Version = 1;
    private const int FixedSize = 16 + 8 + 8 + 1; // event id, link id, occurred_at (Unix ms), is_bot

    public static NameValueEntry[] ToEntries(ReadOnlySpan<EnrichedClick> clicks) => [new(Field, Encode(clicks))];

    public static byte[] Encode(ReadOnlySpan<EnrichedClick> clicks)
    {
        var size = 5;
        foreach (ref readonly var c in clicks)
            size += FixedSize + 5 * 2 + Length(c.Country) + Length(c.ReferrerHost) + Length(c.Browser) + Length(c.Os) + Length(c.DeviceType);
        var buffer = new byte[size];
        var span = buffer.AsSpan();
        span[0] = Version;
        BinaryPrimitives.WriteInt32LittleEndian(span[1..], clicks.Length);
        var at = 5;
        foreach (ref readonly var c in clicks)
        {
            c.EventId.TryWriteBytes(span[at..]);
            BinaryPrimitives.WriteInt64LittleEndian(span[(at + 16)..], c.LinkId);
            BinaryPrimitives.WriteInt64LittleEndian(span[(at + 24)..], c.OccurredAt.ToUnixTimeMilliseconds());
            span[at + 32] = c.IsBot ? (byte)1 : (byte)0;
            at += FixedSize;
            at = WriteString(span, at, c.Country);
            at = WriteString(span, at, c.ReferrerHost);
            at = WriteString(span, at, c.Browser);
            at = WriteString(span, at, c.Os);
            at = WriteString(span, at, c.DeviceType);
        }
        return buffer;
    }

    /// <summary>The clicks of one clicks:live entry, in the order they were stored.</summary>
    /// <exception cref="FormatException">The entry is not one this codec wrote.</exception>
    public static List<LiveClick> Decode(StreamEntry entry)
    {
        var value = StreamFields.Get(entry.Values, FieldUtf8);
        if (value.IsNull) throw new FormatException($"Live entry {entry.Id} has no '{Field}' field.");
        return Decode(((ReadOnlyMemory<byte>)value).Span);
    }

    /// <exception cref="FormatException">The pack is damaged or of an unknown version.</exception>
    public static List<LiveClick> Decode(ReadOnlySpan<byte> pack)
    {
        if (pack.Length < 5 || pack[0] != Version) throw new FormatException("Live pack has an unknown version or is empty.");
        var count = BinaryPrimitives.ReadInt32LittleEndian(pack[1..]);
        if (count < 0 || count > pack.Length / (FixedSize + 10)) throw new FormatException($"Live pack claims {count} clicks in {pack.Length} bytes.");
        var clicks = new List<LiveClick>(count);
        var at = 5;
        try
        {
            for (var i = 0; i < count; i++)
            {
                var id = new Guid(pack.Slice(at, 16));
                var link = BinaryPrimitives.ReadInt64LittleEndian(pack[(at + 16)..]);
                var ms = BinaryPrimitives.ReadInt64LittleEndian(pack[(at + 24)..]);
                var isBot = pack[at + 32] switch { 0 => false, 1 => true, var b => throw new FormatException($"Live pack has is_bot {b}.") };
                at += FixedSize;
                var country = ReadString(pack, ref at);
                var referrerHost = ReadString(pack, ref at);
                var browser = ReadString(pack, ref at);
                var os = ReadString(pack, ref at);
                var device = ReadString(pack, ref at);
                clicks.Add(new LiveClick(id, link, DateTimeOffset.FromUnixTimeMilliseconds(ms), country, referrerHost, browser, os, device, isBot));
            }
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or ArgumentException)
        {
            throw new FormatException("Live pack is truncated or damaged.", e);
        }
        if (at != pack.Length) throw new FormatException("Live pack has trailing bytes.");
        return clicks;
    }

    // Lengths are 16 bits: these are short values (a host name is at most 253 bytes). A longer one is cut rather than
    // refused (at a third of the limit in UTF-16 units, which can never exceed it in UTF-8), so publishing never fails.
    private const int MaxStringChars = (ushort.MaxValue - 1) / 3;
    private const ushort NullLength = ushort.MaxValue;

    private static ReadOnlySpan<char> Clip(string value) => value.Length <= MaxStringChars ? value : value.AsSpan(0, MaxStringChars);

    private static int Length(string? s) => s is null ? 0 : Encoding.UTF8.GetByteCount(Clip(s));

    private static int WriteString(Span<byte> span, int at, string? value)
    {
        if (value is null)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(span[at..], NullLength);
            return at + 2;
        }
        var written = Encoding.UTF8.GetBytes(Clip(value), span[(at + 2)..]);
        BinaryPrimitives.WriteUInt16LittleEndian(span[at..], (ushort)written);
        return at + 2 + written;
    }

    private static string? ReadString(ReadOnlySpan<byte> pack, ref int at)
    {
        var length = BinaryPrimitives.ReadUInt16LittleEndian(pack[at..]);
        at += 2;
        if (length == NullLength) return null;
        if (at + length > pack.Length) throw new FormatException("Live pack has a bad string length.");
        var value = Encoding.UTF8.GetString(pack.Slice(at, length));
        at += length;
        return value;
    }
}

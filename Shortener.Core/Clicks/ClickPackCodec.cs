using System.Buffers.Binary;
using System.Text;
using Shortener.Core.Links.Routing;
using Shortener.Core.Streams;
using StackExchange.Redis;

namespace Shortener.Core.Clicks;

/// <summary>
/// Many clicks in one stream entry (field "pack"): one XADD and one stream entry per batch instead of per click,
/// which is most of the cost of moving clicks through Redis. Binary, versioned, and read strictly: a damaged pack
/// is a <see cref="FormatException"/>, never a half-read batch. Event ids stay per click, so storage stays exact.
/// Version 2 adds one flags byte per click, followed by what the redirect chose (rule, variant, UTM) when it chose
/// anything; version 1 packs (sent before an upgrade) are still read.
/// </summary>
public static class ClickPackCodec
{
    public const string Field = "pack";
    public static ReadOnlySpan<byte> FieldUtf8 => "pack"u8;
    private const byte Version = 2, Version1 = 1;
    private const byte HasRule = 1, HasVariant = 2, HasSource = 4, HasMedium = 8, HasCampaign = 16;

    public static NameValueEntry[] ToEntries(IReadOnlyList<ClickEvent> clicks) => [new(Field, Encode(clicks))];

    public static bool IsPack(StreamEntry entry) => !StreamFields.Get(entry.Values, FieldUtf8).IsNull;

    public static byte[] Encode(IReadOnlyList<ClickEvent> clicks)
    {
        var size = BinaryPack.HeaderSize + clicks.Sum(c => 32 + 1 + BinaryPack.Length(c.Ip) + BinaryPack.Length(c.UserAgent)
            + BinaryPack.Length(c.Referrer) + BinaryPack.Length(c.TraceParent) + Length(c.Choice));
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
            at = WriteChoice(span, at, click.Choice);
        }
        return buffer;
    }

    /// <summary>How many clicks a pack says it holds, without reading them; 0 when it is not a pack of this version.</summary>
    public static int PeekCount(ReadOnlySpan<byte> pack) => Math.Max(BinaryPack.PeekCount(pack, Version), BinaryPack.PeekCount(pack, Version1));

    /// <exception cref="FormatException">The pack is damaged or of an unknown version.</exception>
    public static List<ClickEvent> Decode(ReadOnlySpan<byte> pack)
    {
        var withChoices = pack.Length > 0 && pack[0] == Version;
        var count = BinaryPack.ReadCount(pack, withChoices ? Version : Version1, 48, "Click");
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
                var choice = withChoices ? ReadChoice(pack, ref at) : null;
                if (link <= 0) throw new FormatException($"Click {id:N} in a pack has link id {link}.");
                clicks.Add(new ClickEvent(id, link, DateTimeOffset.FromUnixTimeMilliseconds(ms), ip, agent, referrer, trace, choice));
            }
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or ArgumentException or IndexOutOfRangeException)
        {
            throw new FormatException("Click pack is truncated or damaged.", e);
        }
        if (at != pack.Length) throw new FormatException("Click pack has trailing bytes.");
        return clicks;
    }

    private static int Length(ClickChoice? c) => c is null ? 0
        : (c.Rule is null ? 0 : 2) + (c.Variant is null ? 0 : 2) + Optional(c.UtmSource) + Optional(c.UtmMedium) + Optional(c.UtmCampaign);

    private static int Optional(string? s) => s is null ? 0 : 4 + Encoding.UTF8.GetByteCount(s);

    private static int WriteChoice(Span<byte> span, int at, ClickChoice? choice)
    {
        var flagsAt = at++;
        byte flags = 0;
        if (choice is not null)
        {
            if (choice.Rule is { } rule) at = WriteIndex(span, at, rule, ref flags, HasRule);
            if (choice.Variant is { } variant) at = WriteIndex(span, at, variant, ref flags, HasVariant);
            if (choice.UtmSource is not null) (at, flags) = (BinaryPack.WriteString(span, at, choice.UtmSource), (byte)(flags | HasSource));
            if (choice.UtmMedium is not null) (at, flags) = (BinaryPack.WriteString(span, at, choice.UtmMedium), (byte)(flags | HasMedium));
            if (choice.UtmCampaign is not null) (at, flags) = (BinaryPack.WriteString(span, at, choice.UtmCampaign), (byte)(flags | HasCampaign));
        }
        span[flagsAt] = flags;
        return at;
    }

    private static int WriteIndex(Span<byte> span, int at, int index, ref byte flags, byte flag)
    {
        BinaryPrimitives.WriteInt16LittleEndian(span[at..], checked((short)index));
        flags |= flag;
        return at + 2;
    }

    private static ClickChoice? ReadChoice(ReadOnlySpan<byte> pack, ref int at)
    {
        var flags = pack[at++];
        if (flags == 0) return null;
        if ((flags & ~(HasRule | HasVariant | HasSource | HasMedium | HasCampaign)) != 0) throw new FormatException($"Click pack has unknown flags {flags}.");
        int? rule = (flags & HasRule) != 0 ? ReadIndex(pack, ref at) : null;
        int? variant = (flags & HasVariant) != 0 ? ReadIndex(pack, ref at) : null;
        var source = (flags & HasSource) != 0 ? BinaryPack.ReadString(pack, ref at) : null;
        var medium = (flags & HasMedium) != 0 ? BinaryPack.ReadString(pack, ref at) : null;
        var campaign = (flags & HasCampaign) != 0 ? BinaryPack.ReadString(pack, ref at) : null;
        return new ClickChoice(rule, variant, source, medium, campaign);
    }

    private static int ReadIndex(ReadOnlySpan<byte> pack, ref int at)
    {
        var index = BinaryPrimitives.ReadInt16LittleEndian(pack[at..]);
        at += 2;
        if (index < 0) throw new FormatException($"Click pack has a negative rule or variant index ({index}).");
        return index;
    }
}

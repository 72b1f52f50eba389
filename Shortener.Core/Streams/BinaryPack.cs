using System.Buffers.Binary;
using System.Text;

namespace Shortener.Core.Streams;

/// <summary>
/// The layout every pack of messages shares: a version byte, a little-endian count, then the messages, strings as a
/// length (-1 for null) and UTF-8. Read strictly: anything damaged is a <see cref="FormatException"/>.
/// </summary>
public static class BinaryPack
{
    public const int HeaderSize = 5;

    public static int Length(string? s) => 4 + (s is null ? 0 : Encoding.UTF8.GetByteCount(s));

    public static void WriteHeader(Span<byte> span, byte version, int count)
    {
        span[0] = version;
        BinaryPrimitives.WriteInt32LittleEndian(span[1..], count);
    }

    /// <summary>How many messages a pack says it holds; 0 when it is not a pack of this version.</summary>
    public static int PeekCount(ReadOnlySpan<byte> pack, byte version) =>
        pack.Length < HeaderSize || pack[0] != version ? 0 : Math.Max(0, BinaryPrimitives.ReadInt32LittleEndian(pack[1..]));

    /// <summary>The count of a pack of this version, checked against the smallest size of a message.</summary>
    public static int ReadCount(ReadOnlySpan<byte> pack, byte version, int minBytesPerMessage, string what)
    {
        if (pack.Length < HeaderSize || pack[0] != version) throw new FormatException($"{what} pack has an unknown version or is empty.");
        var count = BinaryPrimitives.ReadInt32LittleEndian(pack[1..]);
        if (count < 0 || count > pack.Length / minBytesPerMessage) throw new FormatException($"{what} pack claims {count} messages in {pack.Length} bytes.");
        return count;
    }

    public static int WriteString(Span<byte> span, int at, string? value)
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

    public static string? ReadString(ReadOnlySpan<byte> pack, ref int at)
    {
        var length = BinaryPrimitives.ReadInt32LittleEndian(pack[at..]);
        at += 4;
        if (length == -1) return null;
        if (length < 0 || at + length > pack.Length) throw new FormatException("Pack has a bad string length.");
        var value = Encoding.UTF8.GetString(pack.Slice(at, length));
        at += length;
        return value;
    }
}

using System.Text;

namespace Shortener.Api.Extensions;

/// <summary>
/// How the headers a click stores (User-Agent, Referer) are read: bytes that are valid UTF-8 as UTF-8, anything else as
/// Latin-1, as browsers wrote such headers before UTF-8. Kestrel's own reading refuses the whole request (400) when a
/// header is not UTF-8, which loses the click of an old client over a byte of its user agent.
/// </summary>
public sealed class Utf8OrLatin1Encoding : Encoding
{
    public static readonly Utf8OrLatin1Encoding Instance = new();

    private static readonly Encoding s_utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>For KestrelServerOptions.RequestHeaderEncodingSelector: this encoding for the stored headers, Kestrel's default for the rest.</summary>
    public static Encoding? ForHeader(string name) =>
        name.Equals("User-Agent", StringComparison.OrdinalIgnoreCase) || name.Equals("Referer", StringComparison.OrdinalIgnoreCase) ? Instance : null;

    public override int GetByteCount(char[] chars, int index, int count) => s_utf8.GetByteCount(chars, index, count);

    public override int GetBytes(char[] chars, int charIndex, int charCount, byte[] bytes, int byteIndex) =>
        s_utf8.GetBytes(chars, charIndex, charCount, bytes, byteIndex);

    public override int GetCharCount(byte[] bytes, int index, int count) => GetCharCount(bytes.AsSpan(index, count));

    public override int GetCharCount(ReadOnlySpan<byte> bytes) => System.Text.Unicode.Utf8.IsValid(bytes) ? s_utf8.GetCharCount(bytes) : bytes.Length;

    public override int GetChars(byte[] bytes, int byteIndex, int byteCount, char[] chars, int charIndex) =>
        GetChars(bytes.AsSpan(byteIndex, byteCount), chars.AsSpan(charIndex));

    public override int GetChars(ReadOnlySpan<byte> bytes, Span<char> chars) =>
        System.Text.Unicode.Utf8.IsValid(bytes) ? s_utf8.GetChars(bytes, chars) : Latin1.GetChars(bytes, chars);

    // Encoding.GetString(ReadOnlySpan<byte>), which Kestrel calls, goes through these; without them the base class would
    // copy the bytes into arrays twice for every header.
    public override unsafe int GetCharCount(byte* bytes, int count) => GetCharCount(new ReadOnlySpan<byte>(bytes, count));

    public override unsafe int GetChars(byte* bytes, int byteCount, char* chars, int charCount) =>
        GetChars(new ReadOnlySpan<byte>(bytes, byteCount), new Span<char>(chars, charCount));

    public override int GetMaxByteCount(int charCount) => s_utf8.GetMaxByteCount(charCount);

    public override int GetMaxCharCount(int byteCount) => Math.Max(byteCount, s_utf8.GetMaxCharCount(byteCount));
}

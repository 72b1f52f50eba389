using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Shortener.Core.Slugs;

/// <summary>
/// A Fisher–Yates shuffle keyed by the salt. Slugs already handed out must keep resolving, so this
/// may depend on nothing but the salt: no <see cref="Random"/>, no string hash codes.
/// </summary>
internal static class SaltedShuffle
{
    public static string Apply(string alphabet, string salt)
    {
        var key = SHA256.HashData(Encoding.UTF8.GetBytes(salt));
        var chars = alphabet.ToCharArray();
        Span<byte> position = stackalloc byte[sizeof(int)];
        Span<byte> block = stackalloc byte[HMACSHA256.HashSizeInBytes];
        for (var i = chars.Length - 1; i > 0; i--)
        {
            BinaryPrimitives.WriteInt32BigEndian(position, i);
            HMACSHA256.HashData(key, position, block);
            // A 64-bit draw reduced modulo at most 128 has a bias below 2^-57.
            var j = (int)(BinaryPrimitives.ReadUInt64BigEndian(block) % (ulong)(i + 1));
            (chars[i], chars[j]) = (chars[j], chars[i]);
        }
        return new string(chars);
    }
}

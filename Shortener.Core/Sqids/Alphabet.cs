namespace Sqids;

internal static class Alphabet
{
    /// <summary>The Sqids shuffle: deterministic, driven only by the characters themselves.</summary>
    public static void Shuffle(Span<char> chars)
    {
        for (int i = 0, j = chars.Length - 1; j > 0; i++, j--)
        {
            var r = (i * j + chars[i] + chars[j]) % chars.Length;
            (chars[i], chars[r]) = (chars[r], chars[i]);
        }
    }
}

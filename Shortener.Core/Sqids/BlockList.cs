namespace Sqids;

/// <summary>The blocklist rule of sqids-dotnet, which is broader than the written Sqids spec.</summary>
/// <remarks>
/// The spec blocks a short word (or any word in an ID of 3 characters or fewer) only when it is
/// the whole ID, and a word with digits only at the start or end of the ID. sqids-dotnet makes
/// those checks too but then falls through to a plain "contains" test for every word, so in
/// effect any kept word anywhere in the ID blocks it. Matching here is that effective rule.
/// </remarks>
internal sealed class BlockList
{
    private readonly string[] _words;

    public BlockList(IEnumerable<string> words, string alphabet)
    {
        // Like the package: words under 3 characters are dropped, and so are words with a character
        // the alphabet lacks even ignoring case; words that differ only in case are kept once.
        _words = words
            .Where(word => word.Length >= 3 && word.All(c => alphabet.Contains(c, StringComparison.OrdinalIgnoreCase)))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToArray();
    }

    public bool Blocks(ReadOnlySpan<char> id)
    {
        foreach (var word in _words)
        {
            if (id.Contains(word, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }
}

using Sqids;

namespace Shortener.Tests.Sqids;

// Expected IDs were produced by sqids-dotnet's own source (several are also in vectors.json). Where
// the written spec would answer differently, the comment says so: that difference is what they guard.
public class SqidsBlockListTests
{
    private static SqidsEncoder<ulong> Blocking(params string[] words) => new(new SqidsOptions { BlockList = [.. words] });

    [Fact]
    public void DefaultBlockListHasThe560WordsOfTheSqidsNpmPackage()
    {
        var words = new SqidsOptions().BlockList;

        Assert.Equal(560, words.Count);
        Assert.Contains("aho1e", words);
        Assert.All(words, word => Assert.Equal(word.ToLowerInvariant(), word));
    }

    [Fact]
    public void EveryOptionsInstanceGetsItsOwnCopyOfTheDefaultBlockList()
    {
        var first = new SqidsOptions();
        first.BlockList.Clear();

        Assert.Equal(560, new SqidsOptions().BlockList.Count);
    }

    [Fact]
    public void AThreeLetterWordBlocksAnIdThatMerelyContainsIt()
    {
        Assert.Equal("gMvFo", Blocking().Encode(1_000_000));

        // The spec only blocks a word this short when it is the whole ID, and would keep "gMvFo".
        Assert.Equal("6ZI9x", Blocking("vFo").Encode(1_000_000));
        Assert.Equal("6ZI9x", Blocking("Mvf").Encode(1_000_000));
    }

    [Fact]
    public void AWordWithDigitsBlocksAnIdThatHasItInTheMiddle()
    {
        ulong[] numbers = [101, 202, 303, 404, 505, 606, 707];
        Assert.Equal("862REt0hfxXVdsLG8vGWD", Blocking().Encode(numbers));

        // The spec only looks for such words at the start or the end of the ID.
        Assert.Equal("seu8n1jO9C4KQQDxdOxsK", Blocking("0hfxX").Encode(numbers));
        Assert.Equal("seu8n1jO9C4KQQDxdOxsK", Blocking("t0h").Encode(numbers));
    }

    [Fact]
    public void AnIdOfThreeCharactersIsBlockedByTheWordThatEqualsIt()
    {
        Assert.Equal("86u", Blocking().Encode(100));
        Assert.Equal("sec", Blocking("86u").Encode(100));
    }

    [Fact]
    public void WordsShorterThanThreeCharactersNeverBlock()
    {
        Assert.Equal("bM", Blocking("bM").Encode(0));
        Assert.Equal("86Rf07", Blocking("Rf", "07").Encode(1, 2, 3));
    }

    [Fact]
    public void WordsMatchIdsWhateverTheCaseOfEither()
    {
        Assert.Equal("se8ojk", Blocking("86RF07").Encode(1, 2, 3));
        Assert.Equal("sec", Blocking("86U").Encode(100));
    }

    [Fact]
    public void AWordIsKeptWhenTheAlphabetHasItsLettersOnlyInTheOtherCase()
    {
        var sqids = new SqidsEncoder<int>(new SqidsOptions { Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ", BlockList = ["sxnzkl"] });

        Assert.Equal("IBSHOZ", sqids.Encode(1, 2, 3));
    }

    [Fact]
    public void BlockedIdsStillDecode()
    {
        var sqids = Blocking("86Rf07");

        Assert.Equal([1UL, 2, 3], sqids.Decode("86Rf07"));
    }

    [Fact]
    public void EncodingGivesUpWithAnArgumentExceptionWhenEveryAttemptIsBlocked()
    {
        var sqids = new SqidsEncoder<int>(new SqidsOptions { Alphabet = "abc", MinLength = 3, BlockList = ["cab", "abc", "bca"] });

        var thrown = Assert.Throws<ArgumentException>(() => sqids.Encode(0));
        Assert.Contains("max attempts", thrown.Message);
    }

    [Fact]
    public void TheEncoderLeavesTheCallersBlockListAsItWas()
    {
        HashSet<string> words = ["Ab", "ABC", "abc"];
        var options = new SqidsOptions { BlockList = words };

        _ = new SqidsEncoder<int>(options);

        Assert.Same(words, options.BlockList);
        Assert.Equal(["ABC", "Ab", "abc"], words.Order(StringComparer.Ordinal));
    }
}

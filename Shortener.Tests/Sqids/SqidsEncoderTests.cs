using Sqids;

namespace Shortener.Tests.Sqids;

public class SqidsEncoderTests
{
    [Theory]
    [InlineData("ab")]
    [InlineData("aa")]
    [InlineData("aabcdefg")]
    [InlineData("ë1092")]
    public void AnAlphabetThatIsTooShortRepeatsACharacterOrIsNotAsciiIsRejected(string alphabet)
    {
        var thrown = Assert.Throws<ArgumentOutOfRangeException>(() => new SqidsEncoder<int>(new SqidsOptions { Alphabet = alphabet }));
        Assert.Equal(nameof(SqidsOptions.Alphabet), thrown.ParamName);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(256)]
    public void AMinimumLengthOutside0To255IsRejected(int minLength)
    {
        var thrown = Assert.Throws<ArgumentOutOfRangeException>(() => new SqidsEncoder<int>(new SqidsOptions { MinLength = minLength }));
        Assert.Equal(nameof(SqidsOptions.MinLength), thrown.ParamName);
    }

    [Fact]
    public void AMinimumLengthOf255IsAccepted()
    {
        var sqids = new SqidsEncoder<int>(new SqidsOptions { MinLength = 255 });

        Assert.Equal(255, sqids.Encode(1).Length);
        Assert.Equal([1], sqids.Decode(sqids.Encode(1)));
    }

    [Fact]
    public void MissingOptionsAlphabetOrBlockListAreArgumentNullExceptions()
    {
        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => new SqidsEncoder<int>(null!)).ParamName);
        Assert.Equal("Alphabet", Assert.Throws<ArgumentNullException>(() => new SqidsEncoder<int>(new SqidsOptions { Alphabet = null! })).ParamName);
        Assert.Equal("BlockList", Assert.Throws<ArgumentNullException>(() => new SqidsEncoder<int>(new SqidsOptions { BlockList = null! })).ParamName);
    }

    [Fact]
    public void NegativeNumbersAreRejectedNamingTheArgument()
    {
        var sqids = new SqidsEncoder<long>();

        Assert.Equal("number", Assert.Throws<ArgumentOutOfRangeException>(() => sqids.Encode(-1)).ParamName);
        Assert.Equal("numbers", Assert.Throws<ArgumentOutOfRangeException>(() => sqids.Encode(1, -1)).ParamName);
        Assert.Equal("numbers", Assert.Throws<ArgumentOutOfRangeException>(() => sqids.Encode(new List<long> { 1, -1 })).ParamName);
    }

    [Fact]
    public void NoNumbersEncodeToAnEmptyId()
    {
        var sqids = new SqidsEncoder<int>();

        Assert.Equal("", sqids.Encode());
        Assert.Equal("", sqids.Encode(new List<int>()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("86Rf0*")]
    [InlineData("86 Rf07")]
    public void DecodingAnEmptyIdOrOneWithAForeignCharacterGivesNoNumbers(string id)
    {
        Assert.Empty(new SqidsEncoder<int>().Decode(id));
    }

    [Fact]
    public void DecodingIsCaseSensitiveEvenThoughBlockingIsNot()
    {
        var sqids = new SqidsEncoder<int>(new SqidsOptions { Alphabet = "abcdefghijklmnopqrstuvwxyz" });

        Assert.Empty(sqids.Decode(sqids.Encode(1, 2, 3).ToUpperInvariant()));
    }

    [Fact]
    public void EveryIntegerTypeEncodesTheSameNumberToTheSameId()
    {
        Assert.Equal("86u", new SqidsEncoder<byte>().Encode(100));
        Assert.Equal("86u", new SqidsEncoder<short>().Encode(100));
        Assert.Equal("86u", new SqidsEncoder<int>().Encode(100));
        Assert.Equal("86u", new SqidsEncoder<uint>().Encode(100));
        Assert.Equal("86u", new SqidsEncoder<long>().Encode(100));
        Assert.Equal("86u", new SqidsEncoder<ulong>().Encode(100));
        Assert.Equal("86u", new SqidsEncoder<UInt128>().Encode(100));
    }

    // IDs for numbers beyond 2^53, computed by sqids-dotnet's own source (vectors.json has none).
    [Fact]
    public void NumbersBeyondTwoToThe53RoundTripExactly()
    {
        var sqids = new SqidsEncoder<ulong>();

        Assert.Equal("nQnWViGxG6", sqids.Encode(9_007_199_254_740_993));
        Assert.Equal("eIkvoXH40Lmd", sqids.Encode(ulong.MaxValue));
        Assert.Equal("rSC9vqaCtiegk4lxAourMjnXqj", sqids.Encode(0, ulong.MaxValue, 1UL << 63));
        Assert.Equal([0, ulong.MaxValue, 1UL << 63], sqids.Decode("rSC9vqaCtiegk4lxAourMjnXqj"));
        Assert.Equal("AqkYhRmbHpEX", new SqidsEncoder<long>().Encode(long.MaxValue));
        Assert.Equal("AM5YjbvMF0c5S0qw32KcyWn", new SqidsEncoder<UInt128>().Encode(UInt128.MaxValue));
    }

    [Fact]
    public void AnIdForANumberTooBigForTheTypeDecodesWrappedAroundLikeThePackage()
    {
        Assert.Equal([(byte)0], new SqidsEncoder<byte>().Decode(new SqidsEncoder<int>().Encode(256)));
        Assert.Equal([-1L], new SqidsEncoder<long>().Decode(new SqidsEncoder<ulong>().Encode(ulong.MaxValue)));
    }
}

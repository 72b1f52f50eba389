using Shortener.Core.Slugs;

namespace Shortener.Tests.Slugs;

public class SlugCodecTests
{
    private static SlugCodec Codec(string salt = "test-salt") => new(new SlugOptions { Salt = salt });

    [Fact]
    public void SlugsForAKnownSaltNeverChange()
    {
        // Slugs already handed out must keep resolving on every machine, so these are pinned.
        var codec = Codec();

        Assert.Equal("ASiDCeE", codec.Encode(0));
        Assert.Equal("Re2StcK", codec.Encode(1));
        Assert.Equal("JoWFzu8", codec.Encode(1000));
        Assert.Equal("ayovtHg1Gw3P", codec.Encode(long.MaxValue));
    }

    [Fact]
    public void TheSameSaltGivesTheSameSlugsInEveryInstance()
    {
        var ids = Enumerable.Range(0, 200).Select(i => (long)i * 7919).ToArray();

        Assert.Equal(ids.Select(Codec().Encode), ids.Select(Codec().Encode));
    }

    [Fact]
    public void DifferentSaltsGiveDifferentSlugs()
    {
        var first = Codec("salt-one");
        var second = Codec("salt-two");

        Assert.All(Enumerable.Range(1, 1000), id => Assert.NotEqual(first.Encode(id), second.Encode(id)));
    }

    [Fact]
    public void SlugsHaveAtLeastSevenCharactersByDefault()
    {
        var codec = Codec();

        Assert.Equal(7, new SlugOptions().MinLength);
        Assert.All(Enumerable.Range(0, 5000), id => Assert.True(codec.Encode(id).Length >= 7));
    }

    [Fact]
    public void ConsecutiveIdsDoNotLookSequential()
    {
        var slugs = Enumerable.Range(1, 1000).Select(id => Codec().Encode(id)).ToList();

        Assert.All(slugs.Zip(slugs.Skip(1)), pair => Assert.NotEqual(pair.First[0], pair.Second[0]));
        Assert.True(slugs.Select(slug => slug[0]).Distinct().Count() >= 40);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(42L)]
    [InlineData(1_000_000_007L)]
    [InlineData(long.MaxValue)]
    public void ASlugDecodesBackToItsId(long id)
    {
        var codec = Codec();

        Assert.True(codec.TryDecode(codec.Encode(id), out var decoded));
        Assert.Equal(id, decoded);
    }

    [Fact]
    public void ASlugWhosePaddingWasAlteredIsRejected()
    {
        // The characters after the number only pad to the minimum length; Sqids ignores them when
        // decoding, so without the canonical check each id would answer to many slugs.
        var codec = Codec();
        var slug = codec.Encode(1);
        var sqidsAlphabet = new global::Sqids.SqidsOptions().Alphabet;

        var variants = sqidsAlphabet.Select(c => slug[..^1] + c).Where(variant => variant != slug);

        Assert.All(variants, variant => Assert.False(codec.TryDecode(variant, out _)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("links")]
    [InlineData("Re2St-K")]
    [InlineData("Re2StcK ")]
    public void StringsThatAreNotGeneratedSlugsAreRejected(string? slug)
    {
        Assert.False(Codec().TryDecode(slug, out var id));
        Assert.Equal(0, id);
    }

    [Fact]
    public void AConfiguredAlphabetIsTheOnlySourceOfCharacters()
    {
        var codec = new SlugCodec(new SlugOptions { Salt = "s", Alphabet = "abcdefghijklmnopqrstuvwxyz" });

        Assert.All(Enumerable.Range(0, 500), id => Assert.Matches("^[a-z]{7,}$", codec.Encode(id)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void AMissingSaltIsRejected(string salt)
    {
        Assert.Throws<ArgumentException>(() => new SlugCodec(new SlugOptions { Salt = salt }));
    }
}

using Shortener.Core.Clicks;
using Shortener.Core.Links.Routing;

namespace Shortener.Tests.Clicks;

public sealed class ClickPackCodecTests
{
    private static readonly DateTimeOffset s_at = DateTimeOffset.FromUnixTimeMilliseconds(1_795_000_000_123);

    private static List<ClickEvent> Sample() =>
    [
        new(Guid.NewGuid(), 1, s_at, "203.0.113.5", "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0", "https://news.example/ü", "00-0123456789abcdef0123456789abcdef-0123456789abcdef-01"),
        new(Guid.NewGuid(), long.MaxValue, s_at.AddSeconds(1), null, null, null, null),
        new(Guid.NewGuid(), 42, s_at, "::1", "", "", null),
        new(Guid.NewGuid(), 7, s_at, "::1", "ua", null, null, new ClickChoice(3, null, "newsletter", null, "launch ü")),
        new(Guid.NewGuid(), 8, s_at, null, null, null, null, new ClickChoice(null, 1, null, "email", null)),
    ];

    [Fact]
    public void APackOfTheVersionBeforeChoicesIsStillRead()
    {
        var id = Guid.NewGuid();
        var v1 = new List<byte> { 1, 1, 0, 0, 0 };
        v1.AddRange(id.ToByteArray());
        v1.AddRange(BitConverter.GetBytes(9L));
        v1.AddRange(BitConverter.GetBytes(s_at.ToUnixTimeMilliseconds()));
        v1.AddRange([.. BitConverter.GetBytes(2), (byte)'u', (byte)'a']);
        for (var i = 0; i < 3; i++) v1.AddRange(BitConverter.GetBytes(-1));

        var click = Assert.Single(ClickPackCodec.Decode(v1.ToArray()));
        Assert.Equal(new ClickEvent(id, 9, s_at, "ua", null, null, null), click);
    }

    [Fact]
    public void APackRoundTripsEveryFieldOfEveryClick()
    {
        var clicks = Sample();
        Assert.Equal(clicks, ClickPackCodec.Decode(ClickPackCodec.Encode(clicks)));
    }

    [Fact]
    public void AnEmptyPackIsValid() => Assert.Empty(ClickPackCodec.Decode(ClickPackCodec.Encode([])));

    [Fact]
    public void ATruncatedPackIsRejectedWhole()
    {
        var bytes = ClickPackCodec.Encode(Sample());
        for (var cut = 1; cut < bytes.Length; cut += 7)
            Assert.Throws<FormatException>(() => ClickPackCodec.Decode(bytes.AsSpan(0, bytes.Length - cut)));
    }

    [Fact]
    public void AnUnknownVersionOrTrailingBytesAreRejected()
    {
        var bytes = ClickPackCodec.Encode(Sample());
        var wrongVersion = (byte[])bytes.Clone();
        wrongVersion[0] = 9;
        Assert.Throws<FormatException>(() => ClickPackCodec.Decode(wrongVersion));
        Assert.Throws<FormatException>(() => ClickPackCodec.Decode([.. bytes, 0]));
    }

    [Fact]
    public void AClickWithoutAValidLinkIsRejected()
    {
        var bad = new ClickEvent(Guid.NewGuid(), 0, s_at, null, null, null, null);
        Assert.Throws<FormatException>(() => ClickPackCodec.Decode(ClickPackCodec.Encode([bad])));
    }

    [Fact]
    public void APacksClickCountIsReadFromItsHeaderAndAnythingElseCountsNone()
    {
        Assert.Equal(Sample().Count, ClickPackCodec.PeekCount(ClickPackCodec.Encode(Sample())));
        Assert.Equal(0, ClickPackCodec.PeekCount(ClickPackCodec.Encode([])));
        Assert.Equal(0, ClickPackCodec.PeekCount([]));
        Assert.Equal(0, ClickPackCodec.PeekCount([9, 3, 0, 0, 0]));
    }
}

using Shortener.Core.Enrichment;
using Shortener.Core.Live;

namespace Shortener.Tests.Live;

public sealed class LiveClickCodecTests
{
    private static readonly DateTimeOffset s_at = DateTimeOffset.FromUnixTimeMilliseconds(1_795_000_000_123);

    private static EnrichedClick[] Sample() =>
    [
        new(Guid.NewGuid(), 7, s_at, "DE", "https://news.example/ü", "news.example", "Mozilla/5.0", "Firefox", "Linux", "desktop", false, [1, 2, 3]),
        new(Guid.NewGuid(), long.MaxValue, s_at.AddSeconds(1), null, null, "direct", null, "Googlebot", "Other", "bot", true, []),
    ];

    [Fact]
    public void AnEntryCarriesWhatLiveViewersSeeAndNothingMore()
    {
        var clicks = Sample();
        var decoded = LiveClickCodec.Decode(LiveClickCodec.Encode(clicks));
        Assert.Equal(clicks.Select(c => new LiveClick(c.EventId, c.LinkId, c.OccurredAt, c.Country, c.ReferrerHost, c.Browser, c.Os, c.DeviceType, c.IsBot)),
            decoded);
    }

    [Fact]
    public void AVeryLongValueIsCutRatherThanRefused()
    {
        var host = new string('h', 100_000);
        EnrichedClick[] clicks = [Sample()[0] with { ReferrerHost = host }];
        var decoded = Assert.Single(LiveClickCodec.Decode(LiveClickCodec.Encode(clicks)));
        Assert.StartsWith(decoded.ReferrerHost!, host);
        Assert.True(decoded.ReferrerHost!.Length is > 10_000 and < ushort.MaxValue);
    }

    [Fact]
    public void ADamagedEntryIsRejectedWhole()
    {
        var bytes = LiveClickCodec.Encode(Sample());
        for (var cut = 1; cut < bytes.Length; cut += 5)
            Assert.Throws<FormatException>(() => LiveClickCodec.Decode(bytes.AsSpan(0, bytes.Length - cut)));
        var wrongVersion = (byte[])bytes.Clone();
        wrongVersion[0] = 9;
        Assert.Throws<FormatException>(() => LiveClickCodec.Decode(wrongVersion));
        Assert.Throws<FormatException>(() => LiveClickCodec.Decode([.. bytes, 0]));
    }
}

using Shortener.Core.Clicks;

namespace Shortener.Tests.Clicks;

public class EventIdsTests
{
    [Fact]
    public void IdsAreVersion7WithTheTimestampFirstLikeGuidCreateVersion7()
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_795_364_899_118);
        var ours = EventIds.NewVersion7(at);
        var framework = Guid.CreateVersion7(at);
        Assert.Equal(0b1000, framework.Variant & 0b1100);

        Assert.Equal(7, ours.Version);
        Assert.Equal(0b1000, ours.Variant & 0b1100); // RFC 9562 variant: 10xx (the low two bits are random)
        // The first 48 bits are the Unix milliseconds, as in the framework's ids.
        Assert.Equal(framework.ToString("N")[..12], ours.ToString("N")[..12]);
    }

    [Fact]
    public async Task IdsAreUniqueAcrossThreadsAndBufferRefills()
    {
        var at = DateTimeOffset.UtcNow;
        var perThread = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            Enumerable.Range(0, 5_000).Select(_ => EventIds.NewVersion7(at)).ToList())));

        var all = perThread.SelectMany(ids => ids).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
    }
}

using Shortener.Core.Clicks;
using StackExchange.Redis;

namespace Shortener.Tests.Clicks;

public sealed class ClickEntryPartsTests
{
    private static int s_next;

    private static StreamEntry Pack(int clicks) => new($"1-{++s_next}", ClickPackCodec.ToEntries(Enumerable.Range(0, clicks)
        .Select(_ => new ClickEvent(Guid.NewGuid(), 1, DateTimeOffset.UnixEpoch, null, null, null, null)).ToList()));

    private static StreamEntry OneClick() => new($"1-{++s_next}",
        ClickEventCodec.ToEntries(new ClickEvent(Guid.NewGuid(), 1, DateTimeOffset.UnixEpoch, null, null, null, null)));

    [Fact]
    public void EntriesAreCutIntoConsecutivePartsOfAtMostTheClicksAsked()
    {
        StreamEntry[] entries = [Pack(100), Pack(100), OneClick(), Pack(128), Pack(30), Pack(30), OneClick(), OneClick()];
        var parts = ClickEntryParts.Split(entries, 160).ToList();
        Assert.Equal([1, 2, 2, 3], parts.Select(p => p.Length));
        Assert.Equal(entries, parts.SelectMany(p => p));
        Assert.All(parts, p => Assert.InRange(p.Sum(ClickEntryParts.ClicksIn), 1, 160));
    }

    [Fact]
    public void AnEntryLargerThanAPartStandsAloneAndASmallReadStaysWhole()
    {
        StreamEntry[] entries = [Pack(128), Pack(128), OneClick()];
        Assert.Equal([1, 1, 1], ClickEntryParts.Split(entries, 100).Select(p => p.Length));
        Assert.Same(entries, Assert.Single(ClickEntryParts.Split(entries, 1000)));
        Assert.Empty(ClickEntryParts.Split([], 10));
    }

    [Fact]
    public void EntriesThatAreNotPacksCountAsOneClick()
    {
        Assert.Equal(1, ClickEntryParts.ClicksIn(OneClick()));
        Assert.Equal(1, ClickEntryParts.ClicksIn(new StreamEntry("1-1", [new("ping", "abc")])));
        Assert.Equal(1, ClickEntryParts.ClicksIn(new StreamEntry("1-1", [new("pack", "garbage")])));
        Assert.Equal(1, ClickEntryParts.ClicksIn(StreamEntry.Null));
    }
}

using Shortener.Core.Clicks;

namespace Shortener.Tests.Clicks;

/// <summary>What the api concludes from its send counter in Redis, batch by batch.</summary>
public sealed class SentClicksLogTests
{
    private static ulong s_entry;

    private static ClickEvent[] Clicks(int n) =>
        [.. Enumerable.Range(0, n).Select(_ => new ClickEvent(Guid.NewGuid(), 1, DateTimeOffset.UnixEpoch, null, null, null, null))];

    private static StreamEntryId NextEntry() => new(1_700_000_000_000 + ++s_entry, 0);

    [Fact]
    public void ConsecutiveCountsMeanNothingWasLostAndAcknowledgedBatchesAreForgotten()
    {
        var log = new SentClicksLog(1000);
        var first = NextEntry();
        Assert.Null(log.Sent(Clicks(10), 10, first));
        var second = NextEntry();
        Assert.Null(log.Sent(Clicks(5), 15, second));
        Assert.Null(log.Counted(15));
        Assert.Equal(15, log.HeldClicks);

        log.Acknowledged(first.Next());
        Assert.Equal(5, log.HeldClicks);
        log.Acknowledged(second.Next());
        Assert.Equal(0, log.HeldClicks);
    }

    [Fact]
    public void ACounterBehindWhatRedisConfirmedMeansTheTailWasLostAndItIsSentAgain()
    {
        var log = new SentClicksLog(1000);
        log.Sent(Clicks(10), 10, NextEntry());
        log.Sent(Clicks(10), 20, NextEntry());
        var third = Clicks(10);
        log.Sent(third, 30, NextEntry());

        // Redis came back holding 20 of this sender's clicks; the next batch of 5 takes the counter to 25.
        var loss = log.Sent(Clicks(5), 25, NextEntry());

        Assert.NotNull(loss);
        Assert.Equal(20, loss.Persisted);
        Assert.Equal(10, loss.Lost);
        Assert.Equal(third, Assert.Single(loss.Resend));
        Assert.Equal(0, loss.PossiblyLost);
        Assert.Equal(25, log.Confirmed);
        Assert.Equal(25, log.HeldClicks); // the first two batches and the new one; the third goes out again
    }

    [Fact]
    public void ACounterThatIsGoneMeansEverythingHeldIsSentAgain()
    {
        var log = new SentClicksLog(1000);
        log.Sent(Clicks(3), 3, NextEntry());
        log.Sent(Clicks(4), 7, NextEntry());

        var loss = log.Counted(0);

        Assert.NotNull(loss);
        Assert.Equal(7, loss.Lost);
        Assert.Equal(7, loss.Resent);
        Assert.Equal(0, log.HeldClicks);
        Assert.Null(log.Counted(0)); // reported once
    }

    [Fact]
    public void ClicksDroppedOverTheBoundBeforeAcknowledgementAreReportedAsPossiblyLost()
    {
        var log = new SentClicksLog(15);
        log.Sent(Clicks(10), 10, NextEntry());
        log.Sent(Clicks(10), 20, NextEntry());
        var kept = Clicks(10);
        log.Sent(kept, 30, NextEntry());
        Assert.Equal(10, log.HeldClicks);
        Assert.Equal(20, log.EvictedTotal);

        var loss = log.Counted(5);

        Assert.NotNull(loss);
        Assert.Equal(25, loss.Lost);
        Assert.Equal(kept, Assert.Single(loss.Resend));
        Assert.Equal(15, loss.PossiblyLost); // clicks 6..20: gone from Redis and from the log

        // A second loss reaches further back, into the first five, which are still unaccounted for.
        Assert.Equal(5, log.Counted(0)!.PossiblyLost);
    }

    [Fact]
    public void ClicksDroppedOverTheBoundButAcknowledgedAreNotLost()
    {
        var log = new SentClicksLog(5);
        var first = NextEntry();
        log.Sent(Clicks(10), 10, first);
        log.Sent(Clicks(10), 20, NextEntry());
        log.Acknowledged(first.Next());

        var loss = log.Counted(0);

        Assert.NotNull(loss);
        Assert.Equal(10, loss.Resent);
        Assert.Equal(0, loss.PossiblyLost);
    }

    [Fact]
    public void ACounterAheadOfUsIsABatchRedisTookTwiceNotALoss()
    {
        var log = new SentClicksLog(1000);
        log.Sent(Clicks(10), 10, NextEntry());
        // The answer to a batch of 10 was lost and the batch sent again: the counter went 10 -> 20 -> 30.
        Assert.Null(log.Sent(Clicks(10), 30, NextEntry()));
        Assert.Null(log.Counted(30));
        Assert.Equal(30, log.Confirmed);
    }

    [Theory]
    [InlineData("1700000000000-0", "1700000000000-1")]
    [InlineData("1700000000000-9", "1700000000001-0")]
    [InlineData("99-5", "100-0")]
    public void StreamIdsOrderAsRedisOrdersThem(string lower, string higher)
    {
        Assert.True(StreamEntryId.Parse(lower) < StreamEntryId.Parse(higher));
        Assert.Equal(higher, StreamEntryId.Parse(higher).ToString());
        Assert.True(StreamEntryId.Parse(lower).Next() <= StreamEntryId.Parse(higher));
    }
}

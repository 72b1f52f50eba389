using Shortener.Core.Clicks;
using StackExchange.Redis;

namespace Shortener.Tests.Clicks;

public sealed class ClickEventCodecTests
{
    private static readonly DateTimeOffset s_at = DateTimeOffset.FromUnixTimeMilliseconds(1_795_000_000_123);

    [Fact]
    public void AOneClickEntryRoundTrips()
    {
        var full = new ClickEvent(Guid.NewGuid(), 42, s_at, "203.0.113.5", "Mozilla/5.0 Firefox/133.0", "https://news.example/ü",
            "00-0123456789abcdef0123456789abcdef-0123456789abcdef-01");
        var bare = new ClickEvent(Guid.NewGuid(), long.MaxValue, s_at, null, null, null, null);
        Assert.Equal(full, ClickEventCodec.FromEntries(ClickEventCodec.ToEntries(full)));
        Assert.Equal(bare, ClickEventCodec.FromEntries(ClickEventCodec.ToEntries(bare)));
        var chosen = bare with { Choice = new Shortener.Core.Links.Routing.ClickChoice(19, 2, "news", "email", "launch") };
        Assert.Equal(chosen, ClickEventCodec.FromEntries(ClickEventCodec.ToEntries(chosen)));
    }

    [Fact]
    public void FieldsReadFromRedisAsBytesAreFoundInAnyOrder()
    {
        // As an entry comes off the wire: names and values are bytes, and the dead-letter queue adds fields of its own.
        var click = new ClickEvent(Guid.NewGuid(), 7, s_at, "::1", "curl/8.0", null, null);
        NameValueEntry[] entries = [.. ClickEventCodec.ToEntries(click).Reverse().Append(new("error", "x"))
            .Select(e => new NameValueEntry((byte[])e.Name!, (byte[])e.Value!))];
        Assert.Equal(click, ClickEventCodec.FromEntries(entries));
        Assert.Equal("curl/8.0", (string?)StreamFields.Get(entries, "ua"u8));
        Assert.True(StreamFields.Get(entries, "pack"u8).IsNull);
    }

    [Theory]
    [InlineData("not-a-guid", "1", "1")]
    [InlineData("{0123456789abcdef0123456789abcdef}", "1", "1")]
    [InlineData(null, "1", "1")]
    [InlineData("0123456789abcdef0123456789abcdef", "0", "1")]
    [InlineData("0123456789abcdef0123456789abcdef", "-5", "1")]
    [InlineData("0123456789abcdef0123456789abcdef", " 5", "1")]
    [InlineData("0123456789abcdef0123456789abcdef", "99999999999999999999", "1")]
    [InlineData("0123456789abcdef0123456789abcdef", "5", "1e3")]
    [InlineData("0123456789abcdef0123456789abcdef", "5", "")]
    [InlineData("0123456789abcdef0123456789abcdef", "5", null)]
    [InlineData("0123456789abcdef0123456789abcdef", "5", "17000000000651900")] // after year 9999 (found by fuzz/)
    public void AnEntryWithoutAValidIdLinkOrTimeIsRejected(string? id, string? link, string? time)
    {
        var entries = new List<NameValueEntry>();
        if (id is not null) entries.Add(new("id", id));
        if (link is not null) entries.Add(new("link", link));
        if (time is not null) entries.Add(new("ts", time));
        Assert.Throws<FormatException>(() => ClickEventCodec.FromEntries([.. entries]));
    }
}

using Shortener.Core.Enrichment.UserAgents;

namespace Shortener.Tests.UserAgents;

public sealed class BoundedCacheTests
{
    [Fact]
    public void Never_holds_more_than_its_capacity()
    {
        var cache = new BoundedCache<string>(100);
        for (var i = 0; i < 10_000; i++) cache.Add($"k{i}", $"v{i}");
        Assert.InRange(cache.Count, 50, 100);
    }

    [Fact]
    public void Entries_in_use_survive_while_idle_ones_age_out()
    {
        var cache = new BoundedCache<string>(100);
        cache.Add("hot", "value");
        for (var i = 0; i < 1_000; i++)
        {
            cache.Add($"k{i}", "v");
            Assert.True(cache.TryGet("hot", out _), $"hot entry lost after {i} inserts");
        }
        Assert.False(cache.TryGet("k0", out _));
    }
}

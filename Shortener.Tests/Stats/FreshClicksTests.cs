using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Shortener.Tests.Infrastructure;
using static Shortener.Tests.Stats.StatsData;

namespace Shortener.Tests.Stats;

/// <summary>
/// Answers add the clicks the rollup has not folded in yet to daily_stats. To keep such clicks unfolded for as long as
/// a test looks, a transaction that holds a transaction id stays open: the rollup never passes an unfinished one.
/// </summary>
[Collection(StatsCollection.Name)]
public sealed class FreshClicksTests(StatsFixture app)
{
    [Fact]
    public async Task ClicksNotYetRolledUpAreCountedOnceAndTheirVisitorsOnlyWhenNew()
    {
        var link = await app.CreateLinkAsync("https://example.com/fresh");
        var oldDay = Today.AddDays(-10);
        await app.InsertAsync(link.Id,
            new SeedClick(At(oldDay), "US", Visitor: "old"),
            new SeedClick(DateTime.UtcNow.AddMinutes(-2), "US", "direct", "desktop", "Chrome", "Windows", Visitor: "v1"),
            new SeedClick(DateTime.UtcNow.AddMinutes(-2), "US", "direct", "desktop", "Chrome", "Windows", Visitor: "v1"),
            new SeedClick(DateTime.UtcNow.AddMinutes(-2), "DE", "direct", "mobile", "Chrome Mobile", "Android", Visitor: "v2"));
        await app.WaitForRolledUpAsync(link.Slug, 4);

        await using var blocker = await app.OpenDatabaseAsync();
        await using var holding = await blocker.BeginTransactionAsync();
        await blocker.ExecuteAsync("SELECT pg_current_xact_id()", transaction: holding);
        await app.InsertAsync(link.Id,
            new SeedClick(DateTime.UtcNow.AddMinutes(-1), "US", "direct", "desktop", "Chrome", "Windows", Visitor: "v1"), // seen today
            new SeedClick(DateTime.UtcNow.AddMinutes(-1), "FR", "t.co", "tablet", "Mobile Safari", "iOS", Visitor: "v9"), // new today
            new SeedClick(DateTime.UtcNow.AddMinutes(-1), "FR", "t.co", "tablet", "Mobile Safari", "iOS"), // no hash: a visitor of its own
            new SeedClick(At(oldDay, 20), "NL", Visitor: "old"), // late, for a day whose visitors are no longer kept
            new SeedClick(At(oldDay, 21), "NL", Visitor: "late"));
        await app.WaitForRollupRunsAsync(2);

        var range = $"start={oldDay:yyyy-MM-dd}&end={Today:yyyy-MM-dd}";
        var meanwhile = await app.GetStatsAsync(link.Slug, range);
        AssertExact(meanwhile);
        var source = meanwhile.GetProperty("source");
        Assert.Equal(1, source.GetProperty("rollup_rows").GetInt32()); // today's; the old day is read whole from raw clicks
        Assert.Equal(3 + 3, source.GetProperty("raw_clicks").GetInt64());
        Assert.Equal($"{oldDay:yyyy-MM-dd}", source.GetProperty("raw_from").GetString());
        using (var simple = await app.Api.GetFromJsonAsync<JsonDocument>($"/stats/{link.Slug}"))
            Assert.Equal(9, simple!.RootElement.GetProperty("total").GetInt64());

        await holding.CommitAsync();
        await app.WaitForRolledUpAsync(link.Slug, 9);
        var rolled = await app.GetStatsAsync(link.Slug, range);
        AssertExact(rolled);
        Assert.Equal(0, rolled.GetProperty("source").GetProperty("raw_clicks").GetInt64());
    }

    private static void AssertExact(JsonElement stats)
    {
        Assert.Equal(9, stats.GetProperty("total_clicks").GetInt64());
        var days = stats.Daily().Where(d => !d.EndsWith(":0/0", StringComparison.Ordinal)).ToArray();
        Assert.Equal([$"{Today.AddDays(-10):yyyy-MM-dd}:3/2", $"{Today:yyyy-MM-dd}:6/4"], days);
        Assert.Equal(["US=4", "FR=2", "NL=2", "DE=1"], stats.Breakdown("countries"));
        Assert.Equal(["direct=4", "(unknown)=3", "t.co=2"], stats.Breakdown("referers"));
    }
}

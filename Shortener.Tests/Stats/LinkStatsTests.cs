using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shortener.Tests.Infrastructure;
using static Shortener.Tests.Stats.StatsData;

namespace Shortener.Tests.Stats;

[Collection(StatsCollection.Name)]
public sealed class LinkStatsTests(StatsFixture app)
{
    private static readonly DateOnly s_dayA = Today.AddDays(-2), s_dayB = Today.AddDays(-1);

    /// <summary>Two past days and today, with bots, unknowns and repeat visitors.</summary>
    private static SeedClick[] FixedClicks() =>
    [
        .. Enumerable.Repeat(new SeedClick(At(s_dayA, 9), "US", "google.com", "desktop", "Chrome", "Windows", Visitor: "v1"), 3),
        new(At(s_dayA, 10), "DE", "direct", "mobile", "Mobile Safari", "iOS", Visitor: "v2"),
        new(At(s_dayA, 11)),
        .. Enumerable.Repeat(new SeedClick(At(s_dayA, 12), "US", "direct", "bot", "Googlebot", "Other", IsBot: true, Visitor: "bot1"), 2),
        .. Enumerable.Repeat(new SeedClick(At(s_dayB, 0), "US", "google.com", "desktop", "Chrome", "Windows", Visitor: "v1"), 2),
        new(At(s_dayB, 23), "FR", "news.ycombinator.com", "tablet", "Mobile Safari", "iPadOS", Visitor: "v3"),
        new(DateTime.UtcNow.AddMinutes(-1), "DE", "direct", "mobile", "Chrome Mobile", "Android", Visitor: "v4"),
        new(DateTime.UtcNow.AddMinutes(-1), "US", "direct", "bot", "Googlebot", "Other", IsBot: true, Visitor: "bot2"),
    ];

    [Fact]
    public async Task FixedClicksGiveExactBreakdownsWithoutBots()
    {
        var link = await app.CreateLinkAsync("https://example.com/fixed");
        await app.InsertAsync(link.Id, FixedClicks());
        await app.WaitForRolledUpAsync(link.Slug, 12);

        var stats = await app.GetStatsAsync(link.Slug, $"start={s_dayA:yyyy-MM-dd}&end={Today:yyyy-MM-dd}&top=2");

        Assert.Equal(9, stats.GetProperty("total_clicks").GetInt64());
        Assert.Equal(6, stats.GetProperty("unique_visitors").GetInt64());
        Assert.Equal([$"{s_dayA:yyyy-MM-dd}:5/3", $"{s_dayB:yyyy-MM-dd}:3/2", $"{Today:yyyy-MM-dd}:1/1"], stats.Daily());
        Assert.Equal(["US=5", "DE=2", "(other)=2"], stats.Breakdown("countries"));
        Assert.Equal(["google.com=5", "direct=2", "(other)=2"], stats.Breakdown("referers"));
        Assert.Equal(["desktop=5", "mobile=2", "(other)=2"], stats.Breakdown("devices"));
        Assert.Equal(["Chrome=5", "Mobile Safari=2", "(other)=2"], stats.Breakdown("browsers"));
        Assert.Equal(["Windows=5", "(unknown)=1", "(other)=3"], stats.Breakdown("os"));
        // Rolled up, today included: nothing is left to read from raw clicks.
        var source = stats.GetProperty("source");
        Assert.Equal(3, source.GetProperty("rollup_rows").GetInt32());
        Assert.Equal(0, source.GetProperty("raw_clicks").GetInt64());
        Assert.Equal(JsonValueKind.Null, source.GetProperty("raw_from").ValueKind);
    }

    [Fact]
    public async Task IncludeBotsAddsTheBotRowsAndTheirVisitors()
    {
        var link = await app.CreateLinkAsync("https://example.com/bots");
        await app.InsertAsync(link.Id, FixedClicks());
        await app.WaitForRolledUpAsync(link.Slug, 12);

        var stats = await app.GetStatsAsync(link.Slug, $"start={s_dayA:yyyy-MM-dd}&end={Today:yyyy-MM-dd}&include_bots=true");

        Assert.Equal(12, stats.GetProperty("total_clicks").GetInt64());
        Assert.Equal(8, stats.GetProperty("unique_visitors").GetInt64());
        Assert.Equal([$"{s_dayA:yyyy-MM-dd}:7/4", $"{s_dayB:yyyy-MM-dd}:3/2", $"{Today:yyyy-MM-dd}:2/2"], stats.Daily());
        Assert.Equal(["US=8", "DE=2", "(unknown)=1", "FR=1"], stats.Breakdown("countries"));
        Assert.Equal(["direct=5", "google.com=5", "(unknown)=1", "news.ycombinator.com=1"], stats.Breakdown("referers"));
        Assert.Equal(["desktop=5", "bot=3", "mobile=2", "(unknown)=1", "tablet=1"], stats.Breakdown("devices"));
        Assert.Equal(["Chrome=5", "Googlebot=3", "Mobile Safari=2", "(unknown)=1", "Chrome Mobile=1"], stats.Breakdown("browsers"));
        Assert.Equal(5, stats.GetProperty("source").GetProperty("rollup_rows").GetInt32()); // humans and bots on two of the days
        Assert.Equal(0, stats.GetProperty("source").GetProperty("raw_clicks").GetInt64());
    }

    [Fact]
    public async Task TutorialStatsCountEveryClickFromRollupsAndToday()
    {
        var link = await app.CreateLinkAsync("https://example.com/tutorial");
        await app.InsertAsync(link.Id, FixedClicks());
        await app.WaitForRolledUpAsync(link.Slug, 12);

        using var stats = await app.Api.GetFromJsonAsync<JsonDocument>($"/stats/{link.Slug}");
        Assert.Equal(12, stats!.RootElement.GetProperty("total").GetInt64());
        var byDay = stats.RootElement.GetProperty("by_day").EnumerateArray()
            .Select(d => $"{d.GetProperty("day").GetString()}:{d.GetProperty("clicks").GetInt64()}").ToArray();
        Assert.Equal([$"{Today:yyyy-MM-dd}:2", $"{s_dayB:yyyy-MM-dd}:3", $"{s_dayA:yyyy-MM-dd}:7"], byDay);
    }

    [Fact]
    public async Task DefaultRangeIsTheLastThirtyDaysWithEveryDayListed()
    {
        var link = await app.CreateLinkAsync("https://example.com/default-range");
        var stats = await app.GetStatsAsync(link.Slug, "");
        Assert.Equal(30, stats.GetProperty("daily").GetArrayLength());
        Assert.Equal($"{Today:yyyy-MM-dd}", stats.GetProperty("end").GetString());
        Assert.Equal($"{Today.AddDays(-29):yyyy-MM-dd}", stats.GetProperty("start").GetString());
        Assert.Equal(0, stats.GetProperty("total_clicks").GetInt64());
        Assert.Empty(stats.GetProperty("countries").EnumerateArray());
    }

    [Theory]
    [InlineData("start=2025-13-01", "start")]
    [InlineData("start=yesterday", "start")]
    [InlineData("end=2025-02-30", "end")]
    [InlineData("start=2025-02-01&end=2025-01-01", "start")]
    [InlineData("start=2020-01-01&end=2023-01-02", "end")]
    [InlineData("include_bots=maybe", "include_bots")]
    [InlineData("top=0", "top")]
    public async Task BadRangesAnswer400ProblemDetails(string query, string field)
    {
        var link = await app.CreateLinkAsync("https://example.com/bad-range");
        using var response = await app.Api.GetAsync($"/links/{link.Slug}/stats?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        using var problem = await response.Content.ReadFromJsonAsync<JsonDocument>();
        Assert.True(problem!.RootElement.GetProperty("errors").TryGetProperty(field, out _), problem.RootElement.ToString());
    }

    [Fact]
    public async Task ThreeYearsIsAllowed()
    {
        var link = await app.CreateLinkAsync("https://example.com/three-years");
        var stats = await app.GetStatsAsync(link.Slug, "start=2020-01-01&end=2022-12-31");
        Assert.Equal(1096, stats.GetProperty("daily").GetArrayLength());
    }

    [Fact]
    public async Task StatsOfAnUnknownSlugAnswer404AndWithoutAKey401()
    {
        using var missing = await app.Api.GetAsync("/links/NoSuchSlug1/stats");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var link = await app.CreateLinkAsync("https://example.com/anonymous-stats");
        using var anonymous = await app.Anonymous.GetAsync($"/links/{link.Slug}/stats");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}

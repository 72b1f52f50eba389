using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shortener.Tests.Links;
using Shortener.Tests.Stats;

namespace Shortener.Tests.Dashboard;

/// <summary>GET /links/{slug}/stats/hourly, which the dashboard's "24 h" view draws: whole UTC hours from raw clicks.</summary>
[Collection(DashboardCollection.Name)]
public sealed class HourlyStatsTests(DashboardFixture app)
{
    [Fact]
    public async Task TheLastHoursCountEachHoursClicksVisitorsAndBreakdowns()
    {
        var (client, _) = await app.NewUserAsync();
        var link = await client.CreateAsync(new { url = "https://example.com/hourly", slug = LinkClient.UniqueSlug("hr") });
        var slug = link.Slug();
        var before = new DateTimeOffset(2026, 3, 10, 14, 20, 0, TimeSpan.Zero);
        DateTime At(int hour, int minute = 5) => new DateTime(2026, 3, 10, hour, minute, 0, DateTimeKind.Utc);
        await app.InsertAsync(link.GetProperty("id").GetInt64(),
            new SeedClick(At(14, 1), "DE", "t.co", "mobile", "Mobile Safari", "iOS", Visitor: "a"),
            new SeedClick(At(14, 19), "DE", "t.co", "mobile", "Mobile Safari", "iOS", Visitor: "a"),
            new SeedClick(At(12), "US", null, "desktop", "Chrome", "Windows", Visitor: "b"),
            new SeedClick(At(12, 30), "US", null, "desktop", "Chrome", "Windows", IsBot: true, Visitor: "bot"),
            new SeedClick(At(10, 59), "FR", null, "desktop", "Firefox", "Linux", Visitor: "c"),   // before the window
            new SeedClick(At(14, 30), "FR", null, "desktop", "Firefox", "Linux", Visitor: "d"));  // after 'before', same hour

        var stats = await GetAsync(client, $"/links/{slug}/stats/hourly?hours=3&before={Uri.EscapeDataString(before.ToString("O"))}");
        Assert.Equal("2026-03-10T12:00:00+00:00", stats.GetProperty("from").GetString());
        Assert.Equal("2026-03-10T15:00:00+00:00", stats.GetProperty("to").GetString());
        Assert.Equal(["12:1/1", "13:0/0", "14:3/2"], stats.GetProperty("hourly").EnumerateArray()
            .Select(h => $"{DateTimeOffset.Parse(h.GetProperty("hour").GetString()!).Hour}:{h.GetProperty("clicks").GetInt64()}/{h.GetProperty("unique_visitors").GetInt64()}"));
        Assert.Equal(4, stats.GetProperty("total_clicks").GetInt64());
        Assert.Equal(3, stats.GetProperty("unique_visitors").GetInt64());
        Assert.Equal(["DE=2", "FR=1", "US=1"], stats.Breakdown("countries"));
        Assert.Equal(["desktop=2", "mobile=2"], stats.Breakdown("devices"));

        var withBots = await GetAsync(client, $"/links/{slug}/stats/hourly?hours=3&include_bots=true&before={Uri.EscapeDataString(before.ToString("O"))}");
        Assert.Equal(5, withBots.GetProperty("total_clicks").GetInt64());
    }

    [Theory]
    [InlineData("hours=0", "hours")]
    [InlineData("hours=169", "hours")]
    [InlineData("hours=abc", "hours")]
    [InlineData("before=yesterday", "before")]
    [InlineData("include_bots=maybe", "include_bots")]
    [InlineData("top=0", "top")]
    public async Task AWrongParameterIsAProblemNamingIt(string query, string field)
    {
        var (client, _) = await app.NewUserAsync();
        var slug = (await client.CreateAsync(new { url = "https://example.com/hourly-bad" })).Slug();
        using var answer = await client.GetAsync($"/links/{slug}/stats/hourly?{query}");
        LinkClient.AssertProblem(answer, HttpStatusCode.BadRequest);
        Assert.True((await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task OnlyTheOwnerOrAnAdminReadsTheHours()
    {
        var (owner, _) = await app.NewUserAsync();
        var (other, _) = await app.NewUserAsync();
        var slug = (await owner.CreateAsync(new { url = "https://example.com/hourly-owner" })).Slug();
        using var forbidden = await other.GetAsync($"/links/{slug}/stats/hourly");
        LinkClient.AssertProblem(forbidden, HttpStatusCode.Forbidden);
        using var missing = await owner.GetAsync($"/links/{LinkClient.UniqueSlug("none")}/stats/hourly");
        LinkClient.AssertProblem(missing, HttpStatusCode.NotFound);
        var admin = await GetAsync(app.Api, $"/links/{slug}/stats/hourly");
        Assert.Equal(24, admin.GetProperty("hourly").GetArrayLength());
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string path)
    {
        using var answer = await client.GetAsync(path);
        var json = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(answer.StatusCode == HttpStatusCode.OK, json.ToString());
        return json;
    }
}

using System.Net;
using System.Net.Http.Json;
using Shortener.Tests.Links;

namespace Shortener.Tests.Stats;

[Collection(StatsCollection.Name)]
public sealed class StatsOwnershipTests(StatsFixture app)
{
    [Fact]
    public async Task OnlyTheOwnerAndAnAdminReadALinksStatsAndExports()
    {
        var (owner, _) = await app.NewUserAsync();
        var (stranger, _) = await app.NewUserAsync();
        var slug = (await owner.CreateAsync(new { url = "https://example.com/mine" })).Slug();

        foreach (var path in new[] { $"/links/{slug}/stats", $"/stats/{slug}" })
        {
            using var mine = await owner.GetAsync(path);
            using var theirs = await stranger.GetAsync(path);
            using var admin = await app.Api.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, theirs.StatusCode);
            Assert.Equal("application/problem+json", theirs.Content.Headers.ContentType!.MediaType);
            Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        }

        using var export = await stranger.PostAsync($"/links/{slug}/exports", null);
        Assert.Equal(HttpStatusCode.Forbidden, export.StatusCode);
        using var ownExport = await owner.PostAsync($"/links/{slug}/exports", null);
        Assert.Equal(HttpStatusCode.Accepted, ownExport.StatusCode);
        using var peek = await stranger.GetAsync(ownExport.Headers.Location);
        Assert.Equal(HttpStatusCode.Forbidden, peek.StatusCode);
    }

    [Fact]
    public async Task AStrangersQueryIsRefusedBeforeItIsRead()
    {
        var (owner, _) = await app.NewUserAsync();
        var (stranger, _) = await app.NewUserAsync();
        var slug = (await owner.CreateAsync(new { url = "https://example.com/order" })).Slug();

        using var theirs = await stranger.GetAsync($"/links/{slug}/stats?start=not-a-date&top=0");
        LinkClient.AssertProblem(theirs, HttpStatusCode.Forbidden);
        using var mine = await owner.GetAsync($"/links/{slug}/stats?start=not-a-date&top=0");
        LinkClient.AssertProblem(mine, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("end=0001-01-01", "end")]
    [InlineData("start=9999-12-31", "start")]
    [InlineData("start=9999-12-31&end=9999-12-31", "start")]
    [InlineData("start=0001-01-01&end=0001-01-01", "start")]
    [InlineData("end=1969-12-31", "end")]
    public async Task DaysAtTheEndsOfTheCalendarAre400(string query, string field)
    {
        var (owner, _) = await app.NewUserAsync();
        var slug = (await owner.CreateAsync(new { url = "https://example.com/calendar" })).Slug();
        using var response = await owner.GetAsync($"/links/{slug}/stats?{query}");
        LinkClient.AssertProblem(response, HttpStatusCode.BadRequest);
        using var problem = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonDocument>();
        Assert.True(problem!.RootElement.GetProperty("errors").TryGetProperty(field, out _), problem.RootElement.ToString());
    }
}

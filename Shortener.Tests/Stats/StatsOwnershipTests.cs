using System.Net;
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
}

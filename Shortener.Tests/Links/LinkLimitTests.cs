using System.Net;
using System.Net.Http.Json;
using Shortener.Tests.Infrastructure;
using static Shortener.Tests.Links.LinkClient;

namespace Shortener.Tests.Links;

[Collection(LinksCollection.Name)]
public sealed class LinkLimitTests(LinksFixture app)
{
    [Fact]
    public async Task AnExpiredLinkAnswers410FromEveryInstance()
    {
        var slug = (await app.Api.CreateAsync(new { url = "https://example.com/soon-gone", expires_at = DateTimeOffset.UtcNow.AddSeconds(2) })).Slug();
        Assert.Equal(HttpStatusCode.Found, (await app.Anonymous.FollowAsync(slug)).Status);

        await Eventually.WaitForAsync(() => app.Anonymous.FollowAsync(slug), r => r.Status == HttpStatusCode.Gone, TimeSpan.FromSeconds(15), "410 after expiry");
        using var response = await app.Anonymous2.GetAsync($"/{slug}");
        AssertProblem(response, HttpStatusCode.Gone);
    }

    [Fact]
    public async Task AnExpiryInThePastIsRefused()
    {
        using var response = await app.Api.PostAsJsonAsync("/links", new { url = "https://example.com/", expires_at = DateTimeOffset.UtcNow.AddMinutes(-1) });
        AssertProblem(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task MaxClicksAllowsExactlyThatManyRedirectsAndHeadDoesNotCount()
    {
        var slug = (await app.Api.CreateAsync(new { url = "https://example.com/three", max_clicks = 3 })).Slug();
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.Found, (await app.Anonymous.FollowAsync(slug, HttpMethod.Head)).Status);

        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Found, (await app.Anonymous.FollowAsync(slug)).Status);
        using var fourth = await app.Anonymous2.GetAsync($"/{slug}");
        AssertProblem(fourth, HttpStatusCode.Gone);
        Assert.Equal(HttpStatusCode.Gone, (await app.Anonymous.FollowAsync(slug, HttpMethod.Head)).Status);
    }

    [Fact]
    public async Task MaxClicksHoldsExactlyUnderConcurrentRedirectsThroughTwoInstances()
    {
        const int limit = 40;
        var slug = (await app.Api.CreateAsync(new { url = "https://example.com/forty", max_clicks = limit })).Slug();

        var statuses = await Task.WhenAll(Enumerable.Range(0, 160).Select(async i =>
            (await (i % 2 == 0 ? app.Anonymous : app.Anonymous2).FollowAsync(slug)).Status));

        Assert.Equal(limit, statuses.Count(s => s is HttpStatusCode.Found or HttpStatusCode.PermanentRedirect));
        Assert.Equal(160 - limit, statuses.Count(s => s == HttpStatusCode.Gone));
    }

    [Fact]
    public async Task RaisingMaxClicksWithPutAllowsExactlyTheDifferenceBecauseRefusalsDoNotCount()
    {
        var slug = (await app.Api.CreateAsync(new { url = "https://example.com/one", max_clicks = 1 })).Slug();
        Assert.Equal(HttpStatusCode.Found, (await app.Anonymous.FollowAsync(slug)).Status);
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Gone, (await app.Anonymous.FollowAsync(slug)).Status);

        using var put = await app.Api.PutAsJsonAsync($"/links/{slug}", new { max_clicks = 3 });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(HttpStatusCode.Found, (await app.Anonymous.FollowAsync(slug)).Status);
        Assert.Equal(HttpStatusCode.Found, (await app.Anonymous.FollowAsync(slug)).Status);
        Assert.Equal(HttpStatusCode.Gone, (await app.Anonymous.FollowAsync(slug)).Status);
    }
}

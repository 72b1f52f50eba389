using System.Net;
using System.Net.Http.Json;
using Shortener.Tests.Infrastructure;

namespace Shortener.Tests.Links;

/// <summary>
/// A link's first redirect on an instance goes through routing to the redirect endpoint; later ones are answered from
/// memory before routing (RedirectFastPath). A client must not be able to tell them apart.
/// </summary>
[Collection(LinksCollection.Name)]
public sealed class CachedRedirectTests(LinksFixture app)
{
    [Fact]
    public async Task TheFirstAndTheCachedRedirectAnswerAlikeAndEachGetCountsOnce()
    {
        var link = await app.CreateLinkAsync("https://example.com/first-and-cached?q=1");
        var headOnly = await app.CreateLinkAsync("https://example.com/first-and-cached-head");
        foreach (var client in new[] { app.Anonymous, app.Anonymous2 })
        {
            var first = await RedirectAsync(client, HttpMethod.Get, link.Slug);
            var cached = await RedirectAsync(client, HttpMethod.Get, link.Slug);
            Assert.Equal(first, cached);
            Assert.Contains(first.Status, new[] { 302, 308 });
            Assert.Equal(link.OriginalUrl, first.Location);
            Assert.Equal("private, max-age=0", first.CacheControl);
            Assert.Equal("", first.Body);

            var firstHead = await RedirectAsync(client, HttpMethod.Head, headOnly.Slug);
            Assert.Equal(firstHead, await RedirectAsync(client, HttpMethod.Head, headOnly.Slug));
            Assert.Equal((first.Status, headOnly.OriginalUrl, first.CacheControl), (firstHead.Status, firstHead.Location, firstHead.CacheControl));
        }

        // Two GETs on each instance; HEAD is no click.
        Assert.Equal(4, await app.WaitForStoredClicksAsync(link.Id, 4));
        Assert.Equal(4, await app.StoredClicksAsync(link.Id));
        Assert.Equal(0, await app.StoredClicksAsync(headOnly.Id));
    }

    [Fact]
    public async Task ACachedLinkWhoseUrlChangedRedirectsToTheNewUrlAndAnUnknownSlugIsStillAProblem()
    {
        var link = await app.CreateLinkAsync("https://example.com/before-the-change");
        Assert.Equal("https://example.com/before-the-change", (await app.Anonymous.FollowAsync(link.Slug)).Location);
        Assert.Equal("https://example.com/before-the-change", (await app.Anonymous.FollowAsync(link.Slug)).Location);

        using (var put = await app.Api.PutAsJsonAsync($"/links/{link.Slug}", new { url = "https://example.com/after-the-change" }))
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("https://example.com/after-the-change", (await app.Anonymous.FollowAsync(link.Slug)).Location);

        using var unknown = await app.Anonymous.GetAsync($"/{LinkClient.UniqueSlug("none")}");
        LinkClient.AssertProblem(unknown, HttpStatusCode.NotFound);
    }

    private sealed record Answer(int Status, string? Location, string? CacheControl, string Body, string Headers);

    private static async Task<Answer> RedirectAsync(HttpClient client, HttpMethod method, string slug)
    {
        using var response = await client.SendAsync(new HttpRequestMessage(method, $"/{slug}"));
        var names = response.Headers.Concat(response.Content.Headers).Select(h => h.Key).Where(k => k != "Date").Order();
        return new Answer((int)response.StatusCode, response.Headers.Location?.OriginalString, response.Headers.NonValidated.TryGetValues("Cache-Control", out var cache) ? cache.ToString() : null,
            await response.Content.ReadAsStringAsync(), string.Join(",", names));
    }
}

using System.Net;
using Shortener.Tests.Links;
using static Shortener.Tests.Links.LinkClient;

namespace Shortener.Tests.RateLimiting;

/// <summary>Limits added with issue 17: password guesses by IPv6 /64 and per link, and the API limit on stats, exports and /worker.</summary>
[Collection(RateLimitCollection.Name)]
public sealed class MoreLimitsTests(RateLimitFixture app)
{
    private static FormUrlEncodedContent Form(string password) => new([KeyValuePair.Create("password", password)]);

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string address, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("X-Forwarded-For", address);
        return await client.SendAsync(request);
    }

    /// <summary>A /64 of its own for each test, in the documentation range.</summary>
    private static string NewPrefix() => $"2001:db8:{Random.Shared.Next(0x10000):x}:{Random.Shared.Next(0x10000):x}";

    [Fact]
    public async Task PasswordGuessesFromOneIpv6SlashSixtyFourShareABucket()
    {
        var slug = (await app.Api.CreateAsync(new { url = "https://example.com/v6", password = "right" })).Slug();
        var prefix = NewPrefix();
        for (var i = 1; i <= 5; i++)
        {
            using var guess = await SendAsync(app.Anonymous, HttpMethod.Post, $"/{slug}", $"{prefix}::{i:x}", Form($"guess-{i}"));
            Assert.Equal(HttpStatusCode.Unauthorized, guess.StatusCode);
        }

        using var sixth = await SendAsync(app.Anonymous, HttpMethod.Post, $"/{slug}", $"{prefix}:ffff:ffff:ffff:ffff", Form("right"));
        AssertProblem(sixth, HttpStatusCode.TooManyRequests);
        using var neighbour = await SendAsync(app.Anonymous, HttpMethod.Post, $"/{slug}", $"{NewPrefix()}::1", Form("right"));
        Assert.Equal(HttpStatusCode.SeeOther, neighbour.StatusCode);
    }

    [Fact]
    public async Task ABurstOfGuessesFromManyAddressesMeetsTheLinksCeiling()
    {
        var slug = (await app.Api.CreateAsync(new { url = "https://example.com/ceiling", password = "right" })).Slug();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < RateLimitFixture.PasswordPerLinkBurst + 2; i++)
        {
            using var guess = await SendAsync(app.Anonymous, HttpMethod.Post, $"/{slug}", $"{NewPrefix()}::1", Form($"guess-{i}"));
            statuses.Add(guess.StatusCode);
        }

        // Every address is new, so only the link's own bucket can refuse; it refills one guess every 2 s.
        Assert.InRange(statuses.Count(s => s == HttpStatusCode.Unauthorized), RateLimitFixture.PasswordPerLinkBurst, RateLimitFixture.PasswordPerLinkBurst + 1);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Theory]
    [InlineData("GET", "/links/{slug}/stats")]
    [InlineData("POST", "/links/{slug}/exports")]
    [InlineData("GET", "/exports/0196a6a0-0000-7000-8000-000000000000")]
    [InlineData("GET", "/worker/status")]
    [InlineData("GET", "/worker/health")]
    public async Task StatsExportsAndWorkerEndpointsAreUnderTheApiLimit(string method, string path)
    {
        var slug = (await app.Api.CreateAsync(new { url = "https://example.com/api-limit" })).Slug();
        var address = $"198.19.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}";
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < RateLimitFixture.ApiBurst * 2; i++)
        {
            using var response = await SendAsync(app.Api, new HttpMethod(method), path.Replace("{slug}", slug), address);
            statuses.Add(response.StatusCode);
        }
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }
}

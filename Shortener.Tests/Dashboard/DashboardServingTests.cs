using System.Net;
using System.Text.RegularExpressions;
using Shortener.Tests.Links;

namespace Shortener.Tests.Dashboard;

/// <summary>How the api serves the dashboard: its page for every route under /dashboard, its files compressed and cached.</summary>
[Collection(DashboardCollection.Name)]
public sealed partial class DashboardServingTests(DashboardFixture app)
{
    private HttpClient Plain() => new(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };

    [Theory]
    [InlineData("/dashboard")]
    [InlineData("/dashboard/")]
    [InlineData("/dashboard/links/some-slug")]
    [InlineData("/dashboard/sites/example.com")]
    [InlineData("/dashboard/pipeline")]
    public async Task EveryRouteUnderDashboardAnswersTheDashboardsPage(string path)
    {
        using var http = Plain();
        using var answer = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("text/html", answer.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<title>Shortener</title>", await answer.Content.ReadAsStringAsync());
        Assert.Contains("default-src 'self'", answer.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("no-cache", answer.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task AssetsComePrecompressedAndCachedForGoodAndMissingOnesAre404()
    {
        using var http = Plain();
        var html = await http.GetStringAsync("/dashboard");
        var script = ScriptPattern().Match(html).Groups[1].Value;
        Assert.StartsWith("/dashboard/assets/", script);

        foreach (var (encoding, magic) in new[] { ("br", (byte[]?)null), ("gzip", new byte[] { 0x1f, 0x8b }) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, script);
            request.Headers.TryAddWithoutValidation("Accept-Encoding", encoding);
            using var answer = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Equal([encoding], answer.Content.Headers.ContentEncoding);
            Assert.Equal("text/javascript", answer.Content.Headers.ContentType?.MediaType);
            Assert.Contains("immutable", answer.Headers.CacheControl?.ToString());
            if (magic is not null) Assert.Equal(magic, (await answer.Content.ReadAsByteArrayAsync())[..2]);
        }
        using var identity = await http.GetAsync(script);
        Assert.Empty(identity.Content.Headers.ContentEncoding);

        foreach (var missing in new[] { "/dashboard/assets/nothing-here.js", script + ".br", script + ".gz" })
        {
            using var answer = await http.GetAsync(missing);
            LinkClient.AssertProblem(answer, HttpStatusCode.NotFound);
        }
    }

    [Theory]
    [InlineData("/dashboard/..%2F..%2Fappsettings.json")]
    [InlineData("/dashboard/%2E%2E/Shortener.Api.dll")]
    public async Task NothingOutsideTheDashboardsFilesIsServed(string path)
    {
        using var http = Plain();
        using var answer = await http.GetAsync(path);
        var body = await answer.Content.ReadAsStringAsync();
        // Either refused, or the dashboard's own page (the route is a page like any other): never the file asked for.
        Assert.True(answer.StatusCode != HttpStatusCode.OK || body.Contains("<title>Shortener</title>"), $"{(int)answer.StatusCode}: {body[..Math.Min(200, body.Length)]}");
        Assert.DoesNotContain("Logging", body);
        Assert.DoesNotContain("MZ", body[..Math.Min(2, body.Length)]);
    }

    [Fact]
    public async Task PathsOutsideDashboardDoNotFallBackToIt()
    {
        using var http = Plain();
        using var answer = await http.GetAsync("/dashboardx/links");
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        using var slugLike = await http.GetAsync($"/{LinkClient.UniqueSlug("nolink")}");
        LinkClient.AssertProblem(slugLike, HttpStatusCode.NotFound);
    }

    [GeneratedRegex("<script type=\"module\" crossorigin src=\"([^\"]+)\"")]
    private static partial Regex ScriptPattern();
}

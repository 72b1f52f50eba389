using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shortener.Tests.Links;

namespace Shortener.Tests.Dashboard;

/// <summary>What the dashboard needed from the links API: a search over the caller's links and QR codes.</summary>
[Collection(DashboardCollection.Name)]
public sealed class LinkApiAdditionsTests(DashboardFixture app)
{
    [Fact]
    public async Task SearchingLinksKeepsThoseWhoseSlugOrTargetContainsTheTextIgnoringCase()
    {
        var (client, _) = await app.NewUserAsync();
        var word = Guid.NewGuid().ToString("N")[..10];
        var bySlug = (await client.CreateAsync(new { url = "https://example.com/a", slug = $"S-{word.ToUpperInvariant()}" })).Slug();
        var byTarget = (await client.CreateAsync(new { url = $"https://example.com/{word}/page" })).Slug();
        await client.CreateAsync(new { url = "https://example.com/unrelated" });
        var underscore = (await client.CreateAsync(new { url = $"https://example.com/a_b-{word}" })).Slug();
        var lookalike = (await client.CreateAsync(new { url = $"https://example.com/axb-{word}" })).Slug();

        Assert.Equal([lookalike, underscore, byTarget, bySlug], await SlugsAsync(client, $"/links?q={word}"));
        // % and _ are the text searched for, not wildcards.
        Assert.Equal([underscore], await SlugsAsync(client, $"/links?q={Uri.EscapeDataString("a_b-" + word)}"));
        Assert.Empty(await SlugsAsync(client, $"/links?q={Uri.EscapeDataString("a%" + word)}"));
        // Paging goes on within the search.
        var first = await client.GetFromJsonAsync<JsonElement>($"/links?q={word}&limit=3");
        var next = first.GetProperty("next_cursor").GetString();
        Assert.Equal([bySlug], await SlugsAsync(client, $"/links?q={word}&limit=3&cursor={next}"));

        using var tooLong = await client.GetAsync($"/links?q={new string('x', 201)}");
        LinkClient.AssertProblem(tooLong, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task AnotherUsersSearchFindsNoneOfTheLinks()
    {
        var (alice, _) = await app.NewUserAsync();
        var (bob, _) = await app.NewUserAsync();
        var word = Guid.NewGuid().ToString("N")[..10];
        await alice.CreateAsync(new { url = $"https://example.com/{word}" });
        Assert.Empty(await SlugsAsync(bob, $"/links?q={word}"));
    }

    [Fact]
    public async Task TheQrCodeOfALinkComesAsSvgOrPngForItsOwnerOnly()
    {
        var (client, _) = await app.NewUserAsync();
        var slug = (await client.CreateAsync(new { url = "https://example.com/qr", slug = LinkClient.UniqueSlug("qr") })).Slug();

        using var svg = await client.GetAsync($"/links/{slug}/qr?format=svg");
        Assert.Equal(HttpStatusCode.OK, svg.StatusCode);
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<svg", await svg.Content.ReadAsStringAsync());
        using var png = await client.GetAsync($"/links/{slug}/qr?format=png&size=4");
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        var bytes = await png.Content.ReadAsByteArrayAsync();
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        Assert.True(bytes.Length > 100);

        using var gif = await client.GetAsync($"/links/{slug}/qr?format=gif");
        LinkClient.AssertProblem(gif, HttpStatusCode.BadRequest);
        using var huge = await client.GetAsync($"/links/{slug}/qr?size=1000");
        LinkClient.AssertProblem(huge, HttpStatusCode.BadRequest);
        var (other, _) = await app.NewUserAsync();
        using var forbidden = await other.GetAsync($"/links/{slug}/qr");
        LinkClient.AssertProblem(forbidden, HttpStatusCode.Forbidden);
        using var missing = await client.GetAsync($"/links/{LinkClient.UniqueSlug("none")}/qr");
        LinkClient.AssertProblem(missing, HttpStatusCode.NotFound);
        using var anonymous = await app.Anonymous.GetAsync($"/links/{slug}/qr");
        LinkClient.AssertProblem(anonymous, HttpStatusCode.Unauthorized);
    }

    private static async Task<List<string>> SlugsAsync(HttpClient client, string path)
    {
        using var answer = await client.GetAsync(path);
        var json = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(answer.StatusCode == HttpStatusCode.OK, json.ToString());
        return json.GetProperty("items").EnumerateArray().Select(l => l.Slug()).ToList();
    }
}

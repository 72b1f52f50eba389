using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Shortener.Tests.Links;

/// <summary>short_url comes from configuration or the api's own address, never from the Host header a client sends.</summary>
[Collection(LinksCollection.Name)]
public sealed class ShortUrlTests(LinksFixture app)
{
    [Fact]
    public async Task AForgedHostHeaderDoesNotReachShortUrl()
    {
        var link = await CreateWithHostAsync(app.Api, "evil.example");
        var own = app.Api.BaseAddress!.GetLeftPart(UriPartial.Authority);
        Assert.Equal($"{own}/{link.GetProperty("slug").GetString()}", link.GetProperty("short_url").GetString());
    }

    [Fact]
    public async Task AConfiguredBaseUrlIsUsedWhateverTheHost()
    {
        var link = await CreateWithHostAsync(app.Api2, "evil.example");
        Assert.Equal($"{LinksFixture.Api2BaseUrl}/{link.GetProperty("slug").GetString()}", link.GetProperty("short_url").GetString());

        using var listed = await app.Api2.GetFromJsonAsync<JsonDocument>("/links?limit=1");
        Assert.StartsWith(LinksFixture.Api2BaseUrl + "/", listed!.RootElement.GetProperty("items")[0].GetProperty("short_url").GetString());
    }

    private static async Task<JsonElement> CreateWithHostAsync(HttpClient client, string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/links") { Content = JsonContent.Create(new { url = "https://example.com/host" }) };
        request.Headers.Host = host;
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}

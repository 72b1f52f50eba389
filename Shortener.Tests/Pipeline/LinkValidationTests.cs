using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using Shortener.Tests.Infrastructure;

namespace Shortener.Tests.Pipeline;

[Collection(AppCollection.Name)]
public sealed class LinkValidationTests(AppFixture app)
{
    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("not a url")]
    [InlineData("/relative/path")]
    [InlineData("ftp://example.com/file")]
    [InlineData("https://user:secret@example.com/")]
    [InlineData("")]
    public async Task PostingAnInvalidUrlReturnsProblemDetailsAndStoresNothing(string url)
    {
        var before = await LinkCountAsync();
        using var response = await app.Api.PostAsJsonAsync("/links", new { url });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        using var problem = await response.Content.ReadFromJsonAsync<JsonDocument>();
        Assert.True(problem!.RootElement.GetProperty("errors").TryGetProperty("url", out _));
        Assert.Equal(before, await LinkCountAsync());
    }

    [Fact]
    public async Task PostingMalformedJsonReturnsProblemDetails()
    {
        using var response = await app.Api.PostAsync("/links", new StringContent("{\"url\": ", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task PostingWithoutAKeyReturns401()
    {
        var before = await LinkCountAsync();
        using var response = await app.Anonymous.PostAsJsonAsync("/links", new { url = "https://example.com/" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(before, await LinkCountAsync());
    }

    [Fact]
    public async Task PostingWithAWrongKeyReturns401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/links") { Content = JsonContent.Create(new { url = "https://example.com/" }) };
        request.Headers.Add("X-Api-Key", "wrong-key-wrong-key-wrong-key");
        using var response = await app.Anonymous.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task StatsWithoutAKeyReturns401()
    {
        var link = await app.CreateLinkAsync("https://example.com/stats-auth");
        using var response = await app.Anonymous.GetAsync($"/stats/{link.Slug}");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task CreatedLinkHasTheDocumentedShapeAndASevenCharacterSlug()
    {
        using var response = await app.Api.PostAsJsonAsync("/links", new { url = "https://example.com/shape" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = await response.Content.ReadFromJsonAsync<JsonDocument>();
        var root = body!.RootElement;
        var slug = root.GetProperty("slug").GetString()!;
        Assert.True(root.GetProperty("id").GetInt64() > 0);
        Assert.True(slug.Length >= 7, slug);
        Assert.Equal($"{app.Api.BaseAddress!.ToString().TrimEnd('/')}/{slug}", root.GetProperty("short_url").GetString());
        Assert.Equal("https://example.com/shape", root.GetProperty("original_url").GetString());
        Assert.True(root.TryGetProperty("created_at", out _));
        Assert.Equal($"/links/{slug}", response.Headers.Location!.ToString());
    }

    private async Task<long> LinkCountAsync()
    {
        await using var conn = await app.OpenDatabaseAsync();
        return await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM links");
    }
}

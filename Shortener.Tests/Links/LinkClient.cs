using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Shortener.Tests.Infrastructure;

namespace Shortener.Tests.Links;

public sealed record IssuedKey(string Key, string Prefix, long UserId);

/// <summary>Test verbs for the link lifecycle: users with their own keys, links with settings, raw JSON answers.</summary>
public static class LinkClient
{
    /// <summary>A new user (unique name) and a client that sends their key.</summary>
    public static async Task<(HttpClient Client, IssuedKey Key)> NewUserAsync(this AppFixture app, string resource = "api", bool admin = false)
    {
        using var response = await app.Api.PostAsJsonAsync("/api-keys", new { user = $"user-{Guid.NewGuid():N}", admin });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var key = (await response.Content.ReadFromJsonAsync<IssuedKey>(ShortenerClient.Json))!;
        var client = app.App.CreateHttpClient(resource);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.Key);
        return (client, key);
    }

    /// <summary>POSTs /links with the given body and expects 201; returns the answer's JSON.</summary>
    public static async Task<JsonElement> CreateAsync(this HttpClient client, object body)
    {
        using var response = await client.PostAsJsonAsync("/links", body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {json}");
        return json;
    }

    public static string Slug(this JsonElement link) => link.GetProperty("slug").GetString()!;

    public static string UniqueSlug(string prefix = "t") => $"{prefix}-{Guid.NewGuid():N}"[..24];

    /// <summary>The redirect's status and Location as sent (null when there is none; Uri.ToString() would unescape it).</summary>
    public static async Task<(HttpStatusCode Status, string? Location)> FollowAsync(this HttpClient client, string slug, HttpMethod? method = null)
    {
        using var response = await client.SendAsync(new HttpRequestMessage(method ?? HttpMethod.Get, $"/{slug}"));
        return (response.StatusCode, response.Headers.Location?.OriginalString);
    }

    public static async Task<long> CountAsync(this AppFixture app, string table)
    {
        await using var conn = await app.OpenDatabaseAsync();
        return await conn.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}");
    }

    public static void AssertProblem(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}

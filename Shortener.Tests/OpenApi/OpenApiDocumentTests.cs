using System.Net;
using System.Net.Http.Json;
using Shortener.Tests.Events;
using Shortener.Tests.Infrastructure;
using Shortener.Tests.Links;
using Shortener.Tests.Pipeline;

namespace Shortener.Tests.OpenApi;

/// <summary>/openapi/v1.json describes what the api really sends; /docs shows it.</summary>
[Collection(AppCollection.Name)]
public sealed class OpenApiDocumentTests(AppFixture app)
{
    [Fact]
    public async Task TheDocumentIsServedAndTheReferencePageShowsIt()
    {
        var document = await OpenApiDocument.LoadAsync(app.Anonymous);
        Assert.StartsWith("3.1", document.Root["openapi"]!.GetValue<string>());
        Assert.Equal("apiKey", document.Root["components"]!["securitySchemes"]!["ApiKey"]!["type"]!.GetValue<string>());

        using var redirect = await app.Anonymous.GetAsync("/docs");
        Assert.True((int)redirect.StatusCode is >= 300 and < 400 or 200, $"{redirect.StatusCode}");
        using var docs = await app.Anonymous.GetAsync("/docs/");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Equal("text/html", docs.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Shortener API", await docs.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task EveryEndpointThatTakesAKeySaysSoAndDocumentsItsProblems()
    {
        var document = await OpenApiDocument.LoadAsync(app.Anonymous);
        var keyed = document.Operations.Where(o => o.RequiresKey).ToList();
        Assert.Contains(keyed, o => o.ToString() == "POST /links");
        Assert.Contains(keyed, o => o.ToString() == "PATCH /users/{id}");
        Assert.DoesNotContain(keyed, o => o.Path == "/{slug}" || o.Path == "/health" || o.ToString() == "GET /worker/health");
        Assert.All(keyed, o => Assert.Contains("401", o.Statuses));
        Assert.All(document.Operations.Where(o => o.Path.StartsWith("/worker/") && o.RequiresKey), o => Assert.Contains("403", o.Statuses));
        Assert.All(document.Operations.Where(o => o.Path.StartsWith("/links")), o => Assert.Contains("429", o.Statuses));
        Assert.All(document.Operations.Where(o => o.Node["requestBody"] is not null), o => Assert.Contains("415", o.Statuses));

        // snake_case as sent: no schema names a property in another case.
        var properties = document.Root["components"]!["schemas"]!.AsObject()
            .SelectMany(s => s.Value!["properties"]?.AsObject().Select(p => $"{s.Key}.{p.Key}") ?? []).ToList();
        Assert.Contains("LinkResponse.short_url", properties);
        Assert.DoesNotContain(properties, p => p.Split('.')[1].Any(char.IsUpper));
    }

    [Fact]
    public async Task RealAnswersMatchTheirSchemas()
    {
        var document = await OpenApiDocument.LoadAsync(app.Anonymous);
        var (user, key) = await app.NewUserAsync();
        var failures = new List<string>();

        async Task Check(string method, string path, HttpResponseMessage response, string media = "application/json")
        {
            var body = await response.ReadNodeAsync();
            foreach (var error in document.Validate(method, path, (int)response.StatusCode, media, body))
                failures.Add($"{method} {path} {(int)response.StatusCode}: {error} in {body}");
            response.Dispose();
        }

        using var created = await user.PostAsJsonAsync("/links", new { url = "https://example.com/schema", expires_at = DateTimeOffset.UtcNow.AddDays(1) });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var slug = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).Slug();
        await Check("POST", "/links", created);
        await Check("GET", "/links", await user.GetAsync("/links?limit=5"));
        await Check("GET", "/links/{slug}", await user.GetAsync($"/links/{slug}"));
        await Check("PUT", "/links/{slug}", await user.PutAsJsonAsync($"/links/{slug}", new { max_clicks = 5 }));
        await Check("GET", "/stats/{slug}", await user.GetAsync($"/stats/{slug}"));
        await Check("GET", "/links/{slug}/stats", await user.GetAsync($"/links/{slug}/stats?top=3"));
        using var export = await user.PostAsync($"/links/{slug}/exports", null);
        var exportId = (await export.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString();
        await Check("POST", "/links/{slug}/exports", export);
        await Check("GET", "/exports/{id}", await user.GetAsync($"/exports/{exportId}"));
        await Check("POST", "/api-keys", await app.Api.PostAsJsonAsync("/api-keys", new { user = $"schema-{Guid.NewGuid():N}" }));
        await Check("PATCH", "/users/{id}", await app.Api.PatchAsJsonAsync($"/users/{key.UserId}", new { admin = false }));
        await Check("GET", "/worker/status", await app.Api.GetAsync("/worker/status"));
        await Check("GET", "/worker/health", await app.Api.GetAsync("/worker/health"));
        await Check("GET", "/worker/health", await app.Anonymous.GetAsync("/worker/health"));
        await Check("GET", "/worker/dlq", await app.Api.GetAsync("/worker/dlq?limit=2"));
        await Check("GET", "/health", await app.Api.GetAsync("/health"));
        await Check("GET", "/health", await app.Anonymous.GetAsync("/health"));

        var siteId = EventClient.NewSiteId("schema");
        await Check("POST", "/sites", await user.PostAsJsonAsync("/sites", new { site_id = siteId, name = "Schema" }));
        await Check("GET", "/sites", await user.GetAsync("/sites"));
        await Check("GET", "/sites/{site_id}", await user.GetAsync($"/sites/{siteId}"));
        await Check("POST", "/api/event", await app.Anonymous.PostAsJsonAsync("/api/event", EventClient.Event(siteId, userId: "u1")));
        await Check("POST", "/api/events", await app.Anonymous.PostAsJsonAsync("/api/events", new[] { EventClient.Event(siteId), EventClient.Event(siteId) }));
        await Check("GET", "/api/stats", await user.GetAsync($"/api/stats?site_id={siteId}"));
        await Check("GET", "/api/stats", await user.GetAsync($"/api/stats?site_id={siteId}&date={DateTime.UtcNow:yyyy-MM-dd}&event_type=pageview"));

        const string problem = "application/problem+json";
        await Check("POST", "/api/event", await app.Anonymous.PostAsJsonAsync("/api/event", new { site_id = siteId }), problem);
        await Check("POST", "/api/event", await app.Anonymous.PostAsJsonAsync("/api/event", EventClient.Event("no-such-site.example")), problem);
        await Check("POST", "/sites", await user.PostAsJsonAsync("/sites", new { site_id = siteId }), problem);
        await Check("GET", "/api/stats", await user.GetAsync("/api/stats?site_id=no-such-site.example"), problem);
        using (var deleted = await user.DeleteAsync($"/sites/{siteId}")) Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await Check("GET", "/links/{slug}", await user.GetAsync("/links/no-such-link-anywhere"), problem);
        await Check("POST", "/links", await user.PostAsJsonAsync("/links", new { url = "javascript:alert(1)" }), problem);
        await Check("POST", "/links", await app.Anonymous.PostAsJsonAsync("/links", new { url = "https://example.com/" }), problem);
        await Check("GET", "/worker/status", await user.GetAsync("/worker/status"), problem);
        await Check("GET", "/{slug}", await app.Anonymous.GetAsync("/no-such-link-anywhere"), problem);
        await Check("GET", "/links/{slug}/stats", await user.GetAsync($"/links/{slug}/stats?end=0001-01-01"), problem);

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }
}

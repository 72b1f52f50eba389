using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Shortener.Tests.OpenApi;

/// <summary>
/// Every endpoint the api maps is in its OpenAPI document. The api is built in-process with its own Program and none of
/// its background services, so nothing connects anywhere: this compares the routing table with the document. (Any type
/// of the api's assembly names its entry point; Program is taken by the AppHost's.)
/// </summary>
public sealed class DocumentedEndpointsTests
{
    [Fact]
    public async Task EveryMappedEndpointAppearsInTheDocument()
    {
        await using var factory = new WebApplicationFactory<Shortener.Api.Links.LinkStore>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ConnectionStrings:shortenerdb", "Host=127.0.0.1;Port=1;Database=none;Username=none");
            web.UseSetting("ConnectionStrings:cache", "127.0.0.1:1,abortConnect=false");
            web.UseSetting("Auth:AdminApiKey", "a-key-for-the-routing-table-only");
            web.UseSetting("Shortener:Slugs:Salt", "routing-table");
            web.UseSetting("Enrichment:VisitorSecret", "routing-table-visitors");
            web.ConfigureServices(services =>
            {
                // Ours only: the web host's own hosted service runs the test server.
                var ours = services.Where(d => d.ServiceType == typeof(IHostedService)
                    && (d.ImplementationFactory is not null || d.ImplementationType?.Assembly.GetName().Name?.StartsWith("Shortener") == true)).ToList();
                foreach (var descriptor in ours) services.Remove(descriptor);
            });
        });
        using var client = factory.CreateClient();
        var documented = (await OpenApiDocument.LoadAsync(client)).Operations.Select(o => o.ToString()).ToHashSet();

        var mapped = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => $"{m} {Template(e.RoutePattern)}"))
            .Distinct().ToList();

        Assert.Contains("GET /{slug}", mapped);
        Assert.Contains("DELETE /api-keys/{prefix}", mapped);
        Assert.Contains("GET /health", mapped);
        var missing = mapped.Where(e => !documented.Contains(e)).ToList();
        Assert.True(missing.Count == 0, "Not in the document: " + string.Join(", ", missing));
    }

    /// <summary>The route as OpenAPI writes it: constraints dropped, no trailing slash.</summary>
    private static string Template(RoutePattern pattern)
    {
        var segments = pattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => $"{{{parameter.Name}}}",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => "",
        })));
        return "/" + string.Join('/', segments);
    }
}

using Shortener.Core.Slugs;
using Shortener.Hosting;
using Shortener.Hosting.Testing;
using Shortener.Tests.Infrastructure;

namespace Shortener.Tests.Links;

/// <summary>
/// The link-lifecycle app: two api instances ("api" and "api2") sharing database and cache, rate limits off as in the
/// pipeline app. api2 answers redirects with 308, to show the status is configurable.
/// </summary>
public sealed class LinksFixture : AppFixture
{
    private HttpClient? _anonymous2;
    private HttpClient? _api2;

    /// <summary>An anonymous client of the second api instance.</summary>
    public HttpClient Anonymous2 => _anonymous2 ??= App.CreateHttpClient("api2");

    /// <summary>An admin client of the second api instance.</summary>
    public HttpClient Api2 => _api2 ??= WithAdminKey(App.CreateHttpClient("api2"));

    private HttpClient WithAdminKey(HttpClient client)
    {
        client.DefaultRequestHeaders.Authorization = new("Bearer", AdminKey);
        return client;
    }

    protected override IEnumerable<string> ExtraServices => ["api2"];

    protected override void Configure(IDistributedApplicationTestingBuilder builder)
    {
        base.Configure(builder);
        builder.AddApiReplica("api2").WithEnvironment("Shortener__Redirect__StatusCode", "308");
    }

    public SlugCodec Slugs => new(new SlugOptions { Salt = App.Resources.OfType<ParameterResource>().Single(p => p.Name == "slug-salt").Value });
}

[CollectionDefinition(Name)]
public sealed class LinksCollection : ICollectionFixture<LinksFixture>
{
    public const string Name = "links";
}

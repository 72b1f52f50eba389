using Shortener.Core.Slugs;
using Shortener.Tests.Infrastructure;

namespace Shortener.Tests.Links;

/// <summary>
/// The link-lifecycle app: two api instances ("api" and "api2") sharing database and cache, rate limits off as in the
/// pipeline app. api2 answers redirects with 308, to show the status is configurable. api2 and the worker export traces
/// to <see cref="Traces"/>, so this app has tracing on (the pipeline app, with no exporter, has it off). api2 has a
/// configured public base for short_url (<see cref="Api2BaseUrl"/>); "api" has none and uses its own address. api2 trusts
/// X-Forwarded-For (so tests can redirect from a country); api does not.
/// </summary>
public sealed class LinksFixture : AppFixture
{
    /// <summary>Shortener__Redirect__BaseUrl of api2, as the AppHost would set it for a public deployment.</summary>
    public const string Api2BaseUrl = "https://sho.rt.example";

    private HttpClient? _anonymous2;
    private HttpClient? _api2;
    private OtlpCollector? _traces;

    /// <summary>Spans exported by api2 and the worker.</summary>
    public OtlpCollector Traces => _traces ?? throw new InvalidOperationException("The collector has not started.");

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

    public override async Task InitializeAsync()
    {
        _traces = await OtlpCollector.StartAsync();
        await base.InitializeAsync();
        Slugs = new SlugCodec(new SlugOptions { Salt = await ParameterAsync("slug-salt") });
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_traces is not null) await _traces.DisposeAsync();
    }

    protected override void Configure(IDistributedApplicationTestingBuilder builder)
    {
        base.Configure(builder);
        ExportTraces(builder.AddApiReplica("api2").WithEnvironment("Shortener__Redirect__StatusCode", "308")
            .WithEnvironment("Shortener__Redirect__BaseUrl", Api2BaseUrl)
            // Country rules are tested from loopback by saying where the visitor is (api only trusts nobody).
            .WithEnvironment("RateLimiting__TrustForwardedFor", "true"));
        ExportTraces(builder.CreateResourceBuilder<ProjectResource>("worker"));
    }

    private void ExportTraces(IResourceBuilder<ProjectResource> service) => service
        .WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", Traces.Endpoint)
        .WithEnvironment("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
        .WithEnvironment("OTEL_BSP_SCHEDULE_DELAY", "200");

    public SlugCodec Slugs { get; private set; } = null!;
}

[CollectionDefinition(Name)]
public sealed class LinksCollection : ICollectionFixture<LinksFixture>
{
    public const string Name = "links";
}

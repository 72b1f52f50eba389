using Shortener.AppHost;
using Shortener.AppHost.LocalServers;
using Shortener.AppHost.Supervision;

var builder = DistributedApplication.CreateBuilder(args);
var settings = builder.AddAppHostSupervision();

IResourceBuilder<IResourceWithConnectionString> shortenerDb, cache;
switch (settings.ChooseServers(builder))
{
    case ServerMode.Local:
        var local = LocalServerSettings.Resolve(settings, builder.AppHostDirectory);
        shortenerDb = builder.AddLocalPostgres("postgres", local).AddDatabase("shortenerdb");
        cache = builder.AddLocalRedis("cache", local);
        break;
    case ServerMode.Containers:
        shortenerDb = builder.AddPostgres("postgres").WithDataVolume().AddDatabase("shortenerdb");
        cache = builder.AddRedis("cache").WithDataVolume().WithAppendOnlyFile();
        break;
    default:
        shortenerDb = builder.AddConnectionString("shortenerdb");
        cache = builder.AddConnectionString("cache");
        break;
}

var adminApiKey = builder.AddGeneratedSecret("admin-api-key", settingKey: "Auth:AdminApiKey");
var slugSalt = builder.AddGeneratedSecret("slug-salt", settingKey: "Shortener:Slugs:Salt");
var visitorSecret = builder.AddGeneratedSecret("visitor-secret", settingKey: "Enrichment:VisitorSecret");

// The redirect path: DCP's proxy is not put in front of the api (BENCHMARKS.md has what it cost). The api also streams
// live clicks (Server-Sent Events, fed from the clicks:live stream the worker writes after each commit): the streamer
// lives in the api, not in a resource of its own.
builder.AddProject<Projects.Shortener_Api>("api")
    .WithHttpEndpoint(port: settings.ApiPort == 0 ? null : settings.ApiPort, name: "http", isProxied: settings.ProxyApi)
    .WithHttpHealthCheck("/health")
    // A second link beside the endpoint's own (a relative WithUrl would rewrite the endpoint's url instead).
    .WithUrls(urls =>
    {
        if (urls.Urls.FirstOrDefault(u => u.Endpoint?.EndpointName == "http") is { } root)
            urls.Urls.Add(new ResourceUrlAnnotation { Url = $"{root.Url.TrimEnd('/')}/dashboard", DisplayText = "Dashboard" });
    })
    .WithReference(shortenerDb).WaitFor(shortenerDb)
    .WithReference(cache).WaitFor(cache)
    .WithEnvironment("Auth__AdminApiKey", adminApiKey)
    .WithEnvironment("Shortener__Slugs__Salt", slugSalt)
    // A/B variants keep a visitor on one variant for a day with the same daily visitor hash the worker stores.
    .WithEnvironment("Enrichment__VisitorSecret", visitorSecret)
    .WithServiceDefaults(settings);

// The worker imports links (issue 15), so it makes slugs for rows without one, as the api does.
builder.AddProject<Projects.Shortener_Worker>("worker")
    .WithReplicas(settings.WorkerReplicas)
    .WithHttpEndpoint(name: "http")
    .WithHttpHealthCheck("/health")
    .WithReference(shortenerDb).WaitFor(shortenerDb)
    .WithReference(cache).WaitFor(cache)
    .WithEnvironment("Enrichment__VisitorSecret", visitorSecret)
    .WithEnvironment("Shortener__Slugs__Salt", slugSalt)
    .WithServiceDefaults(settings);

builder.AddProject<Projects.Shortener_Analytics>("analytics")
    .WithHttpEndpoint(name: "http")
    .WithHttpHealthCheck("/health")
    .WithReference(shortenerDb).WaitFor(shortenerDb)
    .WithReference(cache).WaitFor(cache)
    .WithServiceDefaults(settings);

builder.Build().Run();

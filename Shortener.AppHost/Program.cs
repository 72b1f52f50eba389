using Shortener.Hosting;

var builder = DistributedApplication.CreateBuilder(args);

var postgres = builder.AddPostgres("postgres");
var shortenerDb = postgres.AddDatabase("shortenerdb");
var cache = builder.AddRedis("cache");
var adminApiKey = builder.AddParameter("admin-api-key", secret: true, configurationKey: "Auth:AdminApiKey");
var slugSalt = builder.AddParameter("slug-salt", secret: true, configurationKey: "Shortener:Slugs:Salt");
var visitorSecret = builder.AddParameter("visitor-secret", secret: true, configurationKey: "Enrichment:VisitorSecret");

// The api also streams live clicks (Server-Sent Events, fed from the clicks:live stream the worker writes after each
// commit): the streamer lives in the api, not in a resource of its own.
builder.AddProject<Projects.Shortener_Api>("api")
    .WithHttpEndpoint(port: builder.Options.ApiPort)
    .WithReference(shortenerDb).WaitFor(shortenerDb)
    .WithReference(cache).WaitFor(cache)
    .WithEnvironment("Auth__AdminApiKey", adminApiKey)
    .WithEnvironment("Shortener__Slugs__Salt", slugSalt);

builder.AddProject<Projects.Shortener_Worker>("worker")
    .WithHttpEndpoint()
    .WithReference(shortenerDb).WaitFor(shortenerDb)
    .WithReference(cache).WaitFor(cache)
    .WithEnvironment("Enrichment__VisitorSecret", visitorSecret);

builder.AddProject<Projects.Shortener_Analytics>("analytics")
    .WithHttpEndpoint()
    .WithReference(shortenerDb).WaitFor(shortenerDb)
    .WithReference(cache).WaitFor(cache);

builder.Build().Run();

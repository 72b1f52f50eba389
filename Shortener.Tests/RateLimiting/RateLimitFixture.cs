using Shortener.Tests.Infrastructure;

namespace Shortener.Tests.RateLimiting;

/// <summary>
/// Two api instances with rate limiting on and X-Forwarded-For trusted, so each test can be its own client address.
/// Redirects refill slowly (one every 5 s) so a burst's outcome doesn't depend on how fast the test runs.
/// </summary>
public sealed class RateLimitFixture : AppFixture
{
    public const int RedirectBurst = 5;
    public const int ApiBurst = 20;
    public const int PasswordPerLinkBurst = 8;

    protected override IEnumerable<string> ExtraServices => ["api2"];

    protected override void Configure(IDistributedApplicationTestingBuilder builder)
    {
        base.Configure(builder);
        builder.CreateResourceBuilder<ProjectResource>("api")
            .WithEnvironment("RateLimiting__Enabled", "true")
            .WithEnvironment("RateLimiting__TrustForwardedFor", "true")
            .WithEnvironment("RateLimiting__Redirect__PermitsPerSecond", "0.2")
            .WithEnvironment("RateLimiting__Redirect__Burst", RedirectBurst.ToString())
            .WithEnvironment("RateLimiting__Api__PermitsPerSecond", "5")
            .WithEnvironment("RateLimiting__Api__Burst", ApiBurst.ToString())
            .WithEnvironment("RateLimiting__PasswordPerLink__Burst", PasswordPerLinkBurst.ToString());
        builder.AddApiReplica("api2");
    }

    public HttpClient Client(string resource) => App.CreateHttpClient(resource);
}

[CollectionDefinition(Name)]
public sealed class RateLimitCollection : ICollectionFixture<RateLimitFixture>
{
    public const string Name = "rate-limits";
}

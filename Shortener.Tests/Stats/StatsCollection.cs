using Shortener.Tests.Infrastructure;

namespace Shortener.Tests.Stats;

/// <summary>
/// An app whose worker rolls up every second, looks for exports every 200 ms and deletes expired ones every 500 ms, so
/// tests wait briefly.
/// </summary>
public sealed class StatsFixture : AppFixture
{
    protected override void Configure(IDistributedApplicationTestingBuilder builder)
    {
        base.Configure(builder);
        builder.CreateResourceBuilder<ProjectResource>("worker")
            .WithEnvironment("Worker__Rollups__Schedule", "* * * * * *")
            .WithEnvironment("Worker__Exports__PollInterval", "00:00:00.200")
            .WithEnvironment("Worker__Exports__CleanupInterval", "00:00:00.500");
    }
}

[CollectionDefinition(Name)]
public sealed class StatsCollection : ICollectionFixture<StatsFixture>
{
    public const string Name = "stats";
}

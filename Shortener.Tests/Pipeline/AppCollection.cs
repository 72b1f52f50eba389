using Shortener.Tests.Infrastructure;

namespace Shortener.Tests.Pipeline;

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "app";
}

using System.Reflection;

namespace Shortener.Hosting.Testing;

public interface IDistributedApplicationTestingBuilder : IDistributedApplicationBuilder
{
    Task<DistributedApplication> BuildAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// Aspire.Hosting.Testing's entry point: runs the AppHost's own Main, takes the app model it describes, and returns it
/// for the test to adjust and start, with random ports, throw-away data directories and no console output.
/// </summary>
public static class DistributedApplicationTestingBuilder
{
    public static async Task<IDistributedApplicationTestingBuilder> CreateAsync<TEntryPoint>(string[]? args = null,
        CancellationToken cancellationToken = default) where TEntryPoint : class
    {
        var assembly = typeof(IProjectMetadata).IsAssignableFrom(typeof(TEntryPoint))
            ? Assembly.Load(Path.GetFileNameWithoutExtension(((IProjectMetadata)Activator.CreateInstance(typeof(TEntryPoint))!).ProjectPath))
            : typeof(TEntryPoint).Assembly;
        var main = assembly.EntryPoint ?? throw new InvalidOperationException($"{assembly.GetName().Name} has no entry point.");
        var hook = new TestingHook(args ?? []);
        _ = Task.Run(async () =>
        {
            DistributedApplicationBuilder.CurrentTestingHook = hook;
            try
            {
                var result = main.Invoke(null, main.GetParameters().Length == 0 ? null : [hook.Args]);
                if (result is Task task) await task;
                hook.Fail(new InvalidOperationException("The AppHost's Main returned without building its app model."));
            }
            catch (Exception e) when (Unwrap(e) is TestingHookException)
            {
            }
            catch (Exception e)
            {
                hook.Fail(Unwrap(e));
            }
        }, cancellationToken);
        var builder = await hook.Builder.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        return new TestingBuilder(builder);
    }

    private static Exception Unwrap(Exception e) => e is TargetInvocationException { InnerException: { } inner } ? inner : e;

    private sealed class TestingBuilder(DistributedApplicationBuilder inner) : IDistributedApplicationTestingBuilder
    {
        public Microsoft.Extensions.Configuration.ConfigurationManager Configuration => inner.Configuration;
        public AppHostOptions Options => inner.Options;
        public IList<IResource> Resources => inner.Resources;
        public string AppHostDirectory => inner.AppHostDirectory;
        public IResourceBuilder<T> AddResource<T>(T resource) where T : IResource => inner.AddResource(resource);
        public DistributedApplication Build() => inner.Build();
        public Task<DistributedApplication> BuildAsync(CancellationToken cancellationToken = default) => Task.FromResult(inner.Build());
    }
}

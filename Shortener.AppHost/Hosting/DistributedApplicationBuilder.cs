using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace Shortener.Hosting;

public sealed class DistributedApplicationBuilder : IDistributedApplicationBuilder
{
    private static readonly AsyncLocal<TestingHook?> s_testingHook = new();

    internal DistributedApplicationBuilder(string[] args, bool testing)
    {
        Args = args;
        Configuration = new ConfigurationManager();
        Configuration.AddEnvironmentVariables();
        Configuration.AddCommandLine(args);
        Configuration.GetSection("AppHost").Bind(Options);
        Options.IsTesting |= testing;
        if (Options.IsTesting)
        {
            // As under Aspire.Hosting.Testing, a crashed resource stays down unless the test starts it again.
            if (Configuration["AppHost:OnServiceCrash"] is null) Options.OnServiceCrash = CrashPolicy.Ignore;
            if (Configuration["AppHost:HealthyCheckInterval"] is null) Options.HealthyCheckInterval = TimeSpan.FromSeconds(2);
        }
        AppHostDirectory = typeof(DistributedApplicationBuilder).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "AppHostProjectDirectory")?.Value ?? AppContext.BaseDirectory;
    }

    public string[] Args { get; }
    public ConfigurationManager Configuration { get; }
    public AppHostOptions Options { get; } = new();
    public IList<IResource> Resources { get; } = [];
    public string AppHostDirectory { get; }

    internal static TestingHook? CurrentTestingHook
    {
        get => s_testingHook.Value;
        set => s_testingHook.Value = value;
    }

    public IResourceBuilder<T> AddResource<T>(T resource) where T : IResource
    {
        if (Resources.Any(r => string.Equals(r.Name, resource.Name, StringComparison.OrdinalIgnoreCase)))
            throw new InvalidOperationException($"A resource named '{resource.Name}' already exists.");
        Resources.Add(resource);
        return new ResourceBuilder<T>(resource, this);
    }

    public DistributedApplication Build()
    {
        // Under the test harness the AppHost's Main only describes the model: hand it over and unwind Main.
        if (CurrentTestingHook is { Captured: false } hook)
        {
            hook.Capture(this);
            throw new TestingHookException();
        }
        return new DistributedApplication(this);
    }
}

/// <summary>Carries the builder out of an AppHost's Main run by the test harness (as Aspire's HostFactoryResolver does).</summary>
internal sealed class TestingHook(string[] args)
{
    private readonly TaskCompletionSource<DistributedApplicationBuilder> _builder = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string[] Args { get; } = args;
    public bool Captured => _builder.Task.IsCompleted;
    public Task<DistributedApplicationBuilder> Builder => _builder.Task;

    public void Capture(DistributedApplicationBuilder builder) => _builder.TrySetResult(builder);
    public void Fail(Exception error) => _builder.TrySetException(error);
}

internal sealed class TestingHookException() : Exception("The test harness took the app model; Main stops here.");

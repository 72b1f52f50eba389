using Microsoft.Extensions.Configuration;
using Aspire.Hosting.Lifecycle;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Shortener.AppHost.Supervision;

public static class SupervisionExtensions
{
    /// <summary>
    /// Reads the AppHost's own settings and adds what our AppHost does beyond Aspire: the start-up watch, the crash policy,
    /// the services' errors on the console. A setting or prerequisite it cannot start without ends the run with its
    /// message alone and exit code 2.
    /// </summary>
    public static AppHostSettings AddAppHostSupervision(this IDistributedApplicationBuilder builder)
    {
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            if (e.ExceptionObject is not AppHostConfigurationException problem) return;
            Console.Error.WriteLine(problem.Message);
            Environment.Exit(2);
        };
        var settings = AppHostSettings.Bind(builder.Configuration);
        var services = builder.Services;
        services.AddSingleton(settings);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ConsoleReport>();
        services.AddSingleton<ResourceLogTail>();
        services.AddSingleton<IBackgroundWatch>(sp => sp.GetRequiredService<ResourceLogTail>());
        services.AddSingleton<IBackgroundWatch, StartupWatch>();
        services.AddSingleton<IBackgroundWatch, ServiceCrashWatch>();
        services.AddSingleton<IBackgroundWatch, LocalServers.ChildStateMirror>();
        services.AddEventingSubscriber<SupervisionSubscriber>();
        return settings;
    }

    /// <summary>Published: containers. Otherwise as AppHost:Infrastructure says, or (Auto) what this machine has.</summary>
    public static ServerMode ChooseServers(this AppHostSettings settings, IDistributedApplicationBuilder builder)
    {
        if (builder.ExecutionContext.IsPublishMode) return ServerMode.Containers;
        if (settings.Infrastructure != ServerMode.Auto) return settings.Infrastructure;
        if (!string.IsNullOrEmpty(builder.Configuration.GetConnectionString("shortenerdb"))
            && !string.IsNullOrEmpty(builder.Configuration.GetConnectionString("cache")))
            return ServerMode.Existing;
        return LocalServers.ServerPrograms.ContainerEngineAnswers() ? ServerMode.Containers : ServerMode.Local;
    }
}

using Shortener.Core.Links;

namespace Shortener.Api.Links;

public static class LinkLifecycleExtensions
{
    /// <summary>Link storage, the three-level lookup and the events that keep its caches correct.</summary>
    public static void AddLinkLifecycle(this IServiceCollection services)
    {
        services.AddOptions<LinkCacheOptions>().BindConfiguration(LinkCacheOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LinkStore>();
        services.AddSingleton<LinkJobsReader>();
        services.AddSingleton<ShortUrls>();
        services.AddSingleton<LinkChangeOutbox>();
        services.AddSingleton<LinkTargetReader>();
        services.AddSingleton<LinkTargetCache>();
        services.AddSingleton<LinkCache>();
        services.AddSingleton<LinkChangePublisher>();
        services.AddSingleton<ClickQuota>();
        services.AddHostedService<LinkInvalidationSubscriber>();
        services.AddHostedService<LinkChangeRelay>();
    }
}

using System.Text.Json;
using Shortener.Analytics.Services;
using Shortener.Core.Data;
using Shortener.Core.Links;

namespace Shortener.Analytics.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource("shortenerdb");
        builder.AddRedisClient("cache", redis => redis.DisableTracing = !builder.ExportsTelemetry());

        var services = builder.Services;
        services.AddShortenerDatabase();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);

        services.AddSingleton<LinkCreationCounter>();
        services.AddSingleton<LinkCreatedSubscriber>();
        services.AddHostedService(sp => sp.GetRequiredService<LinkCreatedSubscriber>());
        services.AddHealthChecks().AddCheck<LinkCreatedSubscriber>("link-events");

        services.AddSingleton<LinkTargetReader>();
        services.AddSingleton<LinkTargetCache>();
        services.AddSingleton<LinkCacheRefresher>();
        services.AddHostedService(sp => sp.GetRequiredService<LinkCacheRefresher>());
        services.AddHealthChecks().AddCheck<LinkCacheRefresher>("link-cache-refresher");
    }
}

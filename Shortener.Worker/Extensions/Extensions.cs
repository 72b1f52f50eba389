using Microsoft.Extensions.Options;
using Shortener.Core.Clicks;
using Shortener.Core.Enrichment;
using Shortener.Core.Enrichment.Geo;
using Shortener.Core.Enrichment.UserAgents;
using Shortener.Core.Enrichment.Visitors;
using Shortener.Core.Data;
using Shortener.Core.Stats;
using Shortener.Worker.Clicks;
using Shortener.Worker.Exports;
using Shortener.Worker.Live;
using Shortener.Worker.Rollups;
using Shortener.Worker.Services;

namespace Shortener.Worker.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource("shortenerdb");
        builder.AddRedisClient("cache");

        var services = builder.Services;
        services.AddShortenerDatabase();

        services.AddOptions<ClickConsumerOptions>().BindConfiguration(ClickConsumerOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ChaosOptions>().BindConfiguration(ChaosOptions.SectionName)
            .Validate(o => !o.Enabled || !builder.Environment.IsProduction(), "The Chaos: switches exist for tests and are refused in Production.")
            .ValidateOnStart();

        services.AddOptions<EnrichmentOptions>().BindConfiguration(EnrichmentOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => CountryLookup.Open(sp.GetRequiredService<IOptions<EnrichmentOptions>>().Value.GeoDatabasePath));
        services.AddSingleton(sp => new UserAgentAnalyzer(new UserAgentAnalyzerOptions
        {
            CacheCapacity = sp.GetRequiredService<IOptions<EnrichmentOptions>>().Value.UserAgentCacheSize,
        }));
        services.AddSingleton(sp => new VisitorHasher(sp.GetRequiredService<IOptions<EnrichmentOptions>>().Value.VisitorSecret));
        services.AddSingleton<ClickEnricher>();

        services.AddSingleton<ClickStreamSetup>();
        services.AddSingleton<ClickWriter>();
        services.AddSingleton<WorkerMetrics>();
        services.AddSingleton<DeadLetters>();
        services.AddOptions<LivePublishingOptions>().BindConfiguration(LivePublishingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        if (builder.Configuration.GetValue(LivePublishingOptions.SectionName + ":" + nameof(LivePublishingOptions.Enabled), true))
            services.AddSingleton<ICommittedClicksHandler, LiveClickPublisher>();
        services.AddSingleton<ClickBatchProcessor>();
        services.AddSingleton<ConsumerHeartbeat>();
        services.AddSingleton<ClickConsumer>();
        services.AddHostedService(sp => sp.GetRequiredService<ClickConsumer>());
        services.AddHostedService<WorkerStatusReporter>();
        services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(WorkerMetrics.MeterName));

        services.AddOptions<RollupOptions>().BindConfiguration(RollupOptions.SectionName)
            .Validate(o => o.TryParse() is not null, "Worker:Rollups:Schedule must be a cron expression of 5 fields, or 6 with seconds first.")
            .ValidateOnStart();
        services.AddSingleton<DailyRollup>();
        services.AddHostedService<RollupJob>();
        services.AddOptions<ExportOptions>().BindConfiguration(ExportOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ExportClaims>();
        services.AddSingleton<ExportWriter>();
        services.AddHostedService<ExportJob>();

        services.AddHealthChecks().AddCheck<ConsumerHeartbeat>("click-consumer");
    }
}

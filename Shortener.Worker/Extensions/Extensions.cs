using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Shortener.Core;
using Shortener.Core.Clicks;
using Shortener.Core.Enrichment;
using Shortener.Core.Enrichment.Geo;
using Shortener.Core.Enrichment.UserAgents;
using Shortener.Core.Enrichment.Visitors;
using Shortener.Core.Data;
using Shortener.Core.Events;
using Shortener.Core.Net;
using Shortener.Core.Webhooks;
using Shortener.Core.Exports;
using Shortener.Core.Stats;
using Shortener.Worker.Alerts;
using Shortener.Worker.Clicks;
using Shortener.Worker.Events;
using Shortener.Worker.Exports;
using Shortener.Worker.Imports;
using Shortener.Core.Slugs;
using Shortener.Worker.Jobs;
using Shortener.Worker.Live;
using Shortener.Worker.Rollups;
using Shortener.Worker.Services;
using Shortener.Worker.Webhooks;

namespace Shortener.Worker.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource("shortenerdb");
        builder.AddRedisClient("cache", redis => redis.DisableTracing = !builder.ExportsTelemetry());

        var services = builder.Services;
        services.AddShortenerDatabase();

        services.AddOptions<ClickConsumerOptions>().BindConfiguration(ClickConsumerOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ChaosOptions>().BindConfiguration(ChaosOptions.SectionName)
            .Validate(o => !o.Enabled || !builder.Environment.IsProduction(), "The Chaos: switches exist for tests and are refused in Production.")
            .ValidateOnStart();

        services.AddEnrichment();
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
        services.AddEventPipeline();

        services.AddOptions<RollupOptions>().BindConfiguration(RollupOptions.SectionName)
            .Validate(o => o.TryParse() is not null, "Worker:Rollups:Schedule must be a cron expression of 5 fields, or 6 with seconds first.")
            .ValidateOnStart();
        services.AddSingleton<DailyRollup>();
        services.AddHostedService<RollupJob>();
        services.AddOptions<ExportOptions>().BindConfiguration(ExportOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ExportClaims>();
        services.AddSingleton<ExportWriter>();
        services.AddHostedService<ExportJob>();
        services.AddOptions<ExportRetentionOptions>().BindConfiguration(ExportRetentionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ExportCleanup>();
        services.AddHostedService<ExportCleanupJob>();

        services.AddWebhooksAndJobs();

        services.AddSlugCodec();
        services.AddOptions<ImportOptions>().BindConfiguration(ImportOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ImportClaims>();
        services.AddSingleton<ImportRunner>();
        services.AddHostedService<ImportJob>();

        services.AddHealthChecks().AddCheck<ConsumerHeartbeat>("click-consumer");
    }

    /// <summary>Site events: events:stream drained into events, the same way as clicks.</summary>
    private static void AddEventPipeline(this IServiceCollection services)
    {
        services.AddOptions<EventConsumerOptions>().BindConfiguration(EventConsumerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<EventStreamSetup>();
        services.AddSingleton<EventMetrics>();
        services.AddSingleton<EventDeadLetters>();
        services.AddSingleton<EventWriter>();
        services.AddSingleton<EventBatchProcessor>();
        services.AddSingleton<EventConsumerHeartbeat>();
        services.AddSingleton<EventConsumer>();
        services.AddHostedService(sp => sp.GetRequiredService<EventConsumer>());
        services.AddSingleton<SiteRollup>();
        services.AddHealthChecks().AddCheck<EventConsumerHeartbeat>("event-consumer");
    }

    /// <summary>Webhook delivery, link jobs (preview, then webhooks) and alerts.</summary>
    private static void AddWebhooksAndJobs(this IServiceCollection services)
    {
        services.AddWebhookTargets();
        services.AddOptions<JobOptions>().BindConfiguration(JobOptions.SectionName).ValidateDataAnnotations()
            .Check(o => Validator.TryValidateObject(o.Preview, new ValidationContext(o.Preview), null, true) ? o.Validate()
                : "Jobs:Preview: Timeout is 00:00:00.1 to 00:01:00, MaxBytes 1024 to 16 MiB, MaxRedirects 0 to 20.")
            .ValidateOnStart();
        services.AddOptions<AlertOptions>().BindConfiguration(AlertOptions.SectionName).ValidateDataAnnotations()
            .Check(o => o.Validate()).ValidateOnStart();

        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<WebhookOptions>>().Value;
            var client = new HttpClient(sp.GetRequiredService<TargetGuard>().CreateHandler()) { Timeout = Timeout.InfiniteTimeSpan };
            return new WebhookSender(client, o.Timeout, o.MaxResponseBytes, sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<WebhookMetrics>();
        services.AddSingleton<AlertRaiser>();
        services.AddSingleton<DeliveryQueue>();
        services.AddSingleton<DeliveryOutcomes>();
        services.AddSingleton<DeliveryWakeup>();
        services.AddSingleton<ICommittedClicksHandler, ClickDeliveriesWaker>();
        services.AddHostedService<WebhookDispatcher>();
        services.AddHostedService<AlertNotifier>();
        services.AddSingleton<LinkJobQueue>();
        services.AddSingleton<StepFlags>();
        services.AddSingleton<PreviewFetcher>();
        services.AddHostedService<LinkJobRunner>();
        services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(WebhookMetrics.MeterName, AlertRaiser.MeterName, LinkJobRunner.MeterName));
    }
}

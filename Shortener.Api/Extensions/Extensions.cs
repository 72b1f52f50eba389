using System.Text.Json;
using Microsoft.Extensions.Options;
using Shortener.Api.Alerts;
using Shortener.Api.Auth;
using Shortener.Api.Clicks;
using Shortener.Api.Dashboard;
using Shortener.Api.Events;
using Shortener.Api.Exports;
using Shortener.Api.Health;
using Shortener.Api.Links;
using Shortener.Api.Live;
using Shortener.Api.OpenApi;
using Shortener.Api.RateLimiting;
using Shortener.Api.Sites;
using Shortener.Api.Stats;
using Shortener.Api.Webhooks;
using Shortener.Api.Workers;
using Shortener.Core;
using Shortener.Core.Clicks;
using Shortener.Core.Streams;
using Shortener.Core.Data;
using Shortener.Core.Events;
using Shortener.Core.Enrichment;
using Shortener.Core.Net;
using Shortener.Core.Exports;
using Shortener.Core.Slugs;
using Shortener.Core.Webhooks;

namespace Shortener.Api.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource("shortenerdb");
        builder.AddRedisClient("cache", redis => redis.DisableTracing = !builder.ExportsTelemetry());

        var services = builder.Services;
        services.AddShortenerDatabase();
        services.AddProblemDetails();
        services.AddSingleton<IProblemDetailsWriter, ProblemJsonFallbackWriter>();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddExceptionHandler<OutageExceptionHandler>();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        });
        // Link payloads are small; anything bigger is refused before it is read.
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o =>
        {
            o.Limits.MaxRequestBodySize = 16 * 1024;
            o.RequestHeaderEncodingSelector = Utf8OrLatin1Encoding.ForHeader;
        });

        services.AddSlugCodec();
        services.AddOptions<RedirectOptions>().BindConfiguration(RedirectOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ClickBufferOptions>().BindConfiguration(ClickBufferOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ClickReplayOptions>().BindConfiguration(ClickReplayOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        services.AddLinkLifecycle();
        // Rules and variants read the user agent, country and daily visitor hash as the worker does (made on first use).
        services.AddEnrichment();
        services.AddClientRateLimiting();
        services.AddSingleton<StatsStore>();
        services.AddSingleton<LinkStatsStore>();
        services.AddSingleton<Tags.TagStore>();
        services.AddSingleton<Imports.ImportStore>();
        services.AddSingleton<HourlyStatsStore>();
        services.AddSingleton<ExportStore>();
        services.AddOptions<ExportRetentionOptions>().BindConfiguration(ExportRetentionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ClickBuffer>();
        services.AddSingleton<ClickStreamSetup>();
        services.AddSingleton(sp => new SentClicksLog(sp.GetRequiredService<IOptions<ClickReplayOptions>>().Value.MaxHeldClicks));
        services.AddSingleton<RedisLossReporter>();
        services.AddHostedService(sp => sp.GetRequiredService<RedisLossReporter>());
        services.AddHostedService<ClickFlusher>();
        services.AddEventIngestion();
        services.AddSingleton<PipelineStatusReader>();
        services.AddSingleton<WorkerPinger>();
        services.AddSingleton<DeadLetterQueue>();
        services.AddOptions<LiveOptions>().BindConfiguration(LiveOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LiveLinkDirectory>();
        services.AddSingleton<LiveClickHub>();
        services.AddHostedService<LiveClickReader>();

        services.AddWebhookTargets();
        services.AddSingleton<WebhookStore>();
        services.AddSingleton<DeliveryLog>();
        services.AddSingleton<AlertStore>();

        services.AddApiKeyAuthentication();
        services.AddSingleton<DashboardFiles>();
        services.AddSingleton(sp => DashboardFeatures.From(sp.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>()));

        services.AddHealthChecks().AddCheck<ClickStreamHealthCheck>("clicks-stream");
        services.AddShortenerOpenApi();
    }

    /// <summary>Sites, POST /api/event(s) through events:stream (the click pipeline's way), and their statistics.</summary>
    private static void AddEventIngestion(this IServiceCollection services)
    {
        services.AddOptions<EventOptions>().BindConfiguration(EventOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SiteStore>();
        services.AddSingleton<SiteDirectory>();
        services.AddHostedService(sp => sp.GetRequiredService<SiteDirectory>());
        services.AddSingleton<SiteStatsStore>();
        services.AddSingleton<EventBuffer>();
        services.AddSingleton<EventStreamSetup>();
        services.AddSingleton(sp => new SentEventsLog(sp.GetRequiredService<IOptions<EventOptions>>().Value.MaxHeldEvents));
        services.AddHostedService<EventFlusher>();
    }

    /// <summary>The middleware every request passes, in order.</summary>
    public static void UseShortenerPipeline(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseForwardedClientAddress();
        // Before routing: a redirect held in memory skips everything after this (it writes no bodiless error).
        app.UseMiddleware<RedirectFastPath>();
        app.UseStatusCodePages();
        app.UseClientRateLimiting();
        app.UseMiddleware<RequestCharsetMiddleware>();
        app.UseMiddleware<HealthStatusOnlyMiddleware>();
        // There is no default scheme: a key is read by UseAuthorization, only for endpoints that require one (AddApiKeyAuthentication).
        app.UseAuthentication();
        app.UseAuthorization();
    }
}

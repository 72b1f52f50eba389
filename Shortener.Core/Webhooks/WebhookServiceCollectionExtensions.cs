using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Shortener.Core.Net;

namespace Shortener.Core.Webhooks;

public static class WebhookServiceCollectionExtensions
{
    /// <summary>The Webhooks section (validated at start) and the SSRF guard it configures.</summary>
    public static IServiceCollection AddWebhookTargets(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.SectionName).ValidateDataAnnotations()
            .Check(o => o.ValidateRetries()).ValidateOnStart();
        services.AddSingleton(sp => new TargetGuard(sp.GetRequiredService<IOptions<WebhookOptions>>().Value.AllowPrivateTargets));
        return services;
    }
}

using System.ComponentModel.DataAnnotations;
using Shortener.Core.Links;
using Shortener.Core.Webhooks;

namespace Shortener.Worker.Alerts;

public sealed class AlertOptions
{
    public const string SectionName = "Alerts";

    /// <summary>A job or a delivery that has failed this many attempts raises an alert.</summary>
    [Range(1, 100)]
    public int AfterFailedAttempts { get; set; } = 3;

    /// <summary>When set, every alert is posted there as a signed alert.raised (Standard Webhooks, like every delivery).</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>The whsec_… secret alert.raised is signed with; required with WebhookUrl.</summary>
    public string? WebhookSecret { get; set; }

    public string? Validate()
    {
        if (WebhookUrl is null) return null;
        if (TargetUrl.Validate(WebhookUrl) is { } url) return $"Alerts:WebhookUrl: {url}";
        return Core.Webhooks.WebhookSecret.TryParse(WebhookSecret) is null
            ? $"Alerts:WebhookSecret must be a {Core.Webhooks.WebhookSecret.Prefix}… secret (base64 of at least 16 bytes) when Alerts:WebhookUrl is set."
            : null;
    }
}

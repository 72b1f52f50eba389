namespace Shortener.Core.Alerts;

/// <summary>Kinds of alert, and what their subjects name.</summary>
public static class AlertKinds
{
    /// <summary>A link job failed its AfterFailedAttempts-th attempt; subject link_job:{id}. Raised once per job.</summary>
    public const string LinkJobFailing = "link_job.failing";

    /// <summary>A delivery failed its AfterFailedAttempts-th attempt; subject webhook:{id}. Open until the endpoint delivers again.</summary>
    public const string WebhookFailing = "webhook.failing";

    /// <summary>An endpoint was disabled (410, or too many failed deliveries in a row); subject webhook:{id}. Open until re-enabled.</summary>
    public const string WebhookDisabled = "webhook.disabled";

    public static string Job(long id) => $"link_job:{id}";
    public static string Webhook(long id) => $"webhook:{id}";
}

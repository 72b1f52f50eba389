namespace Shortener.Core.Webhooks;

/// <summary>The event types a webhook body's "type" holds.</summary>
public static class WebhookEvents
{
    public const string LinkCreated = "link.created";
    public const string LinkUpdated = "link.updated";
    public const string LinkDeleted = "link.deleted";
    public const string LinkClicked = "link.clicked";

    /// <summary>Sent by POST /webhooks/{id}/test, whatever the endpoint subscribes to.</summary>
    public const string Test = "webhook.test";

    /// <summary>Posted to Alerts:WebhookUrl when an alert is raised.</summary>
    public const string AlertRaised = "alert.raised";

    /// <summary>What an endpoint may subscribe to.</summary>
    public static readonly IReadOnlyList<string> Subscribable = [LinkCreated, LinkUpdated, LinkDeleted, LinkClicked];
}

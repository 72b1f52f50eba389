using System.Diagnostics.Metrics;

namespace Shortener.Worker.Webhooks;

public sealed class WebhookMetrics
{
    public const string MeterName = "Shortener.Worker.Webhooks";

    private readonly Counter<long> _attempts;
    private readonly Counter<long> _disabled;

    public WebhookMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _attempts = meter.CreateCounter<long>("shortener.webhooks.attempts", description: "Delivery attempts, by status afterwards (delivered, pending, failed)");
        _disabled = meter.CreateCounter<long>("shortener.webhooks.endpoints_disabled", description: "Endpoints disabled (410 or failures in a row)");
    }

    public void Attempted(string status, int count) => _attempts.Add(count, new KeyValuePair<string, object?>("status", status));

    public void Disabled() => _disabled.Add(1);
}

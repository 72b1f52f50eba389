using Microsoft.Extensions.Options;
using Shortener.Core.Alerts;
using Shortener.Core.Webhooks;
using Shortener.Worker.Alerts;

namespace Shortener.Worker.Webhooks;

/// <summary>
/// What a batch of attempts to one endpoint leads to: each delivery delivered, retried later or failed for good; the
/// endpoint's count of deliveries failed in a row (disabled at FailuresBeforeDisable, or at once on a 410); alerts.
/// </summary>
public sealed class DeliveryOutcomes(DeliveryQueue queue, AlertRaiser alerts, WebhookMetrics metrics, IOptions<WebhookOptions> options,
    IOptions<AlertOptions> alertOptions, TimeProvider time, ILogger<DeliveryOutcomes> logger)
{
    public const string Delivered = "delivered";
    public const string Pending = "pending";
    public const string Failed = "failed";

    /// <returns>Whether the endpoint is still enabled.</returns>
    public async Task<bool> RecordAsync(EndpointTarget endpoint, IReadOnlyList<ClaimedDelivery> batch, IReadOnlyList<AttemptResult> results,
        CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var records = new List<DeliveryRecord>(batch.Count);
        var delivered = false;
        var failedSince = 0; // failed for good since the last one delivered in this batch (or since the batch began)
        var gone = false;
        (ClaimedDelivery Delivery, AttemptResult Result, int Attempt)? alarming = null;
        for (var i = 0; i < batch.Count; i++)
        {
            var (delivery, result, attempt) = (batch[i], results[i], batch[i].Attempts + 1);
            string status;
            var next = now;
            if (result.Delivered)
            {
                (status, delivered, failedSince, alarming) = (Delivered, true, 0, null);
            }
            else if (result.Gone)
            {
                (status, gone) = (Failed, true);
            }
            else if (result.Unsendable)
            {
                status = Failed;
            }
            else if (RetrySchedule.Next(options.Value.Retries, attempt, result.RetryAfter) is { } wait)
            {
                (status, next) = (Pending, now + wait);
            }
            else
            {
                status = Failed;
                failedSince++;
            }
            if (!result.Delivered && attempt >= alertOptions.Value.AfterFailedAttempts) alarming = (delivery, result, attempt);
            records.Add(new DeliveryRecord(delivery.Id, status, result.StatusCode, result.Error, now, next));
        }
        await queue.RecordAsync(records, ct);
        foreach (var group in records.GroupBy(r => r.Status)) metrics.Attempted(group.Key, group.Count());

        var subject = AlertKinds.Webhook(endpoint.Id);
        if (delivered) await alerts.ResolveAsync(AlertKinds.WebhookFailing, subject, ct);
        if (alarming is var (failing, why, attempts))
            await alerts.RaiseAsync(AlertKinds.WebhookFailing, subject,
                $"Deliveries to webhook {endpoint.Id} ({endpoint.Url}) are failing: {failing.Event} {failing.Id} failed attempt {attempts}: {why.Error}", ct);

        var inARow = delivered || failedSince > 0 ? await queue.CountFailuresAsync(endpoint.Id, delivered, failedSince, ct) : 0;
        var disabledBecause = gone ? "The receiver answered 410 Gone."
            : inARow >= options.Value.FailuresBeforeDisable ? $"{inARow} deliveries in a row failed after every retry."
            : null;
        if (disabledBecause is null) return true;
        await DisableAsync(endpoint, disabledBecause, ct);
        return false;
    }

    private async Task DisableAsync(EndpointTarget endpoint, string reason, CancellationToken ct)
    {
        if (!await queue.DisableAsync(endpoint.Id, reason, time.GetUtcNow(), ct)) return;
        metrics.Disabled();
        logger.LogWarning("Webhook {Id} ({Url}) disabled: {Reason}", endpoint.Id, endpoint.Url, reason);
        await alerts.RaiseAsync(AlertKinds.WebhookDisabled, AlertKinds.Webhook(endpoint.Id),
            $"Webhook {endpoint.Id} ({endpoint.Url}) was disabled: {reason} PATCH /webhooks/{endpoint.Id} with enabled=true turns it back on.", ct);
    }
}

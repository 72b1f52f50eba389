using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using Shortener.Core.Webhooks;
using Shortener.Worker.Webhooks;

namespace Shortener.Worker.Alerts;

/// <summary>
/// Posts each alert to Alerts:WebhookUrl as a signed alert.raised whose webhook-id is the alert's id, retrying on the
/// Webhooks:RetryDelays schedule. The URL is the operator's own setting, not a user's, so it may be on a private network.
/// </summary>
public sealed class AlertNotifier(NpgsqlDataSource db, IOptions<AlertOptions> options, IOptions<WebhookOptions> webhooks, TimeProvider time,
    ILogger<AlertNotifier> logger) : BackgroundService
{
    private static readonly string s_alertData = $"""
        jsonb_build_object('id', a.id, 'kind', a.kind, 'subject', a.subject, 'message', a.message, 'created_at', {WebhookJson.Time("a.created_at")})
        """;

    private static readonly string s_claimSql = $"""
        UPDATE alerts a SET next_notify_at = @leaseUntil
        WHERE a.id IN (
            SELECT id FROM alerts WHERE notified_at IS NULL AND next_notify_at <= @now ORDER BY next_notify_at LIMIT 20 FOR UPDATE SKIP LOCKED)
        RETURNING a.id AS Id, a.notify_attempts AS Attempts, {WebhookJson.Body($"'{WebhookEvents.AlertRaised}'", "a.created_at", s_alertData)}::text AS Body
        """;

    private const string RecordSql = """
        UPDATE alerts SET notified_at = CASE WHEN @delivered THEN @now END, notify_attempts = notify_attempts + 1, notify_error = @error,
               next_notify_at = @next
        WHERE id = @Id
        """;

    private sealed record PendingAlert(Guid Id, int Attempts, string Body);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.WebhookUrl is not { } url) return;
        var keys = new[] { WebhookSecret.TryParse(options.Value.WebhookSecret)! };
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = Timeout.InfiniteTimeSpan };
        var sender = new WebhookSender(client, webhooks.Value.Timeout, webhooks.Value.MaxResponseBytes, time);
        using var timer = new PeriodicTimer(webhooks.Value.PollInterval, time);
        do
        {
            try
            {
                await NotifyDueAsync(sender, url, keys, stoppingToken);
            }
            catch (NpgsqlException e)
            {
                logger.LogWarning(e, "Could not read or record alert notifications; retrying at the next poll");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task NotifyDueAsync(WebhookSender sender, string url, byte[][] keys, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var now = time.GetUtcNow();
        var due = (await conn.QueryAsync<PendingAlert>(new CommandDefinition(s_claimSql,
            new { now, leaseUntil = now + webhooks.Value.Timeout * 2 }, cancellationToken: ct))).AsList();
        foreach (var alert in due)
        {
            var result = await sender.SendAsync(url, alert.Id.ToString(), alert.Body, keys, ct);
            if (!result.Delivered) logger.LogWarning("Could not post alert {Id} to Alerts:WebhookUrl: {Error}", alert.Id, result.Error);
            var after = result.Delivered ? null : RetrySchedule.Next(webhooks.Value.Retries, alert.Attempts + 1, result.RetryAfter);
            await conn.ExecuteAsync(new CommandDefinition(RecordSql, new
            {
                alert.Id, result.Delivered, error = result.Error, now = time.GetUtcNow(), next = after is { } wait ? time.GetUtcNow() + wait : (DateTimeOffset?)null,
            }, cancellationToken: ct));
        }
    }
}

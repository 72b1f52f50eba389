using System.Diagnostics.Metrics;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using Shortener.Core.Alerts;

namespace Shortener.Worker.Alerts;

/// <summary>
/// Raises an alert: an error in the log, a count in shortener.alerts.raised, a row in alerts (GET /alerts) and, when
/// Alerts:WebhookUrl is set, an alert.raised post (<see cref="AlertNotifier"/>). At most one alert per (kind, subject)
/// is open, so an alert is raised once, however often its cause comes back.
/// </summary>
public sealed class AlertRaiser
{
    public const string MeterName = "Shortener.Worker.Alerts";

    private readonly NpgsqlDataSource _db;
    private readonly IOptions<AlertOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<AlertRaiser> _logger;
    private readonly Counter<long> _raised;

    public AlertRaiser(NpgsqlDataSource db, IOptions<AlertOptions> options, TimeProvider time, ILogger<AlertRaiser> logger, IMeterFactory meters)
    {
        (_db, _options, _time, _logger) = (db, options, time, logger);
        _raised = meters.Create(MeterName).CreateCounter<long>("shortener.alerts.raised", description: "Alerts raised, by kind");
    }

    /// <returns>Whether it was raised now (false when the same alert is open already).</returns>
    public async Task<bool> RaiseAsync(string kind, string subject, string message, CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        await using var conn = await _db.OpenConnectionAsync(ct);
        var raised = await conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO alerts (id, kind, subject, message, created_at, next_notify_at)
            VALUES (@id, @kind, @subject, @message, @now, CASE WHEN @notify THEN @now END)
            ON CONFLICT (kind, subject) WHERE resolved_at IS NULL DO NOTHING
            """, new { id = Guid.CreateVersion7(now), kind, subject, message, now, notify = _options.Value.WebhookUrl is not null },
            cancellationToken: ct)) > 0;
        if (!raised) return false;
        _logger.LogError("Alert {Kind} for {Subject}: {Message}", kind, subject, message);
        _raised.Add(1, new KeyValuePair<string, object?>("kind", kind));
        return true;
    }

    public async Task ResolveAsync(string kind, string subject, CancellationToken ct)
    {
        await using var conn = await _db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE alerts SET resolved_at = @now WHERE kind = @kind AND subject = @subject AND resolved_at IS NULL
            """, new { kind, subject, now = _time.GetUtcNow() }, cancellationToken: ct));
    }
}

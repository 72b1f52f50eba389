using Dapper;
using Npgsql;
using Shortener.Core.Stats;

namespace Shortener.Api.Stats;

/// <summary>
/// A link's statistics per UTC hour over at most a week, from its raw clicks (daily_stats holds days, not hours; a week
/// of one link's clicks is read through clicks_link_time_idx). Each hour row is built by the same aggregation as a daily
/// row, so breakdowns count alike.
/// </summary>
public sealed class HourlyStatsStore(NpgsqlDataSource db)
{
    private const string HourlySql = $"""
        WITH picked AS (
            SELECT link_id, date_trunc('hour', occurred_at AT TIME ZONE 'UTC') AS date, is_bot, country, referrer_host,
                   device_type, browser, os, visitor_hash, {DailyAggregation.ChoiceColumns}
            FROM clicks
            WHERE link_id = @linkId AND occurred_at >= @From AND occurred_at < @To AND (@IncludeBots OR NOT is_bot)
        ),
        {DailyAggregation.Ctes}
        SELECT {DailyRow.Columns} FROM daily
        """;

    // A visitor counts once per UTC day over the window, as in the daily answer: the hash's key rotates daily.
    private const string VisitorsSql = $"""
        SELECT count(DISTINCT ({DailyAggregation.DayOf}, is_bot, visitor_hash)) + count(*) FILTER (WHERE visitor_hash IS NULL)
        FROM clicks
        WHERE link_id = @linkId AND occurred_at >= @From AND occurred_at < @To AND (@IncludeBots OR NOT is_bot)
        """;

    public async Task<HourlyStats> ReadAsync(string slug, long linkId, HourlyStatsQuery query, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        // One snapshot for both queries, so the visitors are of the same clicks as the hours.
        await using var tx = await conn.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var args = new { linkId, query.From, query.To, query.IncludeBots };
        var rows = (await conn.QueryAsync<DailyRow>(new CommandDefinition(HourlySql, args, tx, cancellationToken: ct))).AsList();
        var visitors = await conn.ExecuteScalarAsync<long>(new CommandDefinition(VisitorsSql, args, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);

        var byHour = rows.GroupBy(r => DateTime.SpecifyKind(r.Date, DateTimeKind.Utc)).ToDictionary(g => g.Key,
            g => new HourlyPoint(new DateTimeOffset(g.Key), g.Sum(r => r.Clicks), g.Sum(r => r.UniqueVisitors)));
        var hourly = new List<HourlyPoint>(query.Hours);
        for (var hour = query.From; hour < query.To; hour = hour.AddHours(1))
            hourly.Add(byHour.GetValueOrDefault(hour.UtcDateTime) ?? new HourlyPoint(hour, 0, 0));
        return new HourlyStats(slug, query.From, query.To, query.IncludeBots, hourly.Sum(h => h.Clicks), visitors, hourly,
            LinkStatsBuilder.Top(rows, r => r.Countries, query.Top), LinkStatsBuilder.Top(rows, r => r.Referers, query.Top),
            LinkStatsBuilder.Top(rows, r => r.Devices, query.Top), LinkStatsBuilder.Top(rows, r => r.Browsers, query.Top),
            LinkStatsBuilder.Top(rows, r => r.Os, query.Top), LinkStatsBuilder.Top(rows, r => r.Rules, query.Top),
            LinkStatsBuilder.Top(rows, r => r.Variants, query.Top), LinkStatsBuilder.Top(rows, r => r.UtmSources, query.Top),
            LinkStatsBuilder.Top(rows, r => r.UtmMediums, query.Top), LinkStatsBuilder.Top(rows, r => r.UtmCampaigns, query.Top));
    }
}

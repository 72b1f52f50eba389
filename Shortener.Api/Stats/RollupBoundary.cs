using Dapper;
using Npgsql;

namespace Shortener.Api.Stats;

/// <summary>
/// Where the rollups end and raw clicks begin. Days before the day of the rollup's last run had ended when it ran, so
/// their daily_stats rows are complete but for clicks still in the pipeline (folded in by the next run); from that day
/// on, answers count raw clicks. Normally that is today only; before the first run it is everything.
/// </summary>
internal static class RollupBoundary
{
    public static async Task<DateOnly> OpenFromAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        var lastRun = await conn.ExecuteScalarAsync<DateTime?>(new CommandDefinition(
            "SELECT (last_run_at AT TIME ZONE 'UTC')::date FROM rollup_state WHERE name = 'daily_stats'", cancellationToken: ct));
        return lastRun is { } day ? DateOnly.FromDateTime(day) : DateOnly.MinValue;
    }

    /// <summary>The first instant of a UTC day, as a timestamptz parameter.</summary>
    public static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}

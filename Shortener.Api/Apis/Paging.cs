using System.Globalization;

namespace Shortener.Api.Apis;

/// <summary>Keyset pages: ?cursor= (the next_cursor of the previous page, a position) and ?limit=.</summary>
internal static class Paging
{
    public const int MaxPageSize = 100;

    /// <summary>Errors of a cursor/limit pair, or null; <paramref name="before"/> is the cursor's position.</summary>
    public static Dictionary<string, string[]>? Read(string? cursor, int limit, out long? before)
    {
        var errors = new Dictionary<string, string[]>();
        before = null;
        if (cursor is not null)
        {
            if (long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var position) && position > 0) before = position;
            else errors["cursor"] = ["Pass back the next_cursor of the previous page."];
        }
        if (limit is < 1 or > MaxPageSize) errors["limit"] = [$"limit must be between 1 and {MaxPageSize}."];
        return errors.Count > 0 ? errors : null;
    }

    /// <summary>The cursor of the page after this one, or null when this one was the last.</summary>
    public static string? Next<T>(IReadOnlyList<T> rows, int limit, Func<T, long> position) =>
        rows.Count == limit ? position(rows[^1]).ToString(CultureInfo.InvariantCulture) : null;
}

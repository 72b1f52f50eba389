using System.Globalization;

namespace Shortener.Api.Apis;

/// <summary>Keyset pages: ?cursor= (the next_cursor of the previous page, a position) and ?limit=.</summary>
internal static class Paging
{
    public const int MaxPageSize = 100;

    /// <summary>Errors of a cursor/limit pair, or null; <paramref name="before"/> is the cursor's position.</summary>
    public static Dictionary<string, string[]>? Read(string? cursor, int limit, out long? before)
    {
        before = long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var position) && position > 0 ? position : null;
        return Errors(cursor is not null && before is null, limit);
    }

    /// <summary>The same, for pages keyed on a (time-ordered) uuid.</summary>
    public static Dictionary<string, string[]>? Read(string? cursor, int limit, out Guid? before)
    {
        before = Guid.TryParse(cursor, out var position) ? position : null;
        return Errors(cursor is not null && before is null, limit);
    }

    private static Dictionary<string, string[]>? Errors(bool badCursor, int limit)
    {
        var errors = new Dictionary<string, string[]>();
        if (badCursor) errors["cursor"] = ["Pass back the next_cursor of the previous page."];
        if (limit is < 1 or > MaxPageSize) errors["limit"] = [$"limit must be between 1 and {MaxPageSize}."];
        return errors.Count > 0 ? errors : null;
    }

    /// <summary>The cursor of the page after this one, or null when this one was the last.</summary>
    public static string? Next<T, TPosition>(IReadOnlyList<T> rows, int limit, Func<T, TPosition> position) where TPosition : IFormattable =>
        rows.Count == limit ? position(rows[^1]).ToString(null, CultureInfo.InvariantCulture) : null;
}

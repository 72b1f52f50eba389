namespace Shortener.Worker.Imports;

/// <summary>One row of an import file as read, before it is checked; <see cref="Problem"/> when it could not even be read.</summary>
public sealed record ImportRecord(int Row, string? Url, string? Slug = null, string? Title = null, string? Tags = null, string? CreatedAt = null,
    string? Problem = null);

namespace Shortener.Api.Events;

/// <summary>One event as a page sends it (read by hand from JSON, so every field's problem can be named; this describes it).</summary>
public sealed record SiteEventRequest(string SiteId, string EventType, string? Path, string? UserId, string Timestamp, string? EventId);

public sealed record EventAccepted(bool Success, string Message);

public sealed record EventsAccepted(bool Success, int Accepted);

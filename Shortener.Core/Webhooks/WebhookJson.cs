namespace Shortener.Core.Webhooks;

/// <summary>Pieces of SQL that webhook bodies are built with, so every body spells its values alike.</summary>
public static class WebhookJson
{
    /// <summary>A timestamptz as JSON text in UTC, whatever the session's time zone: 2026-11-22T10:15:00.123456Z.</summary>
    public static string Time(string column) => $"""to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')""";

    /// <summary>An event body, {type, timestamp, data}, as jsonb.</summary>
    public static string Body(string type, string timestamp, string data) =>
        $"jsonb_build_object('type', {type}, 'timestamp', {Time(timestamp)}, 'data', {data})";
}

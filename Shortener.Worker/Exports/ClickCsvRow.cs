using CsvHelper;

namespace Shortener.Worker.Exports;

/// <summary>One click as exported. There is no IP column: raw addresses are never stored. The visitor hash stays
/// internal too, since a column of it would let a reader follow one visitor through a day.</summary>
[CsvRecord]
public sealed partial record ClickCsvRow
{
    [CsvColumn("event_id")] public Guid EventId { get; init; }
    [CsvColumn("occurred_at")] public DateTime OccurredAt { get; init; }
    [CsvColumn("country")] public string? Country { get; init; }
    [CsvColumn("referrer")] public string? Referrer { get; init; }
    [CsvColumn("referrer_host")] public string? ReferrerHost { get; init; }
    [CsvColumn("user_agent")] public string? UserAgent { get; init; }
    [CsvColumn("browser")] public string? Browser { get; init; }
    [CsvColumn("os")] public string? Os { get; init; }
    [CsvColumn("device_type")] public string? DeviceType { get; init; }
    [CsvColumn("is_bot")] public bool IsBot { get; init; }

    public const string Columns = """
        event_id AS EventId, occurred_at AS OccurredAt, country AS Country, referrer AS Referrer, referrer_host AS ReferrerHost,
        user_agent AS UserAgent, browser AS Browser, os AS Os, device_type AS DeviceType, is_bot AS IsBot
        """;
}

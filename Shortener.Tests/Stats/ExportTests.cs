using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CsvHelper;
using Dapper;
using Shortener.Tests.Infrastructure;
using Shortener.Tests.Links;

namespace Shortener.Tests.Stats;

[Collection(StatsCollection.Name)]
public sealed class ExportTests(StatsFixture app)
{
    [Fact]
    public async Task AnExportOfOneHundredThousandClicksMatchesTheDatabase()
    {
        var link = await app.CreateLinkAsync("https://example.com/export");
        await using (var conn = await app.OpenDatabaseAsync())
        {
            // Fields with commas, quotes, a line break and a would-be spreadsheet formula, to exercise the CSV quoting.
            await conn.ExecuteAsync("""
                INSERT INTO clicks (event_id, link_id, occurred_at, country, referrer, referrer_host, user_agent, browser, os, device_type, is_bot)
                SELECT gen_random_uuid(), @linkId, now() - make_interval(secs => i * 7.25), (ARRAY['US', NULL, 'BR'])[1 + i % 3],
                       CASE WHEN i % 5 = 0 THEN NULL ELSE 'https://example.org/p?a=' || i || '&b="q",x' END,
                       CASE WHEN i % 5 = 0 THEN 'direct' ELSE 'example.org' END,
                       CASE WHEN i % 1000 = 1 THEN e'two\nlines' ELSE 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/' || i % 130 END,
                       'Chrome', 'Linux', 'desktop', i % 11 = 0
                FROM generate_series(1, 100000) AS i
                """, new { linkId = link.Id }, commandTimeout: 120);
        }

        using var created = await app.Api.PostAsync($"/links/{link.Slug}/exports", null);
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        using var accepted = await created.Content.ReadFromJsonAsync<JsonDocument>();
        var id = accepted!.RootElement.GetProperty("id").GetString();
        Assert.Equal("pending", accepted.RootElement.GetProperty("status").GetString());
        Assert.Equal($"/exports/{id}", created.Headers.Location!.ToString());

        var status = await Eventually.WaitForAsync(async () => (await app.Api.GetFromJsonAsync<JsonDocument>($"/exports/{id}"))!.RootElement.Clone(),
            s => s.GetProperty("status").GetString() is "done" or "failed", TimeSpan.FromSeconds(60), $"export {id} to finish");
        Assert.Equal("done", status.GetProperty("status").GetString());
        Assert.Equal(100_000, status.GetProperty("rows").GetInt64());

        using var download = await app.Api.GetAsync(status.GetProperty("download_url").GetString());
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("text/csv", download.Content.Headers.ContentType!.MediaType);
        var bytes = await download.Content.ReadAsByteArrayAsync();
        Assert.Equal(status.GetProperty("bytes").GetInt64(), bytes.Length);

        using var reader = CsvReader.Create(bytes);
        var exported = reader.GetRecords<ExportedClick>().ToList();
        await using var db = await app.OpenDatabaseAsync();
        var stored = (await db.QueryAsync<ExportedClick>($"""
            SELECT {ExportedClick.Columns} FROM clicks WHERE link_id = @linkId ORDER BY occurred_at, event_id
            """, new { linkId = link.Id })).ToList();
        Assert.Equal(100_000, exported.Count);
        Assert.Equal(stored.Select(c => c.Normalized()), exported.Select(c => c.Normalized()));
        Assert.Contains(exported, c => c.UserAgent == "two\nlines");
    }

    [Fact]
    public async Task AnUnknownExportAnswers404()
    {
        using var response = await app.Api.GetAsync($"/exports/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task AnExportPastItsRetentionAnswers410AndItsFileIsDeleted()
    {
        var link = await app.CreateLinkAsync("https://example.com/export-retention");
        await app.FollowAsync(link.Slug);
        await app.WaitForStoredClicksAsync(link.Id, 1);
        using var created = await app.Api.PostAsync($"/links/{link.Slug}/exports", null);
        var id = (await created.Content.ReadFromJsonAsync<JsonDocument>())!.RootElement.GetProperty("id").GetGuid();
        await Eventually.WaitForAsync(async () => (await app.Api.GetFromJsonAsync<JsonDocument>($"/exports/{id}"))!.RootElement.GetProperty("status").GetString(),
            s => s is "done" or "failed", TimeSpan.FromSeconds(60), $"export {id} to finish");
        using (var fresh = await app.Api.GetAsync($"/exports/{id}/download")) Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);

        // Eight days pass for this export (the retention is the default seven).
        await using var conn = await app.OpenDatabaseAsync();
        await conn.ExecuteAsync("UPDATE exports SET finished_at = finished_at - interval '8 days' WHERE id = @id", new { id });

        using var download = await app.Api.GetAsync($"/exports/{id}/download");
        LinkClient.AssertProblem(download, HttpStatusCode.Gone);
        await Eventually.WaitForAsync(() => conn.ExecuteScalarAsync<long>("SELECT count(*) FROM export_chunks WHERE export_id = @id", new { id }),
            n => n == 0, TimeSpan.FromSeconds(30), "the expired export's chunks to be deleted");
        using var status = await app.Api.GetFromJsonAsync<JsonDocument>($"/exports/{id}");
        Assert.Equal("expired", status!.RootElement.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, status.RootElement.GetProperty("download_url").ValueKind);
        using (var later = await app.Api.GetAsync($"/exports/{id}/download")) LinkClient.AssertProblem(later, HttpStatusCode.Gone);
    }

    [Fact]
    public async Task ExportingWithoutAKeyAnswers401()
    {
        var link = await app.CreateLinkAsync("https://example.com/export-anonymous");
        using var response = await app.Anonymous.PostAsync($"/links/{link.Slug}/exports", null);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}

/// <summary>A row of the export file, read back with CsvHelper, and the same columns read from the database.</summary>
[CsvRecord]
public sealed partial record ExportedClick
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

    /// <summary>CSV has no null (an empty field), and a parsed time may come back as local time.</summary>
    public ExportedClick Normalized() => this with
    {
        OccurredAt = OccurredAt.ToUniversalTime(), Country = Country ?? "", Referrer = Referrer ?? "", ReferrerHost = ReferrerHost ?? "",
        UserAgent = UserAgent ?? "", Browser = Browser ?? "", Os = Os ?? "", DeviceType = DeviceType ?? "",
    };

    public const string Columns = """
        event_id AS EventId, occurred_at AS OccurredAt, country AS Country, referrer AS Referrer, referrer_host AS ReferrerHost,
        user_agent AS UserAgent, browser AS Browser, os AS Os, device_type AS DeviceType, is_bot AS IsBot
        """;
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using Shortener.Tests.Infrastructure;
using static Shortener.Tests.Links.LinkClient;

namespace Shortener.Tests.Links;

/// <summary>Imports from Bitly, YOURLS and CSV files as background jobs in the worker (issue 15).</summary>
[Collection(LinksCollection.Name)]
public sealed class ImportTests(LinksFixture app)
{
    private static async Task<JsonElement> ImportAsync(HttpClient client, string format, byte[] file, TimeSpan? timeout = null)
    {
        using var form = new MultipartFormDataContent { { new StringContent(format), "format" }, { new ByteArrayContent(file), "file", "links.csv" } };
        using var response = await client.PostAsync("/imports", form);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {accepted}");
        var location = response.Headers.Location!.OriginalString;
        return await Eventually.WaitForAsync(() => client.GetFromJsonAsync<JsonElement>(location),
            s => s.GetProperty("status").GetString() is "done" or "failed", timeout ?? TimeSpan.FromSeconds(60), $"import {location}");
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task FiftyThousandCsvRowsAreImportedWithTheirSlugsTitlesTagsAndDates()
    {
        var (client, _) = await app.NewUserAsync();
        var prefix = Guid.NewGuid().ToString("N")[..10];
        var csv = new StringBuilder("url,slug,title,tags,created_at\n");
        for (var i = 0; i < 50_000; i++) csv.Append($"https://example.com/imported/{i},{prefix}-{i},\"Page {i}, imported\",old|csv,2019-05-0{1 + i % 9}T10:00:00Z\n");

        var clock = Stopwatch.StartNew();
        var done = await ImportAsync(client, "csv", Utf8(csv.ToString()), TimeSpan.FromMinutes(3));
        var rate = 50_000 / clock.Elapsed.TotalSeconds;
        Assert.True(done.GetProperty("status").GetString() == "done", done.ToString());
        Assert.Equal((50_000, 50_000, 50_000, 0, 0), (done.GetProperty("total_rows").GetInt32(), done.GetProperty("processed_rows").GetInt32(),
            done.GetProperty("created").GetInt32(), done.GetProperty("skipped").GetInt32(), done.GetProperty("failed").GetInt32()));

        Assert.Equal((HttpStatusCode.Found, "https://example.com/imported/49999"), await app.Anonymous.FollowAsync($"{prefix}-49999"));
        var link = await client.GetFromJsonAsync<JsonElement>($"/links/{prefix}-123");
        Assert.Equal("Page 123, imported", link.GetProperty("title").GetString());
        Assert.Equal(["old", "csv"], link.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(new DateTimeOffset(2019, 5, 7, 10, 0, 0, TimeSpan.Zero), link.GetProperty("created_at").GetDateTimeOffset());
        Console.WriteLine($"Imported 50,000 rows in {clock.Elapsed.TotalSeconds:F1} s ({rate:F0} rows/s, upload and polling included)");

        // The same file again: every slug is taken now, so every row is skipped and nothing is created.
        var again = await ImportAsync(client, "csv", Utf8(csv.ToString()), TimeSpan.FromMinutes(3));
        Assert.Equal((0, 50_000), (again.GetProperty("created").GetInt32(), again.GetProperty("skipped").GetInt32()));
        Assert.Equal(1000, again.GetProperty("skipped_rows").GetArrayLength());
        Assert.Equal(new ImportRow(2, $"{prefix}-0", "The slug is taken."), Row(again.GetProperty("skipped_rows")[0]));
    }

    private sealed record ImportRow(int Row, string? Slug, string Reason);

    private static ImportRow Row(JsonElement r) =>
        new(r.GetProperty("row").GetInt32(), r.GetProperty("slug").GetString(), r.GetProperty("reason").GetString()!);

    [Fact]
    public async Task HostileRowsFailWithTheirReasonsAndTheGoodRowsAroundThemAreImported()
    {
        var (client, _) = await app.NewUserAsync();
        var p = Guid.NewGuid().ToString("N")[..8];
        var lines = new List<byte[]>
        {
            Utf8($"https://example.com/ok,{p}-ok,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",,\n"),         // 1 formula title: kept as text
            Utf8($"=HYPERLINK(\"http://evil.example\"),{p}-f1\n"),                                                 // 2 formula url
            Utf8($"https://example.com/x,=cmd|' /C calc'!A0\n"),                                                    // 3 formula slug
            Utf8($"https://example.com/x,{p}-t,,@SUM(1+1)\n"),                                                      // 4 formula tag
            Utf8($"javascript:alert(1),{p}-js\n"),                                                                  // 5 not http(s)
            Utf8($"https://example.com/{new string('a', 2100)},{p}-long\n"),                                       // 6 over-long url
            Utf8($"https://example.com/x,{p}-{new string('s', 70)}\n"),                                             // 7 over-long slug
            Utf8($"https://example.com/x,{p}-title,{new string('t', 400)}\n"),                                      // 8 over-long title
            Utf8("https://example.com/caf").Append((byte)0xE9).Concat(Utf8($",{p}-latin1\n")).ToArray(),                                  // 9 Latin-1, not UTF-8
            Utf8($"https://example.com/x,{p}-nul,bad\u0000title\n"),                                                // 10 control character
            Utf8($"https://example.com/x,{p}-date,,,yesterday\n"),                                                  // 11 not a date
            Utf8($"https://example.com/dup,{p}-ok\n"),                                                              // 12 slug of row 1
            Utf8($"https://example.com/generated\n"),                                                               // 13 no slug: one is made
            Utf8($"https://example.com/reserved,dashboard\n"),                                                       // 14 reserved word
        };
        var done = await ImportAsync(client, "csv", [.. lines.SelectMany(l => l)]);
        Assert.Equal("done", done.GetProperty("status").GetString());
        Assert.Equal((14, 2, 1, 11), (done.GetProperty("total_rows").GetInt32(), done.GetProperty("created").GetInt32(),
            done.GetProperty("skipped").GetInt32(), done.GetProperty("failed").GetInt32()));
        var failed = done.GetProperty("failed_rows").EnumerateArray().Select(Row).ToDictionary(r => r.Row, r => r.Reason);
        Assert.Equal([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 14], failed.Keys.Order());
        Assert.StartsWith("url:", failed[2]);
        Assert.StartsWith("slug:", failed[3]);
        Assert.StartsWith("tags:", failed[4]);
        Assert.Contains("http and https", failed[5]);
        Assert.Contains("2048", failed[6]);
        Assert.StartsWith("slug:", failed[7]);
        Assert.StartsWith("title:", failed[8]);
        Assert.Equal("The row is not valid UTF-8 text.", failed[9]);
        Assert.Contains("control characters", failed[10]);
        Assert.StartsWith("created_at:", failed[11]);
        Assert.Contains("reserved", failed[14]);
        Assert.Equal(new ImportRow(12, $"{p}-ok", "An earlier row of the file has this slug."), Row(done.GetProperty("skipped_rows")[0]));

        var formula = await client.GetFromJsonAsync<JsonElement>($"/links/{p}-ok");
        Assert.Equal("""=HYPERLINK("http://evil.example","x")""", formula.GetProperty("title").GetString());
        Assert.Equal("https://example.com/ok", formula.GetProperty("original_url").GetString());
        var mine = await client.GetFromJsonAsync<JsonElement>("/links?q=example.com/generated");
        Assert.Single(mine.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task BitlyAndYourlsExportsKeepTheirSlugsSoOldShortLinksKeepWorking()
    {
        var (client, _) = await app.NewUserAsync();
        var p = Guid.NewGuid().ToString("N")[..8];
        var bitly = $"""
            Title,Bitlink,Long URL,Created,Tags
            Spring sale,bit.ly/{p}A1,https://shop.example/spring,2021-03-01 09:30:00,"Sale, Spring 2021"
            ,https://bit.ly/{p}B2?x=1,https://shop.example/b,2021-03-02T00:00:00Z,
            """;
        var done = await ImportAsync(client, "bitly-csv", Utf8(bitly));
        Assert.Equal((2, 0), (done.GetProperty("created").GetInt32(), done.GetProperty("failed").GetInt32()));
        var sale = await client.GetFromJsonAsync<JsonElement>($"/links/{p}A1");
        Assert.Equal(("Spring sale", "https://shop.example/spring"), (sale.GetProperty("title").GetString(), sale.GetProperty("original_url").GetString()));
        Assert.Equal(["sale", "spring-2021"], sale.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal((HttpStatusCode.Found, "https://shop.example/b"), await app.Anonymous.FollowAsync($"{p}B2"));

        var yourls = $"""
            -- MySQL dump 10.13
            DROP TABLE IF EXISTS `yourls_url`;
            CREATE TABLE `yourls_url` (`keyword` varchar(100) NOT NULL, `url` text NOT NULL, `title` text, `timestamp` timestamp NOT NULL);
            INSERT INTO `yourls_options` VALUES (1,'version','1.9');
            INSERT INTO `yourls_url` (`keyword`, `url`, `title`, `timestamp`, `ip`, `clicks`) VALUES
            ('{p}y','https://example.org/a?b=1&c=2','It\'s a ''title''','2015-06-01 12:00:00','127.0.0.1',5),
            ('{p}z','https://example.org/z',NULL,'2016-01-01 00:00:00','::1',0),('{p}-bad','not a url','x','2016-01-01 00:00:00','::1',0);
            INSERT INTO `yourls_url` VALUES ('q{p}','https://example.org/q','Q','2017-01-01 00:00:00','::1',0);
            """;
        var sql = await ImportAsync(client, "yourls-sql", Utf8(yourls));
        Assert.Equal((4, 3, 1), (sql.GetProperty("total_rows").GetInt32(), sql.GetProperty("created").GetInt32(), sql.GetProperty("failed").GetInt32()));
        var y = await client.GetFromJsonAsync<JsonElement>($"/links/{p}y");
        Assert.Equal(("It's a 'title'", "https://example.org/a?b=1&c=2"), (y.GetProperty("title").GetString(), y.GetProperty("original_url").GetString()));
        Assert.Equal(new DateTimeOffset(2015, 6, 1, 12, 0, 0, TimeSpan.Zero), y.GetProperty("created_at").GetDateTimeOffset());
        Assert.Equal((HttpStatusCode.Found, "https://example.org/q"), await app.Anonymous.FollowAsync($"q{p}"));
        Assert.Equal(3, Row(sql.GetProperty("failed_rows")[0]).Row);
    }

    [Fact]
    public async Task BadUploadsAre4xxProblemsAndAnotherUsersImportIsForbidden()
    {
        var (alice, _) = await app.NewUserAsync();
        var (bob, _) = await app.NewUserAsync();
        var before = await app.CountAsync("imports");
        using (var form = new MultipartFormDataContent { { new StringContent("kutt"), "format" }, { new ByteArrayContent(Utf8("https://example.com\n")), "file", "x.csv" } })
        using (var unknown = await alice.PostAsync("/imports", form))
            AssertProblem(unknown, HttpStatusCode.BadRequest);
        using (var form = new MultipartFormDataContent { { new StringContent("csv"), "format" } })
        using (var noFile = await alice.PostAsync("/imports", form))
            AssertProblem(noFile, HttpStatusCode.BadRequest);
        using (var json = await alice.PostAsJsonAsync("/imports", new { format = "csv" }))
            AssertProblem(json, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(before, await app.CountAsync("imports"));

        var done = await ImportAsync(alice, "csv", Utf8("url\nhttps://example.com/mine\n"));
        var id = done.GetProperty("id").GetString();
        using (var forbidden = await bob.GetAsync($"/imports/{id}")) AssertProblem(forbidden, HttpStatusCode.Forbidden);
        using (var missing = await bob.GetAsync($"/imports/{Guid.NewGuid()}")) AssertProblem(missing, HttpStatusCode.NotFound);
        await using var conn = await app.OpenDatabaseAsync();
        Assert.Equal(1, await conn.ExecuteScalarAsync<int>("SELECT created FROM imports WHERE id = @id::uuid", new { id }));
    }
}

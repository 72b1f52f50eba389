using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Dapper;
using Shortener.Tests.Infrastructure;
using Shortener.Tests.Links;

namespace Shortener.Tests.Webhooks;

[Collection(WebhooksCollection.Name)]
public sealed class LinkJobTests(WebhooksFixture app)
{
    private WebhookReceiver Receiver => app.Receiver;

    private string NewPage(string title)
    {
        var path = WebhookReceiver.NewPath("page");
        Receiver.Page(path, $$"""
            <!doctype html><html><head>
            <meta charset="utf-8"><TITLE> {{title}} &amp; more </TITLE>
            <meta name="description" content="What the page is about">
            <meta property='og:image' content="/images/card.png" />
            </head><body><h1>Hello</h1></body></html>
            """);
        return path;
    }

    [Fact]
    public async Task ThePreviewHasThePagesTitleDescriptionAndImageAfterFollowingARedirect()
    {
        var page = NewPage("Fixture page");
        var hop = WebhookReceiver.NewPath("moved");
        Receiver.Redirect(hop, Receiver.Url(page));
        var slug = (await app.Api.CreateAsync(new { url = Receiver.Url(hop) })).Slug();

        var link = await app.Api.WaitForJobStepAsync(slug, "preview", "done");
        var preview = link.GetProperty("preview");
        Assert.Equal(200, preview.GetProperty("status_code").GetInt32());
        Assert.Equal("Fixture page & more", preview.GetProperty("title").GetString());
        Assert.Equal("What the page is about", preview.GetProperty("description").GetString());
        Assert.Equal(Receiver.Url("/images/card.png"), preview.GetProperty("image").GetString());
        Assert.True(preview.GetProperty("fetched_at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Equal(1, Receiver.Gets(hop));
        Assert.Equal(1, Receiver.Gets(page));
        var done = await app.Api.WaitForJobStepAsync(slug, "webhooks", "done");
        Assert.Equal(1, done.GetProperty("jobs").GetProperty("attempts").GetInt32());
        // The list does not carry previews; one link does.
        var listed = (await app.Api.GetJsonAsync("/links?limit=5")).GetProperty("items").EnumerateArray().First(l => l.Slug() == slug);
        Assert.False(listed.TryGetProperty("preview", out _));
    }

    [Fact]
    public async Task LinkCreatedCarriesThePreviewAndUpdatedAndDeletedFollowTheLinksChanges()
    {
        var slug = LinkClient.UniqueSlug("ev");
        var path = WebhookReceiver.NewPath("events");
        var webhook = await app.Api.CreateWebhookAsync(Receiver.Url(path), ["link.created", "link.updated", "link.deleted"], [slug]);
        var unrelated = await app.Api.CreateAsync(new { url = Receiver.Url(NewPage("Another")) });

        await app.Api.CreateAsync(new { url = Receiver.Url(NewPage("First target")), slug });
        var created = Assert.Single(await Receiver.WaitForDeliveriesAsync(path, 1));
        Assert.Equal("link.created", created.Type);
        Assert.True(StandardWebhooks.Verifies(webhook.Secret, created));
        Assert.Equal(slug, (string)created.Json["data"]!["slug"]!);
        Assert.Equal("First target & more", (string)created.Json["data"]!["preview"]!["title"]!);

        using (var expires = await app.Api.PutAsJsonAsync($"/links/{slug}", new { expires_at = DateTimeOffset.UtcNow.AddDays(3) }))
            Assert.Equal(HttpStatusCode.OK, expires.StatusCode);
        var updated = (await Receiver.WaitForDeliveriesAsync(path, 2))[1];
        Assert.Equal("link.updated", updated.Type);
        Assert.NotNull(updated.Json["data"]!["expires_at"]);

        var second = Receiver.Url(NewPage("Second target"));
        using (var retarget = await app.Api.PutAsJsonAsync($"/links/{slug}", new { url = second }))
            Assert.Equal(HttpStatusCode.OK, retarget.StatusCode);
        var retargeted = (await Receiver.WaitForDeliveriesAsync(path, 3))[2];
        Assert.Equal("link.updated", retargeted.Type);
        Assert.Equal(second, (string)retargeted.Json["data"]!["url"]!);
        Assert.Equal("Second target & more", (string)retargeted.Json["data"]!["preview"]!["title"]!);

        using (var delete = await app.Api.DeleteAsync($"/links/{slug}")) Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        var deleted = (await Receiver.WaitForDeliveriesAsync(path, 4))[3];
        Assert.Equal("link.deleted", deleted.Type);
        Assert.True((bool)deleted.Json["data"]!["deleted"]!);

        await app.Api.WaitForJobStepAsync(unrelated.Slug(), "webhooks", "done");
        Assert.Equal(4, Receiver.DeliveriesTo(path).Count);
        Assert.Equal(4, Receiver.DeliveriesTo(path).Select(d => d.Id).Distinct().Count());
    }

    [Fact]
    public async Task AnUnreachableTargetFailsAfterItsAttemptsAndRaisesOneAlert()
    {
        var slug = (await app.Api.CreateAsync(new { url = $"http://127.0.0.1:{ClosedPort()}/nothing-listens" })).Slug();

        var link = await app.Api.WaitForJobStepAsync(slug, "preview", "failed");
        var jobs = link.GetProperty("jobs");
        Assert.Equal(5, jobs.GetProperty("attempts").GetInt32());
        Assert.Contains("preview:", jobs.GetProperty("last_error").GetString());
        Assert.False(link.TryGetProperty("preview", out _));
        // The last attempt still queues the link's webhooks, without a preview.
        Assert.Equal("done", jobs.GetProperty("webhooks").GetString());

        var jobId = await JobIdAsync(link.GetProperty("id").GetInt64());
        var subject = $"link_job:{jobId}";
        var alert = await app.WaitForAlertAsync("link_job.failing", subject);
        Assert.Contains("attempt 3 of 5", alert.GetProperty("message").GetString());
        Assert.Single(await app.AlertsAsync(), a => a.GetProperty("subject").GetString() == subject);

        var posted = await Eventually.WaitForAsync(() => Task.FromResult(Receiver.DeliveriesTo(WebhooksFixture.AlertsPath)
                .Where(d => (string?)d.Json["data"]!["subject"] == subject).ToList()), d => d.Count > 0, WebhookClient.Patience, "alert.raised");
        var raised = Assert.Single(posted);
        Assert.Equal("alert.raised", raised.Type);
        Assert.Equal(alert.GetProperty("id").GetString(), raised.Id);
        Assert.True(StandardWebhooks.Verifies(app.AlertsSecret, raised));
        await Eventually.WaitForAsync(() => app.FindAlertAsync("link_job.failing", subject),
            a => a!.Value.GetProperty("notified_at").ValueKind == JsonValueKind.String, WebhookClient.Patience, "the alert marked notified");
    }

    [Fact]
    public async Task AJobWhoseWebhooksStepFailedRedoesOnlyThatStep()
    {
        var slug = LinkClient.UniqueSlug("redo");
        var path = WebhookReceiver.NewPath("redo");
        var page = NewPage("Fetched once");
        await app.Api.CreateWebhookAsync(Receiver.Url(path), ["link.created"], [slug]);
        // PostgreSQL refuses the first delivery this link's webhooks step tries to queue: a sequence, since nextval is
        // not rolled back with the step's transaction.
        var name = "fail_once_" + Guid.NewGuid().ToString("N")[..12];
        await using (var conn = await app.OpenDatabaseAsync())
            await conn.ExecuteAsync($"""
                CREATE SEQUENCE {name};
                CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.payload->'data'->>'slug' = '{slug}' AND nextval('{name}') = 1 THEN
                        RAISE EXCEPTION 'the webhooks step fails once (test)';
                    END IF;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER {name} BEFORE INSERT ON webhook_deliveries FOR EACH ROW EXECUTE FUNCTION {name}();
                """);
        try
        {
            var link = await app.Api.CreateAsync(new { url = Receiver.Url(page), slug });
            var done = await app.Api.WaitForJobStepAsync(slug, "webhooks", "done");
            Assert.Equal(2, done.GetProperty("jobs").GetProperty("attempts").GetInt32());
            Assert.Equal("Fetched once & more", done.GetProperty("preview").GetProperty("title").GetString());
            Assert.Equal(1, Receiver.Gets(page));

            await using var conn = await app.OpenDatabaseAsync();
            var steps = (await conn.QueryAsync<(string Step, bool Done, int Attempts, string? LastError)>("""
                SELECT s.step, s.done, s.attempts, s.last_error FROM link_job_steps s JOIN link_jobs j ON j.id = s.job_id
                WHERE j.link_id = @id ORDER BY s.step
                """, new { id = link.GetProperty("id").GetInt64() })).ToList();
            Assert.Equal([("preview", true, 1), ("webhooks", true, 2)], steps.Select(s => (s.Step, s.Done, s.Attempts)).ToList());
            Assert.Null(steps[0].LastError);
            Assert.Contains("the webhooks step fails once (test)", steps[1].LastError);
            var created = Assert.Single(await Receiver.WaitForDeliveriesAsync(path, 1));
            Assert.Equal("link.created", created.Type);
        }
        finally
        {
            await using var conn = await app.OpenDatabaseAsync();
            await conn.ExecuteAsync($"DROP TRIGGER {name} ON webhook_deliveries; DROP FUNCTION {name}(); DROP SEQUENCE {name};");
        }
    }

    private async Task<long> JobIdAsync(long linkId)
    {
        await using var conn = await app.OpenDatabaseAsync();
        return await conn.ExecuteScalarAsync<long>("SELECT id FROM link_jobs WHERE link_id = @linkId ORDER BY id DESC LIMIT 1", new { linkId });
    }

    /// <summary>A loopback port nothing listens on: bound, then let go.</summary>
    private static int ClosedPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}

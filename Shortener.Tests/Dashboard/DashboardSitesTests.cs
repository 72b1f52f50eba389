using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Shortener.Tests.Infrastructure;
using Shortener.Tests.Links;
using static Microsoft.Playwright.Assertions;

namespace Shortener.Tests.Dashboard;

/// <summary>A site registered in the dashboard receives page events, and its page shows what they add up to.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardSitesTests(DashboardFixture app)
{
    [Fact]
    public async Task ASiteRegisteredInTheDashboardShowsItsViewsUsersAndTopPathsAndIsDeleted()
    {
        var (client, key) = await app.NewUserAsync();
        var siteId = $"ui-{Guid.NewGuid():N}.example.com";
        await using var person = await BrowserSession.OpenAsync(app);
        await person.SignInAsync(key.Key);
        var page = person.Page;

        await page.GetByRole(AriaRole.Link, new() { Name = "Sites" }).ClickAsync();
        await page.GetByLabel("Site id").FillAsync(siteId);
        await page.GetByLabel("Name").FillAsync("Dashboard test site");
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Site {siteId}" })).ToBeVisibleAsync();

        // Three page views by two users, sent the way a website sends them (no key).
        var now = DateTimeOffset.UtcNow;
        foreach (var (path, user) in new[] { ("/", "u1"), ("/pricing", "u2"), ("/", "u1") })
        {
            using var sent = await app.Anonymous.PostAsJsonAsync("/api/event", new
            {
                site_id = siteId, event_type = "page_view", path, user_id = user, timestamp = now.ToString("O"),
            });
            Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        }
        await Eventually.WaitForAsync(async () => (await client.GetFromJsonAsync<JsonElement>($"/api/stats?site_id={siteId}")).GetProperty("total_views").GetInt64(),
            views => views == 3, TimeSpan.FromSeconds(60), "the three events stored");

        await page.ReloadAsync();
        await Expect(page.GetByTestId("site-views").Locator(".stat-value")).ToHaveTextAsync("3");
        await Expect(page.GetByTestId("site-users").Locator(".stat-value")).ToHaveTextAsync("2");
        var paths = page.GetByTestId("top-paths").Locator("li");
        await Expect(paths).ToHaveCountAsync(2);
        await Expect(paths.First).ToContainTextAsync("/");
        await Expect(paths.Nth(1)).ToContainTextAsync("/pricing");
        await person.ScreenshotAsync(app, "site-stats-1280");

        await page.GetByRole(AriaRole.Link, new() { Name = "← Sites" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = siteId })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = siteId }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete site" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sites" })).ToBeVisibleAsync();
        using var gone = await client.GetAsync($"/sites/{siteId}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        person.AssertNoConsoleErrors();
    }
}

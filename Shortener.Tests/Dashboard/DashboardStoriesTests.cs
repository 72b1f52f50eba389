using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Shortener.Tests.Infrastructure;
using Shortener.Tests.Links;
using Shortener.Tests.Stats;
using static Microsoft.Playwright.Assertions;

namespace Shortener.Tests.Dashboard;

/// <summary>What a person does in the dashboard, in Debian's Chromium, against the whole app.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardStoriesTests(DashboardFixture app)
{
    private const string DesktopChrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
    private const string IPhone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
    private const string Googlebot = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
    private const string IPad = "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";

    [Fact]
    public async Task SigningInKeepsTheKeyOutOfThePageAndSigningOutEndsTheSession()
    {
        var (_, key) = await app.NewUserAsync();
        await using var person = await BrowserSession.OpenAsync(app);
        await person.SignInAsync(key.Key);

        await Expect(person.Page.GetByRole(AriaRole.Link, new() { Name = "Links" })).ToHaveAttributeAsync("aria-current", "page");
        var cookie = Assert.Single(await person.Context.CookiesAsync(), c => c.Name == "shortener_session");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.DoesNotContain(key.Key, person.Page.Url);
        var stored = await person.Page.EvaluateAsync<string>("() => JSON.stringify({...localStorage}) + JSON.stringify({...sessionStorage}) + document.cookie");
        Assert.DoesNotContain(key.Key, stored);
        Assert.DoesNotContain(cookie.Value, stored);

        await person.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(person.Page.GetByLabel("API key")).ToBeVisibleAsync();
        // The old cookie no longer opens anything.
        using var stale = new HttpRequestMessage(HttpMethod.Get, "/links");
        stale.Headers.Add("Cookie", $"shortener_session={cookie.Value}");
        using var answer = await app.Anonymous.SendAsync(stale);
        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        person.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task SigningInWithAWrongKeyShowsAnError()
    {
        await using var person = await BrowserSession.OpenAsync(app);
        person.Expect(401, "/auth/session");
        await person.Page.GotoAsync("/dashboard");
        await person.Page.GetByLabel("API key").FillAsync("shk_not-a-key-anyone-holds");
        await person.Page.GetByLabel("API key").PressAsync("Enter");

        await Expect(person.Page.Locator(".field-error")).ToHaveTextAsync("The API key is not valid.");
        await Expect(person.Page.GetByLabel("API key")).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Empty(await person.Context.CookiesAsync());
        await person.ScreenshotAsync(app, "sign-in-wrong-key-1280");
        person.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task ALinkCreatedThroughTheFormCountsThreeClicksByDeviceExportsThemAndIsDeleted()
    {
        var (client, key) = await app.NewUserAsync();
        var slug = LinkClient.UniqueSlug("ui");
        await using var person = await BrowserSession.OpenAsync(app);
        await person.SignInAsync(key.Key);
        var page = person.Page;

        await page.GetByLabel("Target URL").FillAsync("https://example.com/from-the-dashboard");
        await page.GetByLabel("Custom slug").FillAsync(slug);
        await page.GetByRole(AriaRole.Button, new() { Name = "Shorten" }).ClickAsync();
        await Expect(page.Locator(".created")).ToContainTextAsync($"/{slug}");
        var row = page.Locator($"tr[data-slug='{slug}']");
        await Expect(row).ToContainTextAsync("https://example.com/from-the-dashboard");

        // Three visitors on three kinds of device.
        foreach (var agent in new[] { DesktopChrome, IPhone, IPad }) Assert.Equal(HttpStatusCode.Found, await FollowAsync(slug, agent));
        var link = await client.GetFromJsonAsync<JsonElement>($"/links/{slug}");
        await app.WaitForStoredClicksAsync(link.GetProperty("id").GetInt64(), 3);

        await row.GetByRole(AriaRole.Link, new() { Name = slug }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Statistics of {slug}" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("total-clicks").Locator(".stat-value")).ToHaveTextAsync("3");
        foreach (var device in new[] { "desktop", "mobile", "tablet" })
            await Expect(page.GetByTestId("devices").Locator($"li[data-value='{device}'] .value")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^1\b"));

        await Expect(page.GetByTestId("devices").Locator("li")).ToHaveCountAsync(3);
        // The last 24 hours, hour by hour in the browser's zone.
        await page.GetByText("24 h", new() { Exact = true }).ClickAsync();
        await Expect(page.Locator(".stats-body > p.muted")).ToContainTextAsync("(Europe/Berlin), by hour");
        await Expect(page.GetByTestId("total-clicks").Locator(".stat-value")).ToHaveTextAsync("3");
        await Expect(page.GetByTestId("devices").Locator("li")).ToHaveCountAsync(3);
        await person.ScreenshotAsync(app, "link-stats-24h-1280");

        // A crawler comes by: left out until bots are asked for.
        Assert.Equal(HttpStatusCode.Found, await FollowAsync(slug, Googlebot));
        await app.WaitForStoredClicksAsync(link.GetProperty("id").GetInt64(), 4);
        await page.GetByLabel("Include bots").CheckAsync();
        await Expect(page.GetByTestId("total-clicks").Locator(".stat-value")).ToHaveTextAsync("4");
        await Expect(page.GetByTestId("devices").Locator("li[data-value='bot'] .value")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^1\b"));
        await page.GetByLabel("Include bots").UncheckAsync();
        await Expect(page.GetByTestId("total-clicks").Locator(".stat-value")).ToHaveTextAsync("3");

        // A reload (and so a deep link) lands on the same page and range.
        await page.GetByText("7 d", new() { Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"range=7d"));
        await page.ReloadAsync();
        await Expect(page.GetByTestId("total-clicks").Locator(".stat-value")).ToHaveTextAsync("3");
        await Expect(page.GetByLabel("7 d")).ToBeCheckedAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Export CSV" }).ClickAsync();
        var downloadLink = page.GetByTestId("export-download");
        await Expect(downloadLink).ToContainTextAsync("4 rows", new() { Timeout = 60_000 });
        var download = await page.RunAndWaitForDownloadAsync(() => downloadLink.ClickAsync());
        var csv = await File.ReadAllLinesAsync((await download.PathAsync())!);
        Assert.StartsWith("event_id,occurred_at", csv[0]);
        Assert.Equal(4, csv.Skip(1).Count(l => l.Length > 0)); // every stored click, the crawler's too

        await page.GetByRole(AriaRole.Link, new() { Name = "← Links" }).ClickAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = $"Delete {slug}" }).ClickAsync();
        var confirm = page.GetByRole(AriaRole.Dialog);
        await Expect(confirm).ToContainTextAsync($"Delete {slug}?");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(row).ToHaveCountAsync(0);
        Assert.Equal(HttpStatusCode.NotFound, await app.FollowAsync(slug));
        person.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task EditingALinkChangesItsTargetAndItsQrCodeShows()
    {
        var (client, key) = await app.NewUserAsync();
        var slug = (await client.CreateAsync(new { url = "https://example.com/before", slug = LinkClient.UniqueSlug("ed") })).Slug();
        await using var person = await BrowserSession.OpenAsync(app);
        await person.SignInAsync(key.Key);
        var page = person.Page;
        var row = page.Locator($"tr[data-slug='{slug}']");

        await row.GetByRole(AriaRole.Button, new() { Name = $"Edit {slug}" }).ClickAsync();
        var editor = page.GetByRole(AriaRole.Dialog, new() { Name = $"Edit {slug}" });
        await editor.GetByLabel("Target URL").FillAsync("https://example.com/after");
        await editor.GetByLabel("Click limit").FillAsync("50");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(editor).ToHaveCountAsync(0);
        await Expect(row).ToContainTextAsync("https://example.com/after");
        await Expect(row).ToContainTextAsync("limit 50");
        var (status, location) = await app.Anonymous.FollowAsync(slug);
        Assert.Equal((HttpStatusCode.Found, "https://example.com/after"), (status, location));

        await row.GetByRole(AriaRole.Button, new() { Name = $"QR code of {slug}" }).ClickAsync();
        var qr = page.GetByRole(AriaRole.Img, new() { Name = "QR code for" });
        await Expect(qr).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("() => document.querySelector('.qr img')?.naturalWidth > 0");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Download PNG" })).ToHaveAttributeAsync("href", $"/links/{slug}/qr?format=png");
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        person.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task ARedirectAppearsInTheLiveFeedWithinTwoSeconds()
    {
        var (client, key) = await app.NewUserAsync();
        var slug = (await client.CreateAsync(new { url = "https://example.com/live", slug = LinkClient.UniqueSlug("live") })).Slug();
        await using var person = await BrowserSession.OpenAsync(app);
        await person.SignInAsync(key.Key);
        await person.Page.GotoAsync($"/dashboard/links/{slug}");
        await Expect(person.Page.Locator(".live-state")).ToHaveTextAsync("● live");

        var sent = DateTime.UtcNow;
        Assert.Equal(HttpStatusCode.Found, await FollowAsync(slug, IPhone));
        await Expect(person.Page.GetByTestId("live-feed").Locator("li").First).ToContainTextAsync("mobile", new() { Timeout = 2_000 });
        Assert.True(DateTime.UtcNow - sent < TimeSpan.FromSeconds(2));
        await Expect(person.Page.GetByTestId("live-count")).ToHaveTextAsync("1");
        person.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task TheCreateFormShowsEachProblemNextToItsField()
    {
        var (_, key) = await app.NewUserAsync();
        await using var person = await BrowserSession.OpenAsync(app);
        person.Expect(400, "/links");
        await person.SignInAsync(key.Key);
        var page = person.Page;

        await page.GetByLabel("Target URL").FillAsync("javascript:alert(1)");
        await page.GetByLabel("Custom slug").FillAsync("links");
        await page.GetByText("Expiry, click limit, password").ClickAsync();
        await page.GetByLabel("Click limit").FillAsync("0");
        await page.GetByRole(AriaRole.Button, new() { Name = "Shorten" }).ClickAsync();

        await Expect(page.GetByLabel("Target URL")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByLabel("Custom slug")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByLabel("Click limit")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator(".field").Filter(new() { Has = page.GetByLabel("Custom slug") }).Locator(".field-error")).ToContainTextAsync("reserved");
        await Expect(page.Locator(".field").Filter(new() { Has = page.GetByLabel("Click limit") }).Locator(".field-error")).ToContainTextAsync("at least 1");
        await Expect(page.GetByLabel("Password")).Not.ToHaveAttributeAsync("aria-invalid", "true");
        person.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task AUserDoesNotSeeAnotherUsersLinks()
    {
        var (alice, _) = await app.NewUserAsync();
        var (_, bobKey) = await app.NewUserAsync();
        var alicesSlug = (await alice.CreateAsync(new { url = "https://example.com/alice", slug = LinkClient.UniqueSlug("alice") })).Slug();

        await using var bob = await BrowserSession.OpenAsync(app);
        bob.Expect(403, $"/links/{alicesSlug}");
        bob.Expect(403, $"/links/{alicesSlug}/stats");
        await bob.SignInAsync(bobKey.Key);
        await Expect(bob.Page.GetByText("No links yet. Shorten one above.")).ToBeVisibleAsync();
        await bob.Page.GetByLabel("Search").FillAsync(alicesSlug);
        await Expect(bob.Page.GetByText($"No link's slug or target contains “{alicesSlug}”.")).ToBeVisibleAsync();

        // Nor by typing the address of its statistics.
        await bob.Page.GotoAsync($"/dashboard/links/{alicesSlug}");
        await Expect(bob.Page.Locator(".stats-body [role=alert]")).ToContainTextAsync("Only the owner");
        bob.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task EveryPageWorksAtDesktopAndPhoneWidthsWithLabelledControls()
    {
        var slug = LinkClient.UniqueSlug("shot");
        var tag = $"shots-{Guid.NewGuid():N}"[..16];
        await app.Api.CreateAsync(new { url = "https://example.com/a/long/path/for/the/screenshot?utm_source=newsletter", slug, tags = new[] { tag } });
        foreach (var agent in new[] { DesktopChrome, IPhone, IPhone, IPad })
        {
            using var follow = new HttpRequestMessage(HttpMethod.Get, $"/{slug}");
            follow.Headers.TryAddWithoutValidation("User-Agent", agent);
            follow.Headers.Referrer = new Uri("https://news.example.org/post");
            using var redirect = await app.Anonymous.SendAsync(follow);
            Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
        }
        var link = await app.Api.GetFromJsonAsync<JsonElement>($"/links/{slug}");
        await app.WaitForStoredClicksAsync(link.GetProperty("id").GetInt64(), 4);
        // A month of earlier visitors, so the pages show what a person would see on a link in use.
        var history = MonthOfClicks().ToArray();
        await app.InsertAsync(link.GetProperty("id").GetInt64(), history);
        var total = (4 + history.Count(c => !c.IsBot)).ToString("#,0", System.Globalization.CultureInfo.InvariantCulture); // as en-GB writes it

        var pages = new (string Path, string Heading, string Name)[]
        {
            ("/dashboard", "Links", "links"),
            ($"/dashboard/links/{slug}", $"Statistics of {slug}", "link-stats"),
            ("/dashboard/tags", "Tags", "tags"),
            ($"/dashboard/tags/{tag}", $"Statistics of tag {tag}", "tag-stats"),
            ("/dashboard/pipeline", "Pipeline", "pipeline"),
            ("/dashboard/sites", "Sites", "sites"),
            ("/dashboard/webhooks", "Webhooks", "webhooks"),
            ("/dashboard/no/such/page", "Page not found", "not-found"),
        };
        foreach (var width in new[] { 1280, 390 })
        {
            await using var person = await BrowserSession.OpenAsync(app, width, width == 390 ? 844 : 900);
            await person.Page.GotoAsync("/dashboard");
            await person.ScreenshotAsync(app, $"sign-in-{width}");
            await person.SignInAsync(app.AdminKey);
            foreach (var (path, heading, name) in pages)
            {
                await person.Page.GotoAsync(path);
                await Expect(person.Page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
                await Expect(person.Page.Locator("[role=status].loading")).ToHaveCountAsync(0);
                if (name is "link-stats" or "tag-stats") await Expect(person.Page.GetByTestId("total-clicks").Locator(".stat-value")).ToHaveTextAsync(total);
                if (name == "link-stats") await Expect(person.Page.GetByTestId("countries")).ToContainTextAsync("DB-IP");
                await person.ScreenshotAsync(app, $"{name}-{width}");
                await person.AssertFitsTheWindowAsync(path);
                await person.AssertEveryControlHasANameAsync(path);
            }
            person.AssertNoConsoleErrors();
        }
    }

    [Fact]
    public async Task APersonWithOnlyAKeyboardSignsInShortensALinkAndOpensItsDeleteConfirmation()
    {
        var (_, key) = await app.NewUserAsync();
        var slug = LinkClient.UniqueSlug("kb");
        await using var person = await BrowserSession.OpenAsync(app);
        var page = person.Page;
        await page.GotoAsync("/dashboard");
        // The key field has the focus when the page opens.
        await Expect(page.GetByLabel("API key")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(key.Key);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Links", Exact = true })).ToBeVisibleAsync();

        await TabUntilFocusedAsync(page, page.GetByLabel("Target URL"));
        await page.Keyboard.TypeAsync("https://example.com/typed");
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByLabel("Custom slug")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(slug);
        await page.Keyboard.PressAsync("Enter");
        var row = page.Locator($"tr[data-slug='{slug}']");
        await Expect(row).ToContainTextAsync("https://example.com/typed");

        await TabUntilFocusedAsync(page, row.GetByRole(AriaRole.Button, new() { Name = $"Delete {slug}" }));
        await page.Keyboard.PressAsync("Enter");
        var confirm = page.GetByRole(AriaRole.Dialog);
        await Expect(confirm).ToBeVisibleAsync();
        await Expect(confirm.GetByRole(AriaRole.Button, new() { Name = "Cancel" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(confirm).ToHaveCountAsync(0);
        await Expect(row).ToHaveCountAsync(1);
        person.AssertNoConsoleErrors();
    }

    /// <summary>Presses Tab until the element has the focus, as a keyboard user would; fails past 60 presses.</summary>
    private static async Task TabUntilFocusedAsync(IPage page, ILocator target)
    {
        for (var i = 0; i < 60; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await target.EvaluateAsync<bool>("e => e === document.activeElement")) return;
        }
        Assert.Fail($"Tab never reached {target}.");
    }

    [Fact]
    public async Task TheDashboardFollowsTheDarkModeOfTheSystem()
    {
        await using var person = await BrowserSession.OpenAsync(app);
        await person.SignInAsync(app.AdminKey);
        var light = await person.Page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        await person.Page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        var dark = await person.Page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        Assert.NotEqual(light, dark);
        Assert.True(Luminance(dark) < 0.2 && Luminance(light) > 0.8, $"light {light}, dark {dark}");
        await person.ScreenshotAsync(app, "links-dark-1280");
        person.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task ThePipelineShowsTheWorkersAndRefreshesByItself()
    {
        await using var person = await BrowserSession.OpenAsync(app);
        await person.SignInAsync(app.AdminKey);
        await person.Page.GetByRole(AriaRole.Link, new() { Name = "Pipeline" }).ClickAsync();
        await Expect(person.Page.GetByRole(AriaRole.Heading, new() { Name = "Workers" })).ToBeVisibleAsync();
        await Expect(person.Page.Locator("section[aria-labelledby=workers-title] tbody tr")).Not.ToHaveCountAsync(0);
        var first = await person.Page.Locator(".page-head .muted").TextContentAsync();
        await Expect(person.Page.Locator(".page-head .muted")).Not.ToHaveTextAsync(first!, new() { Timeout = 10_000 });
        person.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task AUserWhoIsNotAnAdminIsNotShownThePipeline()
    {
        var (_, key) = await app.NewUserAsync();
        await using var person = await BrowserSession.OpenAsync(app);
        await person.SignInAsync(key.Key);
        await Expect(person.Page.GetByRole(AriaRole.Link, new() { Name = "Pipeline" })).ToHaveCountAsync(0);
        await person.Page.GotoAsync("/dashboard/pipeline");
        await Expect(person.Page.GetByText("Only an admin may see this page.")).ToBeVisibleAsync();
        person.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task TheFirstLoadOfTheLinksPageIsUnder300KilobytesGzipped()
    {
        await using var person = await BrowserSession.OpenAsync(app);
        var loaded = new List<string>();
        person.Page.Response += (_, response) => { lock (loaded) loaded.Add(response.Url); };
        await person.SignInAsync(app.AdminKey);
        await Expect(person.Page.Locator("[role=status].loading")).ToHaveCountAsync(0);

        using var http = new HttpClient(new SocketsHttpHandler()) { BaseAddress = app.BaseAddress };
        long total = 0;
        var lines = new List<string>();
        string[] files;
        lock (loaded) files = loaded.Select(u => new Uri(u).AbsolutePath).Where(p => p.StartsWith("/dashboard", StringComparison.Ordinal)).Distinct().ToArray();
        foreach (var path in files)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");
            using var answer = await http.SendAsync(request);
            var bytes = (await answer.Content.ReadAsByteArrayAsync()).Length;
            total += bytes;
            lines.Add($"{bytes,8} B  {path}");
        }
        lines.Add($"{total,8} B  in all, gzipped ({files.Length} files)");
        await File.WriteAllLinesAsync(Path.Combine(app.ScreenshotDirectory, "first-load.txt"), lines);
        Assert.Contains(files, p => p.EndsWith(".js", StringComparison.Ordinal));
        Assert.True(total < 300 * 1024, string.Join(Environment.NewLine, lines));
        person.AssertNoConsoleErrors();
    }

    /// <summary>Clicks over the last 29 days, more on weekdays, from a fixed seed so every run draws the same pages.</summary>
    private static IEnumerable<SeedClick> MonthOfClicks()
    {
        var random = new Random(14);
        string[] countries = ["US", "DE", "GB", "FR", "IN", "BR", "JP", "CA", "NL", "SE", "ES", "AU"];
        string?[] referrers = ["news.ycombinator.com", "t.co", "google.com", null, "linkedin.com", "reddit.com", "github.com"];
        (string Device, string Browser, string Os)[] agents =
            [("desktop", "Chrome", "Windows"), ("mobile", "Mobile Safari", "iOS"), ("mobile", "Chrome Mobile", "Android"),
             ("desktop", "Firefox", "Linux"), ("desktop", "Safari", "Mac OS X"), ("tablet", "Mobile Safari", "iOS"), ("desktop", "Edge", "Windows")];
        var today = StatsData.Today;
        for (var back = 29; back >= 1; back--)
        {
            var day = today.AddDays(-back);
            var count = 10 + random.Next(20) + (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 0 : 25) + (29 - back);
            for (var i = 0; i < count; i++)
            {
                var agent = agents[Math.Min(random.Next(agents.Length), random.Next(agents.Length))];
                yield return new SeedClick(StatsData.At(day, random.Next(24)), countries[Math.Min(random.Next(countries.Length), random.Next(countries.Length))],
                    referrers[random.Next(referrers.Length)], agent.Device, agent.Browser, agent.Os, IsBot: random.Next(20) == 0,
                    Visitor: $"{day}-{random.Next(count * 2 / 3 + 1)}");
            }
        }
    }

    private async Task<HttpStatusCode> FollowAsync(string slug, string userAgent)
    {
        using var follow = new HttpRequestMessage(HttpMethod.Get, $"/{slug}");
        follow.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        using var redirect = await app.Anonymous.SendAsync(follow);
        return redirect.StatusCode;
    }

    private static double Luminance(string rgb)
    {
        var parts = rgb[(rgb.IndexOf('(') + 1)..rgb.IndexOf(')')].Split(',').Select(p => double.Parse(p.Trim(), System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return (0.2126 * parts[0] + 0.7152 * parts[1] + 0.0722 * parts[2]) / 255;
    }
}

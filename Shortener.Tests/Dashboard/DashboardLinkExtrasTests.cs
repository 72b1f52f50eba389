using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Shortener.Tests.Infrastructure;
using Shortener.Tests.Links;
using static Microsoft.Playwright.Assertions;

namespace Shortener.Tests.Dashboard;

/// <summary>
/// Issue 15 in the dashboard: a person gives a link a title, tags, UTM, rules and A/B variants through its form, filters
/// the list by tag and campaign, reads a tag's page, and sees which rule sent each visitor where, in Debian's Chromium.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardLinkExtrasTests(DashboardFixture app)
{
    private const string IPhone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
    private const string Pixel = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36";
    private const string DesktopChrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

    private static ILocator Rule(IPage page, int n) => page.GetByRole(AriaRole.Group, new() { Name = $"Rule {n}", Exact = true });

    private static ILocator Variant(IPage page, int n) => page.GetByRole(AriaRole.Group, new() { Name = $"Variant {n}", Exact = true });

    [Fact]
    public async Task ALinkCreatedWithTagsUtmTwoRulesAndTwoVariantsIsSavedAsTypedAndRedirectsByItsRules()
    {
        var (client, key) = await app.NewUserAsync();
        var slug = LinkClient.UniqueSlug("ux");
        await using var person = await BrowserSession.OpenAsync(app);
        await person.SignInAsync(key.Key);
        var page = person.Page;

        await page.GetByLabel("Target URL").FillAsync("https://example.com/app");
        await page.GetByLabel("Custom slug").FillAsync(slug);
        await page.GetByText("Title, tags and UTM").ClickAsync();
        await page.GetByLabel("Title", new() { Exact = true }).FillAsync("Spring launch");
        await page.GetByLabel("Tags", new() { Exact = true }).FillAsync("launch, Mobile");
        await page.GetByLabel("UTM source", new() { Exact = true }).FillAsync("newsletter");
        await page.GetByLabel("UTM medium", new() { Exact = true }).FillAsync("email");
        await page.GetByLabel("UTM campaign", new() { Exact = true }).FillAsync("spring");

        // Three rules typed, the third removed, the second moved to the top: what is saved is the list as it ends up.
        await page.GetByText("Redirect rules and A/B variants").ClickAsync();
        var addRule = page.GetByRole(AriaRole.Button, new() { Name = "Add rule" });
        await addRule.ClickAsync();
        await Rule(page, 1).GetByLabel("Send to").FillAsync("https://apps.apple.com/app/x");
        await Rule(page, 1).GetByLabel("ios", new() { Exact = true }).CheckAsync();
        await addRule.ClickAsync();
        await Rule(page, 2).GetByLabel("Send to").FillAsync("https://example.de/app");
        await Rule(page, 2).GetByLabel("Countries").FillAsync("de, AT");
        await Rule(page, 2).GetByLabel("Languages").FillAsync("de");
        await addRule.ClickAsync();
        await Rule(page, 3).GetByLabel("Send to").FillAsync("https://example.com/dropped");
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove rule 3" }).ClickAsync();
        await Expect(Rule(page, 3)).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Move rule 2 up" }).ClickAsync();
        await Expect(Rule(page, 1).GetByLabel("Send to")).ToHaveValueAsync("https://example.de/app");

        var addVariant = page.GetByRole(AriaRole.Button, new() { Name = "Add variant" });
        await addVariant.ClickAsync();
        await addVariant.ClickAsync();
        await Variant(page, 1).GetByLabel("URL", new() { Exact = true }).FillAsync("https://a.example/");
        await Variant(page, 1).GetByLabel("Weight (%)").FillAsync("70");
        await Variant(page, 2).GetByLabel("URL", new() { Exact = true }).FillAsync("https://b.example/");
        await Variant(page, 2).GetByLabel("Weight (%)").FillAsync("30");
        await Expect(page.GetByText("The weights add up to 100.")).ToBeVisibleAsync();
        await person.ScreenshotAsync(app, "link-form-extras-1280");
        await page.GetByRole(AriaRole.Button, new() { Name = "Shorten" }).ClickAsync();
        await Expect(page.Locator(".created")).ToContainTextAsync($"/{slug}");

        var link = await client.GetFromJsonAsync<JsonElement>($"/links/{slug}");
        Assert.Equal("Spring launch", link.GetProperty("title").GetString());
        Assert.Equal(["launch", "mobile"], link.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        var utm = link.GetProperty("utm");
        Assert.Equal(("newsletter", "email", "spring"), (utm.GetProperty("source").GetString(), utm.GetProperty("medium").GetString(), utm.GetProperty("campaign").GetString()));
        var rules = link.GetProperty("rules").EnumerateArray().ToArray();
        Assert.Equal(2, rules.Length);
        Assert.Equal("https://example.de/app", rules[0].GetProperty("url").GetString());
        Assert.Equal(["DE", "AT"], rules[0].GetProperty("when").GetProperty("country").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["de"], rules[0].GetProperty("when").GetProperty("language").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("https://apps.apple.com/app/x", rules[1].GetProperty("url").GetString());
        Assert.Equal(["ios"], rules[1].GetProperty("when").GetProperty("device").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal([("https://a.example/", 70), ("https://b.example/", 30)],
            link.GetProperty("variants").EnumerateArray().Select(v => (v.GetProperty("url").GetString(), v.GetProperty("weight").GetInt32())));

        // The list shows what the link carries, and the link does what the form said.
        var row = page.Locator($"tr[data-slug='{slug}']");
        await Expect(row.Locator(".tags")).ToHaveTextAsync(new Regex("launch.*mobile"));
        await Expect(row).ToContainTextAsync("2 rules");
        await Expect(row).ToContainTextAsync("Spring launch");
        Assert.StartsWith("https://apps.apple.com/app/x?", await LocationAsync(slug, IPhone));
        Assert.Contains("utm_campaign=spring", await LocationAsync(slug, IPhone));
        Assert.Matches(@"^https://[ab]\.example/\?utm_source=newsletter", await LocationAsync(slug, DesktopChrome));
        person.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task ABadRuleUrlAndWeightsNotMakingAHundredAreShownNextToThatRuleAndTheVariantsAndNothingIsStored()
    {
        var (client, key) = await app.NewUserAsync();
        var slug = LinkClient.UniqueSlug("bad");
        await using var person = await BrowserSession.OpenAsync(app);
        person.Expect(400, "/links");
        await person.SignInAsync(key.Key);
        var page = person.Page;

        await page.GetByLabel("Target URL").FillAsync("https://example.com/app");
        await page.GetByLabel("Custom slug").FillAsync(slug);
        await page.GetByText("Redirect rules and A/B variants").ClickAsync();
        var addRule = page.GetByRole(AriaRole.Button, new() { Name = "Add rule" });
        await addRule.ClickAsync();
        await Rule(page, 1).GetByLabel("Send to").FillAsync("https://play.google.com/store/apps/x");
        await Rule(page, 1).GetByLabel("android", new() { Exact = true }).CheckAsync();
        await addRule.ClickAsync();
        await Rule(page, 2).GetByLabel("Send to").FillAsync("ftp://example.com/app");
        await Rule(page, 2).GetByLabel("ios", new() { Exact = true }).CheckAsync();
        var addVariant = page.GetByRole(AriaRole.Button, new() { Name = "Add variant" });
        await addVariant.ClickAsync();
        await addVariant.ClickAsync();
        await Variant(page, 1).GetByLabel("URL", new() { Exact = true }).FillAsync("https://a.example/");
        await Variant(page, 1).GetByLabel("Weight (%)").FillAsync("60");
        await Variant(page, 2).GetByLabel("URL", new() { Exact = true }).FillAsync("https://b.example/");
        await Variant(page, 2).GetByLabel("Weight (%)").FillAsync("30");
        // The section is folded away before sending: the error must open it again.
        await page.GetByText("Redirect rules and A/B variants").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Shorten" }).ClickAsync();

        var badUrl = Rule(page, 2).GetByLabel("Send to");
        await Expect(badUrl).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(badUrl).ToBeVisibleAsync();
        await Expect(Rule(page, 2).Locator(".field").Filter(new() { Has = page.GetByLabel("Send to") }).Locator(".field-error")).ToHaveTextAsync("Only http and https URLs can be shortened.");
        await Expect(badUrl).ToBeFocusedAsync();
        await Expect(Rule(page, 1).GetByLabel("Send to")).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "A/B variants" })).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "A/B variants" }).Locator(":scope > .field-error")).ToContainTextAsync("add up to 100");
        await Expect(page.GetByLabel("Target URL")).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await person.ScreenshotAsync(app, "link-form-rule-error-1280");

        using var stored = await client.GetAsync($"/links/{slug}");
        Assert.Equal(HttpStatusCode.NotFound, stored.StatusCode);
        person.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task EditingALinkReordersItsRulesAndChangesItsTagsAndSendsNothingElse()
    {
        var (client, key) = await app.NewUserAsync();
        var slug = (await client.CreateAsync(new
        {
            url = "https://example.com/edit",
            slug = LinkClient.UniqueSlug("ed"),
            tags = new[] { "before" },
            rules = new object[]
            {
                new { when = new { device = new[] { "ios" } }, url = "https://example.com/ios" },
                new { when = new { device = new[] { "android" } }, url = "https://example.com/android" },
            },
        })).Slug();
        await using var person = await BrowserSession.OpenAsync(app);
        await person.SignInAsync(key.Key);
        var page = person.Page;

        await page.Locator($"tr[data-slug='{slug}']").GetByRole(AriaRole.Button, new() { Name = $"Edit {slug}" }).ClickAsync();
        var editor = page.GetByRole(AriaRole.Dialog, new() { Name = $"Edit {slug}" });
        await Expect(Rule(page, 2).GetByLabel("Send to")).ToHaveValueAsync("https://example.com/android");
        await Expect(Rule(page, 2).GetByLabel("android", new() { Exact = true })).ToBeCheckedAsync();
        await editor.GetByRole(AriaRole.Button, new() { Name = "Move rule 2 up" }).ClickAsync();
        await editor.GetByLabel("Tags", new() { Exact = true }).FillAsync("after, launch");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(editor).ToHaveCountAsync(0);

        var link = await client.GetFromJsonAsync<JsonElement>($"/links/{slug}");
        Assert.Equal(["https://example.com/android", "https://example.com/ios"], link.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("url").GetString()));
        Assert.Equal(["after", "launch"], link.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("https://example.com/edit", link.GetProperty("original_url").GetString());
        Assert.Equal(0, link.GetProperty("variants").GetArrayLength());
        Assert.True(!link.TryGetProperty("utm", out var utm) || utm.ValueKind == JsonValueKind.Null, $"utm: {link}");
        Assert.Equal("https://example.com/android", await LocationAsync(slug, Pixel));
        person.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task TheListFiltersByTagAndByUtmCampaignAndATagOpensItsLinks()
    {
        var (client, key) = await app.NewUserAsync();
        var a = (await client.CreateAsync(new { url = "https://example.com/a", slug = LinkClient.UniqueSlug("fa"), tags = new[] { "news" }, utm = new { campaign = "spring" } })).Slug();
        var b = (await client.CreateAsync(new { url = "https://example.com/b", slug = LinkClient.UniqueSlug("fb"), tags = new[] { "news", "promo" } })).Slug();
        var c = (await client.CreateAsync(new { url = "https://example.com/c", slug = LinkClient.UniqueSlug("fc"), utm = new { campaign = "spring" } })).Slug();
        await using var person = await BrowserSession.OpenAsync(app);
        await person.SignInAsync(key.Key);
        var page = person.Page;
        var rows = page.Locator("table.links tbody tr");
        await Expect(rows).ToHaveCountAsync(3);

        await page.GetByLabel("Filter by tag").SelectOptionAsync("news");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(page.Locator($"tr[data-slug='{a}']")).ToHaveCountAsync(1);
        await Expect(page.Locator($"tr[data-slug='{b}']")).ToHaveCountAsync(1);
        await Expect(page).ToHaveURLAsync(new Regex(@"\?tag=news$"));

        await page.GetByLabel("Filter by tag").SelectOptionAsync("");
        await page.GetByLabel("Filter by UTM campaign").FillAsync("spring");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(page.Locator($"tr[data-slug='{a}']")).ToHaveCountAsync(1);
        await Expect(page.Locator($"tr[data-slug='{c}']")).ToHaveCountAsync(1);

        await page.GetByLabel("Filter by UTM campaign").FillAsync("");
        await Expect(rows).ToHaveCountAsync(3);
        await page.Locator($"tr[data-slug='{b}']").GetByRole(AriaRole.Link, new() { Name = "Links tagged promo" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(page.Locator($"tr[data-slug='{b}']")).ToHaveCountAsync(1);
        await Expect(page.GetByLabel("Filter by tag")).ToHaveValueAsync("promo");
        // A reload keeps the filter.
        await page.ReloadAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await person.ScreenshotAsync(app, "links-tag-filter-1280");
        person.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task TheTagsPageCountsAClickMadeByARealRedirectAndTheTagsStatsShowIt()
    {
        var (client, key) = await app.NewUserAsync();
        var link = await client.CreateAsync(new { url = "https://example.com/tagged", slug = LinkClient.UniqueSlug("tg"), tags = new[] { "promo" } });
        await client.CreateAsync(new { url = "https://example.com/other", slug = LinkClient.UniqueSlug("tg"), tags = new[] { "promo", "other" } });
        await using var person = await BrowserSession.OpenAsync(app);
        await person.SignInAsync(key.Key);
        var page = person.Page;

        await page.GetByRole(AriaRole.Link, new() { Name = "Tags", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tags", Level = 1 })).ToBeVisibleAsync();
        var promo = page.Locator("tr[data-tag='promo']");
        await Expect(promo.Locator("td[data-links]")).ToHaveTextAsync("2");
        await Expect(promo.Locator("td[data-clicks]")).ToHaveTextAsync("0");
        await Expect(page.Locator("tr[data-tag='other'] td[data-links]")).ToHaveTextAsync("1");

        Assert.Equal("https://example.com/tagged", await LocationAsync(link.Slug(), IPhone));
        await app.WaitForStoredClicksAsync(link.GetProperty("id").GetInt64(), 1);
        // The tag's clicks come from the rollup, which runs every second here.
        await Eventually.WaitForAsync(async () => (await client.GetFromJsonAsync<JsonElement>("/tags")).GetProperty("items").EnumerateArray()
            .Single(t => t.GetProperty("tag").GetString() == "promo").GetProperty("clicks").GetInt64(), n => n == 1, TimeSpan.FromSeconds(60), "the rollup counting the click");
        await page.ReloadAsync();
        await Expect(promo.Locator("td[data-clicks]")).ToHaveTextAsync("1");
        await person.ScreenshotAsync(app, "tags-1280");

        await promo.GetByRole(AriaRole.Link, new() { Name = "promo", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Statistics of tag promo" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("total-clicks").Locator(".stat-value")).ToHaveTextAsync("1");
        await Expect(page.GetByTestId("devices").Locator("li[data-value='mobile'] .value")).ToHaveTextAsync(new Regex(@"^1\b"));
        await Expect(page.GetByTestId("devices").Locator("li")).ToHaveCountAsync(1);
        await person.ScreenshotAsync(app, "tag-stats-1280");
        person.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task TheStatsPageShowsWhichRuleSentEachVisitorAndTheUtmTheyCameWith()
    {
        var (client, key) = await app.NewUserAsync();
        var link = await client.CreateAsync(new
        {
            url = "https://example.com/default",
            slug = LinkClient.UniqueSlug("rs"),
            rules = new object[]
            {
                new { when = new { device = new[] { "ios" } }, url = "https://example.com/ios" },
                new { when = new { device = new[] { "android" } }, url = "https://example.com/android" },
            },
        });
        var slug = link.Slug();
        Assert.Equal("https://example.com/ios", await LocationAsync(slug, IPhone));
        Assert.Equal("https://example.com/ios", await LocationAsync(slug, IPhone));
        Assert.Equal("https://example.com/android", await LocationAsync(slug, Pixel));
        Assert.Equal("https://example.com/default?utm_source=forum", await LocationAsync($"{slug}?utm_source=forum", DesktopChrome));
        await app.WaitForStoredClicksAsync(link.GetProperty("id").GetInt64(), 4);

        await using var person = await BrowserSession.OpenAsync(app);
        await person.SignInAsync(key.Key);
        var page = person.Page;
        await page.GotoAsync($"/dashboard/links/{slug}");
        await Expect(page.GetByTestId("total-clicks").Locator(".stat-value")).ToHaveTextAsync("4");
        var rules = page.GetByTestId("rules");
        await Expect(rules.Locator("li")).ToHaveCountAsync(3);
        await Expect(rules.Locator("li").First).ToHaveAttributeAsync("data-value", "Rule 1");
        await Expect(rules.Locator("li[data-value='Rule 1'] .value")).ToHaveTextAsync(new Regex(@"^2\b"));
        await Expect(rules.Locator("li[data-value='Rule 2'] .value")).ToHaveTextAsync(new Regex(@"^1\b"));
        await Expect(rules.Locator("li[data-value=\"No rule (the link's target)\"] .value")).ToHaveTextAsync(new Regex(@"^1\b"));
        await Expect(page.GetByTestId("utm-source").Locator("li[data-value='forum'] .value")).ToHaveTextAsync(new Regex(@"^1\b"));
        // The rules are listed with the numbers the breakdown uses; a link without variants shows no variants breakdown.
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Rules, tried in order" }).Locator("li").Nth(1)).ToContainTextAsync("Rule 2: device android");
        await Expect(page.GetByTestId("variants")).ToHaveCountAsync(0);
        await person.ScreenshotAsync(app, "link-stats-rules-1280");

        // The hourly view of the last 24 hours has the same breakdown.
        await page.GetByText("24 h", new() { Exact = true }).ClickAsync();
        await Expect(page.Locator(".stats-body > p.muted")).ToContainTextAsync("by hour");
        await Expect(rules.Locator("li[data-value='Rule 1'] .value")).ToHaveTextAsync(new Regex(@"^2\b"));
        person.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task TheFormsRulesAndVariantsFitAPhoneAndEveryControlHasAName()
    {
        var (_, key) = await app.NewUserAsync();
        await using var person = await BrowserSession.OpenAsync(app, 390, 844);
        await person.SignInAsync(key.Key);
        var page = person.Page;
        await page.GetByText("Title, tags and UTM").ClickAsync();
        await page.GetByText("Redirect rules and A/B variants").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add variant" }).ClickAsync();
        // The new row's first field has the focus, so a keyboard user carries on typing there.
        await Expect(Variant(page, 1).GetByLabel("URL", new() { Exact = true })).ToBeFocusedAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Move rule 1 up" })).ToBeDisabledAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Move rule 2 down" })).ToBeDisabledAsync();
        // Reordering by keyboard keeps the focus in the moved rule, on the button that can still move it.
        await Rule(page, 2).GetByLabel("Send to").FillAsync("https://example.com/second");
        await page.GetByRole(AriaRole.Button, new() { Name = "Move rule 2 up" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(Rule(page, 1).GetByLabel("Send to")).ToHaveValueAsync("https://example.com/second");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Move rule 1 down" })).ToBeFocusedAsync();
        await person.AssertFitsTheWindowAsync("the link form with rules and variants");
        await person.AssertEveryControlHasANameAsync("the link form with rules and variants");
        await person.ScreenshotAsync(app, "link-form-extras-390");
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await person.ScreenshotAsync(app, "link-form-extras-dark-390");
        await page.GotoAsync("/dashboard/tags");
        await Expect(page.GetByText("No tags yet.")).ToBeVisibleAsync();
        await person.AssertFitsTheWindowAsync("/dashboard/tags");
        person.AssertNoConsoleErrors();
    }

    /// <summary>Where the short link sends a visitor with this user agent (the redirect's Location as sent).</summary>
    private async Task<string?> LocationAsync(string pathAndQuery, string userAgent)
    {
        using var follow = new HttpRequestMessage(HttpMethod.Get, $"/{pathAndQuery}");
        follow.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        using var redirect = await app.Anonymous.SendAsync(follow);
        Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
        return redirect.Headers.Location?.OriginalString;
    }
}

using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Shortener.Tests.Dashboard;

/// <summary>
/// A person at a browser: their own context (cookies, storage) and page, and every console error and uncaught exception
/// the page produced. A story fails on any of them unless it says which failed request it expects (a wrong key's 401).
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly List<string> _errors = [];
    private readonly List<(int Status, string Path)> _expected = [];
    private readonly List<(int Status, string Url)> _failedResponses = [];

    public IBrowserContext Context { get; }
    public IPage Page { get; }
    public string BaseUrl { get; }

    private BrowserSession(IBrowserContext context, IPage page, string baseUrl)
    {
        Context = context;
        Page = page;
        BaseUrl = baseUrl;
        page.Console += (_, message) =>
        {
            if (message.Type == "error") lock (_errors) _errors.Add($"console: {message.Text} ({message.Location})");
        };
        page.PageError += (_, error) => { lock (_errors) _errors.Add($"uncaught: {error}"); };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400) lock (_errors) _failedResponses.Add((response.Status, response.Url));
        };
    }

    public static async Task<BrowserSession> OpenAsync(DashboardFixture app, int width = 1280, int height = 900)
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            AcceptDownloads = true,
            Locale = "en-GB",
            TimezoneId = "Europe/Berlin",
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        return new BrowserSession(context, page, app.BaseAddress.ToString().TrimEnd('/'));
    }

    /// <summary>A failed request the story causes on purpose; Chromium logs it as a console error, which is then allowed.</summary>
    public void Expect(int status, string path) => _expected.Add((status, path));

    public async Task SignInAsync(string key)
    {
        await Page.GotoAsync("/dashboard");
        await Page.GetByLabel("API key").FillAsync(key);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Page.GetByRole(AriaRole.Heading, new() { Name = "Links", Exact = true }).WaitForAsync();
    }

    public Task ScreenshotAsync(DashboardFixture app, string name) =>
        Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(app.ScreenshotDirectory, $"{name}.png"), FullPage = true });

    /// <summary>Nothing sticks out sideways: the page scrolls only up and down, at whatever width the session has.</summary>
    public async Task AssertFitsTheWindowAsync(string what)
    {
        var overflow = await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"{what} is {overflow} px wider than a {Page.ViewportSize?.Width} px window.");
    }

    /// <summary>Every visible control has a name a screen reader can say (a label, aria-label or text).</summary>
    public async Task AssertEveryControlHasANameAsync(string what)
    {
        var unlabelled = await Page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('input, select, textarea, button, a[href]')]
              .filter(e => e.offsetParent !== null || e.closest('.seg'))
              .filter(e => !(e.labels?.length || e.getAttribute('aria-label') || e.getAttribute('aria-labelledby') || e.textContent.trim()))
              .map(e => e.outerHTML.slice(0, 120))
            """);
        Assert.True(unlabelled.Length == 0, $"{what} has controls without a name: {string.Join(", ", unlabelled)}");
    }

    /// <summary>Fails the story on a console error or uncaught exception that it did not expect.</summary>
    public void AssertNoConsoleErrors()
    {
        lock (_errors)
        {
            var unexpected = _errors.Where(e => !IsExpected(e)).ToList();
            var unexpectedResponses = _failedResponses.Where(r => !_expected.Any(x => x.Status == r.Status && new Uri(r.Url).AbsolutePath == x.Path)).ToList();
            Assert.True(unexpected.Count == 0 && unexpectedResponses.Count == 0,
                "The page logged errors:" + Environment.NewLine + string.Join(Environment.NewLine, unexpected.Concat(unexpectedResponses.Select(r => $"{r.Status} {r.Url}"))));
        }
    }

    // Chromium reports a failed request as "Failed to load resource: … status of 401 ()" at the request's URL.
    private bool IsExpected(string error) => _expected.Any(x =>
        Regex.IsMatch(error, $@"status of {x.Status}\b") && error.Contains(BaseUrl + x.Path, StringComparison.Ordinal));

    public async ValueTask DisposeAsync() => await Context.DisposeAsync();
}

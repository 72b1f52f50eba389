using Microsoft.Playwright;
using Shortener.Tests.Infrastructure;

namespace Shortener.Tests.Dashboard;

/// <summary>
/// One app and one Debian Chromium (driven by Playwright, no browser download) for every dashboard story; each story
/// opens its own browser context, so cookies never leak between them. The worker rolls up every second and looks for
/// exports every 200 ms, so statistics and exports are ready soon.
/// </summary>
public sealed class DashboardFixture : AppFixture
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    public Uri BaseAddress => Anonymous.BaseAddress!;

    /// <summary>Where screenshots go: TestResults/dashboard at the repository root, kept by CI as artifacts.</summary>
    public string ScreenshotDirectory { get; } = LocateScreenshots();

    protected override void Configure(IDistributedApplicationTestingBuilder builder)
    {
        base.Configure(builder);
        builder.CreateResourceBuilder<ProjectResource>("worker")
            .WithEnvironment("Worker__Rollups__Schedule", "* * * * * *")
            .WithEnvironment("Worker__Exports__PollInterval", "00:00:00.200");
    }

    public override async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium (apt-get install -y chromium), as .ci/run does.");
        await base.InitializeAsync();
        _playwright = await Playwright.CreateAsync();
        // The flags keep Chromium off the network it would otherwise try (this machine has none); Playwright gives each
        // launch a fresh, throw-away user-data-dir.
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
    }

    public override async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        await base.DisposeAsync();
    }

    private static string LocateScreenshots()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Shortener.sln")))
                return Directory.CreateDirectory(Path.Combine(dir.FullName, "TestResults", "dashboard")).FullName;
        return Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "TestResults", "dashboard")).FullName;
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard";
}

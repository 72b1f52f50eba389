using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shortener.Tests.Infrastructure;

namespace Shortener.Tests.AppHost;

[CollectionDefinition(Name)]
public sealed class AppHostProcessCollection
{
    public const string Name = "apphost-process";
}

/// <summary>The AppHost as a person runs it: the real program with the Aspire dashboard, a crash, then Ctrl+C.</summary>
[Collection(AppHostProcessCollection.Name)]
public sealed class AppHostProcessTests
{
    private static readonly TimeSpan s_start = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task TheAppHostPassesItsEnvironmentOnRestartsACrashedServiceAndCtrlCLeavesNothingBehind()
    {
        var adminKey = $"chosen-admin-key-{Guid.NewGuid():N}";
        using var apphost = AppHostProcess.Start(new Dictionary<string, string>
        {
            // Settings given to the AppHost reach the services, as `Auth__AdminApiKey=… ./run.sh` would.
            ["Auth__AdminApiKey"] = adminKey,
            ["Shortener__Redirect__StatusCode"] = "307",
        });

        await apphost.WaitForLineAsync(l => l.Contains($"Login to the dashboard at http://localhost:{apphost.DashboardPort}/login?t="), s_start);
        await apphost.WaitForLineAsync(l => l.Contains($"Admin API key: {adminKey}"), s_start);
        var api = apphost.Api.ToString().TrimEnd('/');
        Assert.Contains(apphost.Output(), l => l.Contains($"api: {api} ") && l.Contains($"its dashboard: {api}/dashboard "));

        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = apphost.Api };
        client.DefaultRequestHeaders.Authorization = new("Bearer", adminKey);
        using (var created = await client.PostAsJsonAsync("/links", new { url = "https://example.com/from-the-apphost" }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var slug = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("slug").GetString();
            using var redirect = await client.GetAsync($"/{slug}");
            Assert.Equal(HttpStatusCode.TemporaryRedirect, redirect.StatusCode);
        }

        // A crash: the worker's own process dies. The AppHost reports it and starts the worker again.
        var worker = Assert.Single(Services(apphost, "Shortener.Worker"));
        var before = apphost.Output().Count;
        Process.GetProcessById(worker).Kill();
        await apphost.WaitForLineAsync(l => l.Contains("worker") && l.Contains("crashed: exit code") && l.Contains("Restarting it in"), TimeSpan.FromSeconds(30), before);
        await Eventually.WaitForAsync(() => Task.FromResult(Services(apphost, "Shortener.Worker")), pids => pids.Count == 1 && pids[0] != worker,
            TimeSpan.FromMinutes(1), "a new worker process");
        await Eventually.WaitForAsync(async () => (await client.GetAsync("/worker/health")).StatusCode, s => s == HttpStatusCode.OK,
            TimeSpan.FromMinutes(1), "the restarted worker to report in");

        var stopwatch = Stopwatch.StartNew();
        apphost.Interrupt();
        Assert.True(await apphost.WaitForExitAsync(TimeSpan.FromSeconds(20)), "the AppHost did not exit within 20 s of Ctrl+C");
        Assert.Equal(0, apphost.ExitCode);
        await Eventually.WaitForAsync(() => Task.FromResult(apphost.ProcessesLeft()), left => left.Count == 0,
            TimeSpan.FromSeconds(20) - stopwatch.Elapsed, "no process of the app left after Ctrl+C");
        Assert.False(AppHostProcess.Listening(apphost.ApiPort), "the api's port is still open after Ctrl+C");
        Assert.False(AppHostProcess.Listening(apphost.DashboardPort), "the dashboard's port is still open after Ctrl+C");
    }

    [Fact]
    public async Task AServerThatCannotStartIsNamedWithItsLastLinesAndTheAppHostExitsNonZero()
    {
        // A redis-server that exits at once with an error, as a broken install would.
        var broken = Path.Combine(Path.GetTempPath(), $"broken-redis-{Guid.NewGuid():N}.sh");
        await File.WriteAllTextAsync(broken, "#!/bin/sh\necho 'FATAL: cannot open the data directory' >&2\nexit 1\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(broken, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            using var apphost = AppHostProcess.Start(new Dictionary<string, string> { ["AppHost__RedisServerPath"] = broken });
            Assert.True(await apphost.WaitForExitAsync(TimeSpan.FromMinutes(2)), "the AppHost waited instead of giving up");
            Assert.Equal(3, apphost.ExitCode);
            var errors = apphost.Errors().ToList();
            Assert.Contains(errors, l => l.Contains("cache") && l.Contains("exited with code 1 before the app was up"));
            Assert.Contains(errors, l => l.Contains("FATAL: cannot open the data directory"));
        }
        finally
        {
            File.Delete(broken);
        }
    }

    [Fact]
    public async Task MissingServersAreNamedWithTheCommandThatInstallsThemAndNothingHangs()
    {
        var nowhere = Path.Combine(Path.GetTempPath(), $"no-servers-{Guid.NewGuid():N}");
        using var apphost = AppHostProcess.Start(new Dictionary<string, string>
        {
            ["AppHost__Infrastructure"] = "Local",
            ["AppHost__PostgresBinDirectory"] = nowhere,
            ["AppHost__RedisServerPath"] = Path.Combine(nowhere, "redis-server"),
        });

        Assert.True(await apphost.WaitForExitAsync(TimeSpan.FromMinutes(1)), "the AppHost hung");
        Assert.Equal(2, apphost.ExitCode);
        var message = Assert.Single(apphost.Errors());
        Assert.Contains("postgresql and redis-server are missing", message);
        Assert.Contains("apt-get install -y postgresql redis-server", message);
        Assert.DoesNotContain(apphost.Output(), l => l.Contains("Exception"));
    }

    /// <summary>Our service processes (not their `dotnet run` parents) of this run.</summary>
    private static List<int> Services(AppHostProcess apphost, string name) =>
        apphost.ProcessesLeft().Where(p => p.CommandLine.Contains($"/{name}") && !p.CommandLine.StartsWith("dotnet run", StringComparison.Ordinal))
            .Select(p => p.Pid).ToList();
}

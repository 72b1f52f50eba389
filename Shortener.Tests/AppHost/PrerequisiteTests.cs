using System.Diagnostics;
using Shortener.Hosting;

namespace Shortener.Tests.AppHost;

public sealed class PrerequisiteTests
{
    [Fact]
    public void MissingServersAreNamedWithTheCommandThatInstallsThem()
    {
        var error = Assert.Throws<DistributedApplicationException>(() => AppModelPreparer.RequireLocalPrerequisites(null, null));
        Assert.Contains("postgresql, redis-server", error.Message);
        Assert.Contains("apt-get install -y postgresql redis-server", error.Message);
    }

    [Fact]
    public void NothingIsMissingWhenBothServersAreFound() =>
        AppModelPreparer.RequireLocalPrerequisites("/usr/lib/postgresql/15/bin", "/usr/bin/redis-server");

    [Fact]
    public async Task AnAppHostThatCannotStartPrintsOneMessageAndExitsNonZero()
    {
        // No container engine answers on these machines, so asking for containers is a start-up failure we can provoke.
        var psi = new ProcessStartInfo("dotnet", [new Projects.Shortener_AppHost().OutputPath])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        psi.Environment["AppHost__Infrastructure"] = "Containers";
        psi.Environment["AppHost__DataDirectory"] = Path.Combine(Path.GetTempPath(), $"shortener-noengine-{Guid.NewGuid():N}");
        psi.Environment["PATH"] = "/usr/bin:/bin"; // a docker/podman client may be installed; its engine is not
        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(2, process.ExitCode);
        var message = Assert.Single((await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("neither docker nor podman answers", message);
        Assert.DoesNotContain("Exception", await stdout);
        Directory.Delete(psi.Environment["AppHost__DataDirectory"]!, recursive: true);
    }
}

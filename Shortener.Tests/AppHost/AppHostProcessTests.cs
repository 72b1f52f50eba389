using System.Diagnostics;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Shortener.Hosting;
using Shortener.Tests.Infrastructure;

namespace Shortener.Tests.AppHost;

[CollectionDefinition(Name)]
public sealed class AppHostProcessCollection
{
    public const string Name = "apphost-process";
}

/// <summary>The AppHost as a person runs it: dotnet run, a crash, then Ctrl+C.</summary>
[Collection(AppHostProcessCollection.Name)]
public sealed partial class AppHostProcessTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"shortener-apphost-{Guid.NewGuid():N}");
    private readonly List<string> _output = [];

    [Fact]
    public async Task ACrashedServiceIsReportedAndRestartedAndCtrlCLeavesNoProcessBehind()
    {
        var apiPort = PortAllocator.GetFreePort();
        using var apphost = Start(apiPort);
        await WaitForLineAsync(l => l.Contains("Admin API key:"), TimeSpan.FromMinutes(3));
        var ports = Output().Select(l => PortInTable().Match(l)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value)).ToList();
        Assert.Contains(apiPort, ports);
        Assert.Equal(5, ports.Count); // postgres, cache, api, worker, analytics

        var worker = Assert.Single(OurProcesses(), p => p.CommandLine.Contains("Shortener.Worker.dll"));
        Process.GetProcessById(worker.Pid).Kill();
        await WaitForLineAsync(l => l.Contains("worker exited unexpectedly with code 137"), TimeSpan.FromSeconds(30));
        await WaitForLineAsync(l => l.Contains("restarting worker in"), TimeSpan.FromSeconds(30));
        var restarted = _output.Count;
        await WaitForLineAsync(l => l.Contains("worker: Running (Healthy)"), TimeSpan.FromMinutes(1), after: restarted);

        using (var interrupt = Process.Start("kill", ["-INT", apphost.Id.ToString()])) await interrupt.WaitForExitAsync();
        using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await apphost.WaitForExitAsync(exit.Token);

        Assert.Equal(0, apphost.ExitCode);
        Assert.Empty(OurProcesses());
        foreach (var port in ports) Assert.False(Listening(port), $"port {port} is still open after Ctrl+C");
    }

    private Process Start(int apiPort)
    {
        var output = new Projects.Shortener_AppHost().OutputPath;
        var psi = new ProcessStartInfo("dotnet", [output])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
            WorkingDirectory = Path.GetDirectoryName(new Projects.Shortener_AppHost().ProjectPath)!,
        };
        psi.Environment["AppHost__DataDirectory"] = _dataDirectory;
        psi.Environment["AppHost__ApiPort"] = apiPort.ToString();
        psi.Environment["NO_COLOR"] = "1";
        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.Add(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.Add(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private List<string> Output()
    {
        lock (_output) return [.. _output];
    }

    private Task WaitForLineAsync(Func<string, bool> match, TimeSpan timeout, int after = 0) =>
        Eventually.WaitForAsync(() => Task.FromResult(Output().Skip(after).Any(match)), found => found, timeout,
            "an AppHost line; output so far:" + Environment.NewLine + string.Join(Environment.NewLine, Output().TakeLast(40)));

    /// <summary>Every process that carries this run's data directory: services inherit it, servers are started with it.</summary>
    private List<(int Pid, string CommandLine)> OurProcesses()
    {
        var found = new List<(int, string)>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId) continue;
            try
            {
                var commandLine = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                var environment = File.ReadAllText(Path.Combine(dir, "environ"));
                if (commandLine.Contains(_dataDirectory) || environment.Contains(_dataDirectory)) found.Add((pid, commandLine));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
        return found.Where(p => !p.Item2.Contains("Shortener.AppHost.dll")).ToList();
    }

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^\s+\w+\s+Running\s+Healthy\s+(?:http://)?localhost:(\d+)")]
    private static partial Regex PortInTable();

    public void Dispose()
    {
        foreach (var (pid, _) in OurProcesses())
        {
            try { Process.GetProcessById(pid).Kill(); } catch (ArgumentException) { }
        }
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

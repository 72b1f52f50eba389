using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Shortener.Tests.Infrastructure;

/// <summary>
/// The AppHost run as a person runs it (its built program, the dashboard on, everything in its own data directory),
/// with its console captured; disposing kills whatever it left behind and removes the data directory.
/// </summary>
public sealed class AppHostProcess : IDisposable
{
    private readonly List<string> _output = [];
    private readonly Process _process;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), $"shortener-apphost-{Guid.NewGuid():N}");
    public int ApiPort { get; } = FreePort();
    public int DashboardPort { get; } = FreePort();

    private AppHostProcess(IReadOnlyDictionary<string, string> environment, string[] args)
    {
        var psi = new ProcessStartInfo("dotnet", [Program, .. args])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
            WorkingDirectory = ProjectDirectory,
        };
        // What the AppHost's launch profile sets, on free ports so that a running copy of the app is no obstacle.
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        psi.Environment["DOTNET_ENVIRONMENT"] = "Development";
        psi.Environment["ASPNETCORE_URLS"] = $"http://localhost:{DashboardPort}";
        psi.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://localhost:{FreePort()}";
        psi.Environment["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://localhost:{FreePort()}";
        psi.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        psi.Environment["AppHost__DataDirectory"] = DataDirectory;
        psi.Environment["AppHost__ApiPort"] = ApiPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // Every secret given, so that this run writes nothing into the developer's user secrets.
        foreach (var name in AppFixture.GeneratedSecrets)
            psi.Environment[$"Parameters__{name}"] = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        foreach (var (key, value) in environment) psi.Environment[key] = value;
        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.Add(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.Add("stderr: " + e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The AppHost's project directory (what Aspire's metadata for an AppHost calls its project path).</summary>
    public static string ProjectDirectory => Directory.Exists(Projects.Shortener_AppHost.ProjectPath)
        ? Projects.Shortener_AppHost.ProjectPath
        : Path.GetDirectoryName(Projects.Shortener_AppHost.ProjectPath)!;

    /// <summary>The AppHost's program in its own output directory, of the same build (Debug or Release) as these tests.</summary>
    public static string Program
    {
        get
        {
            var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd('/'))!);
            return Path.Combine(ProjectDirectory, "bin", configuration, "net10.0", "Shortener.AppHost.dll");
        }
    }

    public static AppHostProcess Start(IReadOnlyDictionary<string, string>? environment = null, params string[] args) =>
        new(environment ?? new Dictionary<string, string>(), args);

    public int Id => _process.Id;
    public int ExitCode => _process.ExitCode;
    public Uri Api => new($"http://localhost:{ApiPort}");

    public List<string> Output()
    {
        lock (_output) return [.. _output];
    }

    public IEnumerable<string> Errors() => Output().Where(l => l.StartsWith("stderr: ", StringComparison.Ordinal)).Select(l => l["stderr: ".Length..]);

    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout, int after = 0)
    {
        await Eventually.WaitForAsync(() => Task.FromResult(Output().Skip(after).Any(match) || _process.HasExited), found => found, timeout,
            "an AppHost line; its output so far:" + Environment.NewLine + string.Join(Environment.NewLine, Output().TakeLast(40)));
        return Output().Skip(after).FirstOrDefault(match)
            ?? throw new Xunit.Sdk.XunitException($"The AppHost exited ({_process.ExitCode}) first:{Environment.NewLine}{string.Join(Environment.NewLine, Output().TakeLast(40))}");
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>What a terminal's Ctrl+C sends.</summary>
    public void Interrupt()
    {
        using var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Every process that carries this run's data directory: the services and DCP inherit it, the servers are started with it.</summary>
    public List<(int Pid, string CommandLine)> ProcessesLeft()
    {
        var found = new List<(int, string)>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId || pid == _process.Id) continue;
            try
            {
                var commandLine = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                var environment = File.ReadAllText(Path.Combine(dir, "environ"));
                if (commandLine.Contains(DataDirectory) || environment.Contains(DataDirectory)) found.Add((pid, commandLine));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        return found;
    }

    public static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        foreach (var (pid, _) in ProcessesLeft())
        {
            try { Process.GetProcessById(pid).Kill(); } catch (ArgumentException) { }
        }
        _process.Dispose();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

using System.Diagnostics;

namespace Shortener.Bench;

/// <summary>
/// The whole app, started the way a person starts it: the AppHost's Release build (real Aspire: DCP, the dashboard,
/// the services under `dotnet run`) as a child process with its own throw-away data directory. Stopped with SIGINT;
/// anything still alive afterwards that carries our data directory is killed by its id, and the directory is removed.
/// </summary>
internal sealed class AppHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _tail = [];

    public string DataDirectory { get; }
    public string AdminKey { get; }
    public int ApiPort { get; }
    public int Pid => _process.Id;

    private AppHostProcess(Process process, string dataDirectory, string adminKey, int apiPort, StreamWriter log)
    {
        _process = process;
        DataDirectory = dataDirectory;
        AdminKey = adminKey;
        ApiPort = apiPort;
        _log = log;
    }

    public static AppHostProcess Start(string repoRoot, string logFile, int apiPort)
    {
        var appHostDll = Path.Combine(repoRoot, "Shortener.AppHost/bin/Release/net10.0/Shortener.AppHost.dll");
        if (!File.Exists(appHostDll)) throw new InvalidOperationException($"{appHostDll} is missing; run `dotnet build -c Release Shortener.sln` first.");
        // Not Directory.CreateTempSubdirectory: that makes mode 700, which PostgreSQL's unprivileged account cannot traverse.
        var data = Path.Combine("/tmp", $"shortener-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(data);
        var key = "bench-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var info = new ProcessStartInfo("dotnet", [appHostDll])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = repoRoot,
        };
        info.Environment["AppHost__DataDirectory"] = data;
        info.Environment["AppHost__ApiPort"] = apiPort.ToString();
        // What the AppHost's launch profile would set, in Production (the services take the AppHost's environment).
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_URLS"] = $"http://localhost:{FreePort()}";
        info.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://localhost:{FreePort()}";
        info.Environment["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://localhost:{FreePort()}";
        info.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        // The dashboard runs (its memory is part of the app's), but the services do not send it a span per redirect.
        info.Environment["AppHost__ServiceTelemetry"] = "false";
        // A service that dies during a benchmark should show as a failure, not be quietly restarted.
        info.Environment["AppHost__OnServiceCrash"] = "StopApp";
        info.Environment["Auth__AdminApiKey"] = key;
        // The other secrets given too, so the bench writes nothing into the AppHost's user secrets.
        foreach (var name in new[] { "slug-salt", "visitor-secret", "postgres-password", "cache-password" })
            info.Environment[$"Parameters__{name}"] = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        info.Environment["RateLimiting__Enabled"] = "false";
        // The webhooks phase posts to its own receiver on loopback, as fast as the worker can; link jobs fetch nothing
        // (the bench's links point at example.com).
        info.Environment["Webhooks__AllowPrivateTargets"] = "true";
        info.Environment["Webhooks__PermitsPerSecond"] = "100000";
        info.Environment["Webhooks__MaxConcurrentPerEndpoint"] = "64";
        info.Environment["Jobs__Preview__Enabled"] = "false";
        // Each link created queues a job; let them all run while the links are made, not during the phases after.
        info.Environment["Jobs__PermitsPerSecond"] = "10000";
        info.Environment["Jobs__Concurrency"] = "16";
        info.Environment["NO_COLOR"] = "1";
        info.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        info.Environment.Remove("DOTNET_LAUNCH_PROFILE");
        var log = new StreamWriter(logFile) { AutoFlush = true };
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the AppHost.");
        var app = new AppHostProcess(process, data, key, apiPort, log);
        process.OutputDataReceived += (_, e) => app.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => app.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return app;
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        lock (_tail)
        {
            _log.WriteLine(line);
            _tail.Add(line);
            if (_tail.Count > 80) _tail.RemoveAt(0);
        }
        if (line.Contains("Admin API key:", StringComparison.Ordinal)) _ready.TrySetResult(line);
    }

    public string Tail()
    {
        lock (_tail) return string.Join(Environment.NewLine, _tail);
    }

    /// <summary>Waits for the line the AppHost prints once every resource is healthy.</summary>
    public async Task WaitReadyAsync(TimeSpan timeout, CancellationToken ct)
    {
        var exited = _process.WaitForExitAsync(ct);
        var done = await Task.WhenAny(_ready.Task, exited, Task.Delay(timeout, ct));
        if (done == _ready.Task) return;
        ct.ThrowIfCancellationRequested();
        throw new InvalidOperationException(done == exited
            ? $"The AppHost exited with code {_process.ExitCode} before it was ready:\n{Tail()}"
            : $"The AppHost was not ready within {timeout}:\n{Tail()}");
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The service processes themselves (not the `dotnet run` DCP starts them with), by resource name.</summary>
    public Dictionary<string, int> Services()
    {
        var found = new Dictionary<string, int>();
        foreach (var pid in Ours())
            if (ServiceOf(Proc.CommandLine(pid)) is { } name) found[name] = pid;
        return found;
    }

    /// <summary>Live processes by group (api, worker, analytics, postgres, redis, dcp, dashboard, apphost, launchers), for CPU and memory accounting.</summary>
    public Dictionary<string, List<int>> ProcessGroups()
    {
        var groups = new Dictionary<string, List<int>> { ["apphost"] = [Pid] };
        foreach (var pid in Ours())
        {
            var comm = Proc.Comm(pid);
            var cmd = Proc.CommandLine(pid);
            var group = ServiceOf(cmd)
                ?? (cmd.StartsWith("dotnet run", StringComparison.Ordinal) ? "launchers" // DCP's `dotnet run` around each service
                : comm.StartsWith("redis", StringComparison.Ordinal) ? "redis"
                : comm.StartsWith("postgres", StringComparison.Ordinal) || cmd.StartsWith("postgres", StringComparison.Ordinal) || cmd.Contains("postgres-run.sh", StringComparison.Ordinal) ? "postgres"
                : cmd.Contains("/dcp ", StringComparison.Ordinal) || comm == "dcp" ? "dcp"
                : cmd.Contains("Aspire.Dashboard", StringComparison.Ordinal) ? "dashboard"
                : "other");
            if (!groups.TryGetValue(group, out var list)) groups[group] = list = [];
            list.Add(pid);
        }
        return groups;
    }

    /// <summary>
    /// The AppHost's processes other than itself: its children, and DCP, which detaches (its parent becomes init) but
    /// watches the AppHost (`dcp start-apiserver --monitor {pid}`), with everything DCP starts.
    /// </summary>
    private IEnumerable<int> Ours()
    {
        var dcp = Proc.All().Where(pid => Proc.CommandLine(pid).Contains($"--monitor {Pid}", StringComparison.Ordinal)).ToList();
        return Proc.Descendants(Pid).Concat(dcp).Concat(dcp.SelectMany(Proc.Descendants)).Distinct();
    }

    private static string? ServiceOf(string commandLine)
    {
        if (commandLine.StartsWith("dotnet run", StringComparison.Ordinal)) return null;
        foreach (var (name, program) in new[] { ("api", "Shortener.Api"), ("worker", "Shortener.Worker"), ("analytics", "Shortener.Analytics") })
            if (commandLine.Contains($"/{program} ", StringComparison.Ordinal) || commandLine.EndsWith($"/{program}", StringComparison.Ordinal)
                || commandLine.Contains($"{program}.dll", StringComparison.Ordinal))
                return name;
        return null;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                Proc.Signal(Pid, Proc.SigInt);
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                try { await _process.WaitForExitAsync(wait.Token); }
                catch (OperationCanceledException)
                {
                    Console.Error.WriteLine("bench: the AppHost did not stop within 60 s after SIGINT; killing what it started");
                    foreach (var pid in Proc.Descendants(Pid)) Proc.Signal(pid, Proc.SigKill);
                    _process.Kill(entireProcessTree: true);
                }
            }
        }
        finally
        {
            KillStragglers();
            lock (_tail) _log.Dispose();
            RemoveDataDirectory();
        }
    }

    /// <summary>Processes that outlived the AppHost and carry our (unique) data directory: ours, killed by id.</summary>
    private void KillStragglers()
    {
        // After the AppHost exits, DCP stops what it started by itself within a few seconds; give it 20 s first.
        for (var waited = 0; waited < 40 && Left().Count > 0; waited++) Thread.Sleep(500);
        for (var round = 0; round < 3; round++)
        {
            var left = Left();
            if (left.Count == 0) return;
            Console.Error.WriteLine($"bench: killing leftover processes {string.Join(", ", left)}");
            foreach (var pid in left) Proc.Signal(pid, round == 0 ? Proc.SigTerm : Proc.SigKill);
            Thread.Sleep(2000);
        }
    }

    private List<int> Left() => Proc.All().Where(pid => pid != Environment.ProcessId && (Proc.CommandLine(pid).Contains(DataDirectory, StringComparison.Ordinal)
        || Proc.Environment(pid).GetValueOrDefault("AppHost__DataDirectory") == DataDirectory)).ToList();

    private void RemoveDataDirectory()
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                if (Directory.Exists(DataDirectory)) Directory.Delete(DataDirectory, recursive: true);
                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Thread.Sleep(1000);
            }
        }
        Console.Error.WriteLine($"bench: could not remove {DataDirectory}");
    }
}

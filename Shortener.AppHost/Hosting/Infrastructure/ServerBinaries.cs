using System.Diagnostics;

namespace Shortener.Hosting;

/// <summary>Finds the server programs the local mode runs: on PATH first, then where Debian and others install them.</summary>
internal static class ServerBinaries
{
    public static string? Find(string program, params string[] extraDirectories)
    {
        var path = Environment.GetEnvironmentVariable("PATH")?.Split(':', StringSplitOptions.RemoveEmptyEntries) ?? [];
        return path.Concat(extraDirectories)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>PostgreSQL's server tools (initdb, postgres), which Debian keeps off PATH under /usr/lib/postgresql/N/bin.</summary>
    public static string? FindPostgresBinDirectory()
    {
        var onPath = Find("initdb");
        if (onPath is not null && File.Exists(Path.Combine(Path.GetDirectoryName(onPath)!, "postgres")))
            return Path.GetDirectoryName(onPath);
        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => (dir: Path.Combine(d, "bin"), version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                .OrderByDescending(x => x.version).Select(x => x.dir)
            : [];
        return debian.Concat(["/usr/local/pgsql/bin", "/usr/pgsql/bin", "/opt/homebrew/bin"])
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "postgres")));
    }

    public static string? FindRedisServer() => Find("redis-server", "/usr/bin", "/usr/local/bin", "/usr/sbin", "/opt/homebrew/bin");

    /// <summary>docker or podman, when one is installed and its engine answers.</summary>
    public static string? FindContainerEngine()
    {
        foreach (var engine in new[] { "docker", "podman" })
        {
            var exe = Find(engine);
            if (exe is null) continue;
            try
            {
                using var p = Process.Start(new ProcessStartInfo(exe, ["info", "--format", "{{.ServerVersion}}"])
                {
                    RedirectStandardOutput = true, RedirectStandardError = true,
                });
                if (p is not null && p.WaitForExit(5000) && p.ExitCode == 0) return exe;
                p?.Kill();
            }
            catch (System.ComponentModel.Win32Exception) { }
        }
        return null;
    }

    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>Runs a short command and returns its exit code, output going to the resource's log.</summary>
    public static async Task<int> RunAsync(ResourceLogger logger, string file, IEnumerable<string> args, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(file, args);
        using var process = new ManagedProcess(psi, logger);
        process.Start();
        return await process.Exited.WaitAsync(ct);
    }
}

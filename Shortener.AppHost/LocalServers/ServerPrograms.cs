using System.Diagnostics;

namespace Shortener.AppHost.LocalServers;

/// <summary>Finds the server programs the local mode runs: where configured, else on PATH, else where Debian and others install them.</summary>
internal static class ServerPrograms
{
    public const string PostgresAccount = "postgres";

    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>PostgreSQL's server tools (initdb, postgres), which Debian keeps off PATH under /usr/lib/postgresql/N/bin.</summary>
    public static string? PostgresBinDirectory(string? configured)
    {
        if (configured is not null) return HasPostgres(configured) ? configured : null;
        var onPath = OnPath("initdb");
        if (onPath is not null && HasPostgres(Path.GetDirectoryName(onPath)!)) return Path.GetDirectoryName(onPath);
        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var version) ? version : 0)
                .Select(d => Path.Combine(d, "bin"))
            : [];
        return debian.Concat(["/usr/local/pgsql/bin", "/usr/pgsql/bin", "/opt/homebrew/bin"]).FirstOrDefault(HasPostgres);
    }

    public static string? RedisServer(string? configured) => configured is not null
        ? File.Exists(configured) ? configured : null
        : OnPath("redis-server") ?? new[] { "/usr/bin", "/usr/local/bin", "/usr/sbin", "/opt/homebrew/bin" }
            .Select(d => Path.Combine(d, "redis-server")).FirstOrDefault(File.Exists);

    /// <summary>docker or podman, when one is installed and its engine answers within a few seconds.</summary>
    public static bool ContainerEngineAnswers()
    {
        foreach (var engine in new[] { "docker", "podman" })
        {
            if (OnPath(engine) is not { } exe) continue;
            try
            {
                using var process = Process.Start(new ProcessStartInfo(exe, ["info", "--format", "{{.ServerVersion}}"])
                {
                    RedirectStandardOutput = true, RedirectStandardError = true,
                });
                if (process is null) continue;
                if (process.WaitForExit(5000) && process.ExitCode == 0) return true;
                process.Kill(entireProcessTree: true);
            }
            catch (System.ComponentModel.Win32Exception) { }
        }
        return false;
    }

    private static bool HasPostgres(string directory) =>
        File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "postgres"));

    private static string? OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH")?.Split(':', StringSplitOptions.RemoveEmptyEntries) ?? [])
        .Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);
}

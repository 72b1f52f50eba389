using System.Text.Json.Nodes;

namespace Shortener.Bench;

internal static class Machine
{
    public static JsonObject Describe()
    {
        var cpuinfo = File.ReadAllLines("/proc/cpuinfo");
        var model = cpuinfo.FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        var memKb = long.Parse(File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        return new JsonObject
        {
            ["nproc"] = Environment.ProcessorCount,
            ["loadavg_at_start"] = string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)),
            ["cpu"] = model,
            ["memory_gb"] = Math.Round(memKb / 1024.0 / 1024.0, 1),
            ["kernel"] = File.ReadAllText("/proc/sys/kernel/osrelease").Trim(),
            ["dotnet"] = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
            ["wrk"] = Wrk.Version(),
            ["postgres"] = Shell.Run(PostgresBinary(), ["--version"]).Trim(),
            ["redis"] = Shell.Run("redis-server", ["--version"]).Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(s => s.StartsWith("v=", StringComparison.Ordinal)) ?? "",
        };
    }

    private static string PostgresBinary() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", "postgres")).Where(File.Exists).OrderDescending().FirstOrDefault() ?? "postgres"
            : "postgres";
}

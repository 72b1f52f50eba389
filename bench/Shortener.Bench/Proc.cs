using System.Runtime.InteropServices;

namespace Shortener.Bench;

/// <summary>What /proc says about processes and the machine: process trees, CPU ticks, resident memory.</summary>
internal static partial class Proc
{
    public const int SigInt = 2, SigKill = 9, SigTerm = 15, SigCont = 18, SigStop = 19;

    /// <summary>Clock ticks per second for /proc/*/stat (USER_HZ; 100 on Linux everywhere that matters).</summary>
    private const double TicksPerSecond = 100.0;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SysKill(int pid, int signal);

    public static bool Signal(int pid, int signal) => SysKill(pid, signal) == 0;

    public static bool Exists(int pid) => Directory.Exists($"/proc/{pid}");

    public static string Comm(int pid) => Read($"/proc/{pid}/comm")?.Trim() ?? "";

    public static string CommandLine(int pid) => Read($"/proc/{pid}/cmdline")?.Replace('\0', ' ').Trim() ?? "";

    public static Dictionary<string, string> Environment(int pid)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in (Read($"/proc/{pid}/environ") ?? "").Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            if (eq > 0) env[pair[..eq]] = pair[(eq + 1)..];
        }
        return env;
    }

    /// <summary>(ppid, user+system ticks) from /proc/pid/stat; the command name may hold spaces, so parse after ')'.</summary>
    public static (int Ppid, long Ticks)? Stat(int pid)
    {
        var stat = Read($"/proc/{pid}/stat");
        if (stat is null) return null;
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is state (field 3); ppid is field 4, utime 14, stime 15.
        return (int.Parse(fields[1]), long.Parse(fields[11]) + long.Parse(fields[12]));
    }

    /// <summary>A line of /proc/pid/status in kB (VmRSS, VmHWM), or null when the process is gone.</summary>
    public static long? StatusKb(int pid, string field)
    {
        var status = Read($"/proc/{pid}/status");
        if (status is null) return null;
        foreach (var line in status.Split('\n'))
        {
            if (!line.StartsWith(field + ":", StringComparison.Ordinal)) continue;
            return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0]);
        }
        return null;
    }

    public static IEnumerable<int> All() =>
        Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(n => n!.All(char.IsAsciiDigit)).Select(n => int.Parse(n!));

    /// <summary>Every live descendant of <paramref name="root"/>, with its parent.</summary>
    public static List<int> Descendants(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var pid in All())
            if (Stat(pid) is { } s) parents[pid] = s.Ppid;
        var result = new List<int>();
        var frontier = new Queue<int>([root]);
        while (frontier.Count > 0)
        {
            var p = frontier.Dequeue();
            foreach (var (child, parent) in parents)
            {
                if (parent != p) continue;
                result.Add(child);
                frontier.Enqueue(child);
            }
        }
        return result;
    }

    public static double Seconds(long ticks) => ticks / TicksPerSecond;

    /// <summary>(busy, total) jiffies of the whole machine, from the first line of /proc/stat.</summary>
    public static (long Busy, long Total, long[] Fields) MachineTicks()
    {
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        var idle = cpu[3] + cpu[4]; // idle + iowait
        var total = cpu.Take(8).Sum();
        return (total - idle, total, cpu);
    }

    /// <summary>user/system/softirq/steal/idle of the whole machine between two /proc/stat samples, in % of one core.</summary>
    public static System.Text.Json.Nodes.JsonObject MachineSplit(long[] start, long[] end, double wallSeconds)
    {
        double P(int i) => Math.Round(Seconds(end[i] - start[i]) / wallSeconds * 100, 1);
        return new() { ["user"] = P(0) + P(1), ["system"] = P(2), ["softirq"] = P(6) + P(5), ["steal"] = P(7), ["idle"] = P(3) + P(4) };
    }

    private static string? Read(string path)
    {
        try { return File.ReadAllText(path); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }
}

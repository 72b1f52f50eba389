namespace Shortener.Hosting;

/// <summary>
/// Collects a resource's output: the last lines in memory (for crash reports and tests), every line in a log file,
/// and, outside tests, on the console prefixed with the resource's name in its colour.
/// </summary>
public sealed class ResourceLogger : IDisposable
{
    private static readonly Lock s_console = new();
    private static readonly string[] s_colours = ["\e[36m", "\e[32m", "\e[35m", "\e[33m", "\e[34m", "\e[96m", "\e[92m", "\e[95m"];
    private static int s_nextColour;

    private readonly Queue<string> _tail = new();
    private readonly int _tailSize;
    private readonly StreamWriter? _file;
    private readonly bool _echo;
    private readonly string _prefix;

    public ResourceLogger(string name, string? logFile, bool echo, int tailSize = 400)
    {
        Name = name;
        _tailSize = tailSize;
        _echo = echo;
        var colour = s_colours[Interlocked.Increment(ref s_nextColour) % s_colours.Length];
        var plain = $"{name,-10}|";
        _prefix = UseColour ? $"{colour}{plain}\e[0m " : plain + " ";
        if (logFile is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
            _file = new StreamWriter(new FileStream(logFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        }
    }

    public string Name { get; }

    private static bool UseColour => !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;

    public void Write(string line)
    {
        lock (_tail)
        {
            _tail.Enqueue(line);
            while (_tail.Count > _tailSize) _tail.Dequeue();
            _file?.WriteLine(line);
        }
        if (_echo)
        {
            lock (s_console) Console.Out.WriteLine(_prefix + line);
        }
    }

    public IReadOnlyList<string> Tail(int lines)
    {
        lock (_tail) return _tail.Skip(Math.Max(0, _tail.Count - lines)).ToList();
    }

    public void Dispose()
    {
        lock (_tail) _file?.Dispose();
    }

    /// <summary>The AppHost's own messages, prefixed like a resource's.</summary>
    public static void AppHost(string message, bool echo = true)
    {
        if (!echo) return;
        var prefix = UseColour ? "\e[1mapphost   |\e[0m " : "apphost   | ";
        lock (s_console) Console.Out.WriteLine(prefix + message);
    }
}

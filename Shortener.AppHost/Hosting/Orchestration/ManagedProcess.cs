using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Shortener.Hosting;

/// <summary>One child process: output piped to its resource's logger, stopped by signal, killed when it will not stop.</summary>
internal sealed partial class ManagedProcess : IDisposable
{
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    private readonly Process _process;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ManagedProcess(ProcessStartInfo startInfo, ResourceLogger logger)
    {
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.RedirectStandardInput = true; // our stdin (and Ctrl+C at a terminal) stays the AppHost's
        startInfo.UseShellExecute = false;
        _process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) logger.Write(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) logger.Write(e.Data); };
        _process.Exited += (_, _) =>
        {
            // WaitForExit() with no timeout also drains the redirected output before we report the exit.
            _process.WaitForExit();
            _exited.TrySetResult(_process.ExitCode);
        };
    }

    public int Id { get; private set; }
    public Task<int> Exited => _exited.Task;

    public void Start()
    {
        _process.Start();
        Id = _process.Id;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public void Signal(int signal)
    {
        if (!_exited.Task.IsCompleted) _ = kill(Id, signal);
    }

    /// <summary>Sends <paramref name="signal"/>, then kills the whole tree if it has not exited within <paramref name="timeout"/>.</summary>
    public async Task<int> StopAsync(int signal, TimeSpan timeout)
    {
        Signal(signal);
        try
        {
            return await Exited.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            return await Exited;
        }
    }

    public void Dispose() => _process.Dispose();

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);
}

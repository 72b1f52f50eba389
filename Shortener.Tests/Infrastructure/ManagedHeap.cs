using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Shortener.Tests.Infrastructure;

/// <summary>
/// The managed heap of a running .NET service, measured as dotnet-gcdump does: through the runtime's diagnostics port,
/// a session with the GCHeapCollect keyword makes the runtime run a full blocking collection, and its heap statistics
/// say what survived. Unlike the resident set size, this does not depend on when the GC hands memory back to the OS.
/// </summary>
public static class ManagedHeap
{
    /// <summary>Bytes on the managed heap (every generation, large and pinned objects included) after a full collection.</summary>
    public static async Task<long> AfterFullCollectionAsync(int pid, TimeSpan timeout)
    {
        var client = new DiagnosticsClient(pid);
        var providers = new[]
        {
            new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational,
                (long)(ClrTraceEventParser.Keywords.GC | ClrTraceEventParser.Keywords.GCHeapCollect)),
        };
        using var session = client.StartEventPipeSession(providers, requestRundown: false);
        using var source = new EventPipeEventSource(session.EventStream);
        var measured = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var fullBlockingCollection = false;
        source.Clr.GCStart += e => fullBlockingCollection |= e.Depth == 2 && e.Type != GCType.BackgroundGC;
        source.Clr.GCHeapStats += e =>
        {
            if (fullBlockingCollection) measured.TrySetResult(e.TotalHeapSize);
        };
        var processing = Task.Run(source.Process);
        try
        {
            return await measured.Task.WaitAsync(timeout);
        }
        finally
        {
            await session.StopAsync(CancellationToken.None);
            await processing;
        }
    }
}

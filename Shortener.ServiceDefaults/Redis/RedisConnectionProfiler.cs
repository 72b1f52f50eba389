using System.Collections.Concurrent;
using System.Diagnostics;
using StackExchange.Redis;
using StackExchange.Redis.Profiling;

namespace Shortener.ServiceDefaults.Redis;

/// <summary>
/// Records the commands of one multiplexer through StackExchange.Redis's profiling hook and turns
/// them into spans, as OpenTelemetry.Instrumentation.StackExchangeRedis does: one profiling session
/// per parent activity, drained periodically once that activity has ended.
/// </summary>
internal sealed class RedisConnectionProfiler : IDisposable
{
    private readonly ConcurrentDictionary<(ActivityTraceId, ActivitySpanId), ParentSession> _sessions = new();
    private readonly ProfilingSession _withoutParent = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _drainLoop;
    private int _disposed;

    public RedisConnectionProfiler(IConnectionMultiplexer connection, TimeSpan flushInterval, TimeProvider timeProvider)
    {
        // The loop must not inherit this thread's Activity.Current (the multiplexer is often created
        // inside a request) or baggage.
        using (ExecutionContext.SuppressFlow())
        {
            _drainLoop = Task.Run(() => DrainLoopAsync(flushInterval, timeProvider));
        }

        connection.RegisterProfiler(SessionForCurrentActivity);
    }

    /// <summary>Called by StackExchange.Redis for every command it sends; null means "don't profile this one".</summary>
    private ProfilingSession? SessionForCurrentActivity()
    {
        // Profiling costs an allocation per command; skip it when nobody would receive the spans.
        if (Volatile.Read(ref _disposed) != 0 || !RedisCommandSpans.Source.HasListeners())
        {
            return null;
        }

        var parent = Activity.Current;
        if (parent is null || parent.IdFormat != ActivityIdFormat.W3C)
        {
            return _withoutParent;
        }

        return _sessions.GetOrAdd((parent.TraceId, parent.SpanId), static (_, activity) => new ParentSession(activity), parent).Session;
    }

    /// <summary>Emits the spans of finished parents (and of commands without a parent); with <paramref name="all"/>, of every parent.</summary>
    internal void Flush(bool all = false)
    {
        RedisCommandSpans.Emit(null, _withoutParent.FinishProfiling());

        foreach (var (key, entry) in _sessions)
        {
            var finished = entry.Parent.Duration != TimeSpan.Zero;
            if (!finished && !all)
            {
                continue;
            }

            // A command joins its session when it completes, so a fire-and-forget command can land
            // after its parent ended: keep the session one more round before letting it go.
            if (all || entry.DrainedAfterFinish)
            {
                _sessions.TryRemove(key, out _);
            }
            else
            {
                entry.DrainedAfterFinish = true;
            }

            RedisCommandSpans.Emit(entry.Parent, entry.Session.FinishProfiling());
        }
    }

    private async Task DrainLoopAsync(TimeSpan interval, TimeProvider timeProvider)
    {
        using var timer = new PeriodicTimer(interval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                try
                {
                    Flush();
                }
                catch (Exception)
                {
                    // Telemetry is best effort: a listener that throws once must not end the spans of every later command.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopping.Cancel();
        _drainLoop.GetAwaiter().GetResult();
        Flush(all: true);
        _stopping.Dispose();
    }

    private sealed class ParentSession(Activity parent)
    {
        public Activity Parent { get; } = parent;
        public ProfilingSession Session { get; } = new();
        public bool DrainedAfterFinish { get; set; }
    }
}

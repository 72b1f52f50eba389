using StackExchange.Redis;

namespace Shortener.ServiceDefaults.Redis;

/// <summary>
/// Owns the profilers of every traced multiplexer, so the container flushes their last spans when it
/// is disposed. Resolved only when a multiplexer is created: resolving it at tracer start-up would
/// not force a connection, unlike the OpenTelemetry package's AddRedisInstrumentation().
/// </summary>
internal sealed class RedisTracing(TimeProvider timeProvider) : IDisposable
{
    // OpenTelemetry's package waits 10 s; one second keeps Redis spans in step with the 1 s batch
    // export delay the AppHost sets in development, for the cost of a dictionary scan.
    internal static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);

    private readonly List<RedisConnectionProfiler> _profilers = [];

    public void Attach(IConnectionMultiplexer connection)
    {
        lock (_profilers)
        {
            _profilers.Add(new RedisConnectionProfiler(connection, FlushInterval, timeProvider));
        }
    }

    public void Dispose()
    {
        lock (_profilers)
        {
            foreach (var profiler in _profilers)
            {
                profiler.Dispose();
            }

            _profilers.Clear();
        }
    }
}

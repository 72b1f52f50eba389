using System.Text.Json;
using StackExchange.Redis;

namespace Shortener.Core.Clicks;

/// <summary>Where workers report themselves in Redis, for the api's /worker endpoints.</summary>
public static class WorkerStatusKeys
{
    /// <summary>A hash: consumer name → JSON <see cref="WorkerHeartbeat"/>, rewritten every two seconds by each worker.</summary>
    public const string Heartbeats = "worker:heartbeats";

    /// <summary>A worker whose last heartbeat is older than this is not live.</summary>
    public static readonly TimeSpan HeartbeatStale = TimeSpan.FromSeconds(15);

    /// <summary>A ping is a stream entry with this field; the worker answers by setting worker:pong:{id}.</summary>
    public const string PingField = "ping";

    /// <inheritdoc cref="PingField"/>
    public static ReadOnlySpan<byte> PingFieldUtf8 => "ping"u8;

    public static string Pong(string pingId) => $"worker:pong:{pingId}";

    /// <summary>Every heartbeat in <see cref="Heartbeats"/>, live or not.</summary>
    public static async Task<IReadOnlyList<WorkerHeartbeat>> ReadHeartbeatsAsync(this IDatabase db) =>
        (await db.HashGetAllAsync(Heartbeats)).Select(e => JsonSerializer.Deserialize<WorkerHeartbeat>((string)e.Value!)!).ToList();
}

/// <param name="Throughput">Clicks stored per second over the last interval.</param>
public sealed record WorkerHeartbeat(string Consumer, DateTimeOffset At, DateTimeOffset? LastBatchAt, int LastBatchSize,
    long Processed, long DeadLettered, double Throughput);

using Shortener.Core.Clicks;
using StackExchange.Redis;

namespace Shortener.Api.Workers;

/// <summary>Sends a ping through clicks:stream, the way clicks travel, and waits for a worker to answer it.</summary>
public sealed class WorkerPinger(IConnectionMultiplexer redis, TimeProvider time)
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(20);

    public async Task<PingResult?> PingAsync(CancellationToken ct)
    {
        var db = redis.GetDatabase();
        var id = Guid.NewGuid().ToString("N");
        var started = time.GetTimestamp();
        await db.StreamAddAsync(ClickStream.Key, WorkerStatusKeys.PingField, id);
        while (time.GetElapsedTime(started) < s_wait)
        {
            var answer = await db.StringGetDeleteAsync(WorkerStatusKeys.Pong(id));
            if (!answer.IsNull) return new PingResult(id, answer!, time.GetElapsedTime(started).TotalMilliseconds);
            await Task.Delay(s_poll, time, ct);
        }
        return null;
    }
}

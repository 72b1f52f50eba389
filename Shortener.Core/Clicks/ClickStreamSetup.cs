using StackExchange.Redis;

namespace Shortener.Core.Clicks;

/// <summary>Creates the stream and its consumer group if missing; both producer and consumer call it, so start order doesn't matter.</summary>
public sealed class ClickStreamSetup(IConnectionMultiplexer redis)
{
    public async Task EnsureAsync()
    {
        try
        {
            // From "0", not "$": clicks queued before the group existed must still be consumed.
            await redis.GetDatabase().StreamCreateConsumerGroupAsync(ClickStream.Key, ClickStream.ConsumerGroup, "0", createStream: true);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
        }
    }
}

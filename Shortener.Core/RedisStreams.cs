using StackExchange.Redis;

namespace Shortener.Core;

public static class RedisStreams
{
    /// <summary>
    /// Creates the stream and the consumer group if either is missing. From "0", not "$": entries appended before the
    /// group existed are still delivered, so producers and consumers may start in any order.
    /// </summary>
    public static async Task EnsureConsumerGroupAsync(this IDatabase db, RedisKey stream, RedisValue group)
    {
        try
        {
            await db.StreamCreateConsumerGroupAsync(stream, group, "0", createStream: true);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
        }
    }
}

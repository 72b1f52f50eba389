using StackExchange.Redis;

namespace Shortener.Core.Streams;

/// <summary>Creates a pipeline's stream and consumer group if missing; producers and consumers both call it, so start order doesn't matter.</summary>
public class StreamSetup(IConnectionMultiplexer redis, StreamPipeline pipeline)
{
    public StreamPipeline Pipeline => pipeline;

    public Task EnsureAsync() => redis.GetDatabase().EnsureConsumerGroupAsync(pipeline.Key, pipeline.ConsumerGroup);
}

using Shortener.Core.Streams;
using StackExchange.Redis;

namespace Shortener.Core.Events;

/// <summary>Redis key names of the site-event pipeline, the click pipeline's twin.</summary>
public static class EventStream
{
    public static readonly StreamPipeline Pipeline = new("events", "events:stream", "event-workers", "events:dlq");
}

public sealed class EventStreamSetup(IConnectionMultiplexer redis) : StreamSetup(redis, EventStream.Pipeline);

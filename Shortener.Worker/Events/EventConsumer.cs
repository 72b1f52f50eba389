using Microsoft.Extensions.Options;
using Shortener.Core.Events;
using Shortener.Worker.Pipeline;
using StackExchange.Redis;

namespace Shortener.Worker.Events;

/// <summary>Drains events:stream through the event-workers group (see <see cref="StreamConsumer{T}"/>).</summary>
public sealed class EventConsumer(IConnectionMultiplexer redis, EventStreamSetup stream, EventBatchProcessor processor,
    EventConsumerHeartbeat heartbeat, IOptions<EventConsumerOptions> options, TimeProvider time, ILogger<EventConsumer> logger)
    : StreamConsumer<SiteEvent>(redis, stream, processor, heartbeat, options.Value, time, logger);

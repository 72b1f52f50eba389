using Microsoft.Extensions.Options;
using Shortener.Core.Clicks;
using Shortener.Worker.Clicks;
using Shortener.Worker.Pipeline;
using StackExchange.Redis;

namespace Shortener.Worker.Services;

/// <summary>Drains clicks:stream through the click-workers group (see <see cref="StreamConsumer{T}"/>).</summary>
public sealed class ClickConsumer(IConnectionMultiplexer redis, ClickStreamSetup stream, ClickBatchProcessor processor,
    ConsumerHeartbeat heartbeat, IOptions<ClickConsumerOptions> options, TimeProvider time, ILogger<ClickConsumer> logger)
    : StreamConsumer<ClickEvent>(redis, stream, processor, heartbeat, options.Value, time, logger);

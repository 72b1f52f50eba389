using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Shortener.Api.Clicks;
using Shortener.Api.Pipeline;
using Shortener.Core.Events;
using Shortener.Core.Streams;
using StackExchange.Redis;

namespace Shortener.Api.Events;

/// <summary>The events this api instance sent and no worker has acknowledged yet.</summary>
public sealed class SentEventsLog(int maxHeld) : SentLog<SiteEvent>(maxHeld);

/// <summary>Moves buffered events to events:stream, as clicks go to clicks:stream (see <see cref="StreamFlusher{T}"/>).</summary>
public sealed class EventFlusher(EventBuffer buffer, SentEventsLog sent, RedisLossReporter losses, IConnectionMultiplexer redis,
    EventStreamSetup stream, IOptions<EventOptions> options, IOptions<ClickReplayOptions> replay, IMeterFactory meters,
    TimeProvider time, ILogger<EventFlusher> logger)
    : StreamFlusher<SiteEvent>(buffer, sent, losses, redis, stream, EventPackCodec.Instance,
        new StreamFlusherSettings(options.Value.BatchSize, options.Value.EventsPerEntry, replay.Value.CheckInterval), meters, time, logger);

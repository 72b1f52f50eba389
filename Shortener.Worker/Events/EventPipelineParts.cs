using System.Diagnostics.Metrics;
using Shortener.Core.Events;
using Shortener.Worker.Clicks;
using Shortener.Worker.Pipeline;
using Shortener.Worker.Services;

namespace Shortener.Worker.Events;

/// <summary>The event pipeline's counters (Shortener.Worker.Events, shortener.events.*).</summary>
public sealed class EventMetrics(IMeterFactory meters) : WorkerMetrics(meters, "Shortener.Worker.Events", "events");

/// <summary>The event pipeline's dead letters, in events:dlq.</summary>
public sealed class EventDeadLetters(EventMetrics metrics, TimeProvider time, ILogger<EventDeadLetters> logger)
    : DeadLetters<SiteEvent>(EventStream.Pipeline, EventPackCodec.Instance, metrics, time, logger);

/// <summary>The event consumer's loop beats here; it is a health check of its own.</summary>
public sealed class EventConsumerHeartbeat(TimeProvider time) : ConsumerHeartbeat(time)
{
    protected override string What => "event consumer";
}

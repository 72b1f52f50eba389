using System.Diagnostics;
using Microsoft.Extensions.Options;
using Shortener.Core.Events;
using Shortener.Worker.Clicks;
using Shortener.Worker.Pipeline;
using StackExchange.Redis;

namespace Shortener.Worker.Events;

/// <summary>The event pipeline's batches (see <see cref="StreamBatchProcessor{T}"/>), stored by <see cref="EventWriter"/>.</summary>
public sealed class EventBatchProcessor(EventWriter writer, EventDeadLetters deadLetters, EventMetrics metrics,
    IOptions<EventConsumerOptions> options, IOptions<ChaosOptions> chaos, TimeProvider time)
    : StreamBatchProcessor<SiteEvent>(EventStream.Pipeline, EventPackCodec.Instance, deadLetters, metrics, options.Value, chaos.Value, time)
{
    protected override IBatchPart<SiteEvent> BeginPart(int count) => new Part(writer);

    protected override Activity? StartBatchActivity(IEnumerable<SiteEvent> events)
    {
        var activity = WorkerActivities.Source.StartActivity("events.store", ActivityKind.Consumer);
        activity?.SetTag("messaging.system", "redis");
        activity?.SetTag("messaging.destination.name", EventStream.Pipeline.Key);
        return activity;
    }

    private sealed class Part(EventWriter writer) : IBatchPart<SiteEvent>
    {
        public Task WriteAsync(IReadOnlyList<SiteEvent> events, bool mayBeStored, Func<Task>? beforeCommit, CancellationToken ct) =>
            writer.WriteAsync(events, mayBeStored, beforeCommit, ct);

        public Task OnCommittedAsync(IBatch ack) => Task.CompletedTask;

        public void Dispose()
        {
        }
    }
}

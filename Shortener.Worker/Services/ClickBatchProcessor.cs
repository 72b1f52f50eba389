using System.Diagnostics;
using Microsoft.Extensions.Options;
using Shortener.Core.Clicks;
using Shortener.Worker.Clicks;
using Shortener.Worker.Pipeline;
using StackExchange.Redis;

namespace Shortener.Worker.Services;

/// <summary>
/// The click pipeline's batches (see <see cref="StreamBatchProcessor{T}"/>): pings are answered, clicks are enriched and
/// stored by <see cref="ClickWriter"/>, and the clicks a part inserted go to the <see cref="ICommittedClicksHandler"/>s
/// with its acknowledgement.
/// </summary>
public sealed class ClickBatchProcessor(ClickWriter writer, DeadLetters deadLetters, WorkerMetrics metrics,
    IEnumerable<ICommittedClicksHandler> committedHandlers, IOptions<ClickConsumerOptions> options, IOptions<ChaosOptions> chaos,
    TimeProvider time, ILogger<ClickBatchProcessor> logger)
    : StreamBatchProcessor<ClickEvent>(ClickStream.Pipeline, ClickCodec.Instance, deadLetters, metrics, options.Value, chaos.Value, time)
{
    private readonly ClickWriter _writer = writer;
    private readonly ICommittedClicksHandler[] _committedHandlers = [.. committedHandlers];

    protected override async Task<bool> HandleControlAsync(IDatabase db, string consumer, StreamEntry entry)
    {
        if (StreamFields.Get(entry.Values, WorkerStatusKeys.PingFieldUtf8) is not { IsNull: false } ping) return false;
        await db.StringSetAsync(WorkerStatusKeys.Pong(ping!), consumer, TimeSpan.FromMinutes(1));
        return true;
    }

    protected override void CheckPoison(IEnumerable<ClickEvent> clicks)
    {
        if (ChaosSwitches.PoisonLinkId is { } poison && clicks.Any(c => c.LinkId == poison))
            throw new InvalidOperationException($"Chaos: a click of link {poison} fails its batch (test switch).");
    }

    protected override IBatchPart<ClickEvent> BeginPart(int count) => new Part(this, new StoredClicks(count));

    /// <summary>One span per batch, child of the redirect's trace when the batch has one click, linked to all of them otherwise.</summary>
    protected override Activity? StartBatchActivity(IEnumerable<ClickEvent> clicks)
    {
        var links = clicks.Select(c => ActivityContext.TryParse(c.TraceParent, null, out var ctx) ? ctx : default)
            .Where(ctx => ctx != default).Take(128).Select(ctx => new ActivityLink(ctx)).ToList();
        var parent = links.Count == 1 ? links[0].Context : default;
        var activity = WorkerActivities.Source.StartActivity("clicks.store", ActivityKind.Consumer, parent, links: links.Count > 1 ? links : null);
        activity?.SetTag("messaging.system", "redis");
        activity?.SetTag("messaging.destination.name", ClickStream.Key);
        return activity;
    }

    /// <summary>One part's stored clicks, handed to the handlers once committed.</summary>
    private sealed class Part(ClickBatchProcessor processor, StoredClicks stored) : IBatchPart<ClickEvent>
    {
        public Task WriteAsync(IReadOnlyList<ClickEvent> clicks, bool mayBeStored, Func<Task>? beforeCommit, CancellationToken ct) =>
            processor._writer.WriteAsync(clicks, mayBeStored, stored, beforeCommit, ct);

        public async Task OnCommittedAsync(IBatch ack)
        {
            Task[] handled = stored.Count == 0 ? [] : [.. processor._committedHandlers.Select(h => Start(h, ack, stored))];
            await processor.AwaitHandlersAsync(handled);
        }

        public void Dispose() => stored.Dispose();
    }

    private static Task Start(ICommittedClicksHandler handler, IBatch ack, StoredClicks stored)
    {
        try
        {
            return handler.OnCommittedAsync(ack, stored);
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
    }

    /// <summary>The clicks are stored whatever a handler did: its failure is logged and counted, and the batch goes on.</summary>
    private async Task AwaitHandlersAsync(Task[] handled)
    {
        for (var i = 0; i < handled.Length; i++)
        {
            try
            {
                await handled[i];
            }
            catch (Exception e)
            {
                Metrics.CommittedHandlerFailed();
                logger.LogWarning(e, "{Handler} failed after a commit; the batch's clicks are stored", _committedHandlers[i].GetType().Name);
            }
        }
    }
}

using System.Diagnostics.Metrics;

namespace Shortener.Worker.Clicks;

/// <summary>A pipeline's counters (this class: the click pipeline's), and the totals the heartbeat reports.</summary>
public class WorkerMetrics
{
    public const string MeterName = "Shortener.Worker.Clicks";

    private readonly Counter<long> _processed;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _deadLettered;
    private readonly Counter<long> _committedHandlerFailed;
    private readonly Histogram<double> _batchDuration;
    private long _processedTotal;
    private long _deadLetteredTotal;
    private long _lastBatchAt;
    private int _lastBatchSize;

    public WorkerMetrics(IMeterFactory meters) : this(meters, MeterName, "clicks")
    {
    }

    /// <param name="kind">The pipeline's name, plural, in the metrics' names.</param>
    protected WorkerMetrics(IMeterFactory meters, string meterName, string kind)
    {
        var meter = meters.Create(meterName);
        _processed = meter.CreateCounter<long>($"shortener.{kind}.processed", description: $"{kind} stored (or found already stored)");
        _retried = meter.CreateCounter<long>($"shortener.{kind}.retried", description: $"{kind} in batches that failed and will be read again");
        _deadLettered = meter.CreateCounter<long>($"shortener.{kind}.dead_lettered", description: $"Entries moved to {kind}:dlq");
        _committedHandlerFailed = meter.CreateCounter<long>($"shortener.{kind}.after_commit_failures",
            description: $"Times a handler of committed {kind} (the live feed) failed; they were stored all the same");
        _batchDuration = meter.CreateHistogram<double>($"shortener.{kind}.batch.duration", unit: "s", description: "Time to store and acknowledge a batch");
        meter.CreateObservableGauge($"shortener.{kind}.lag", () => Lag, description: "Stream entries not yet delivered to the group");
    }

    public long Processed => Interlocked.Read(ref _processedTotal);
    public long DeadLettered => Interlocked.Read(ref _deadLetteredTotal);
    public DateTimeOffset? LastBatchAt => Interlocked.Read(ref _lastBatchAt) is var t and > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(t) : null;
    public int LastBatchSize => Volatile.Read(ref _lastBatchSize);

    /// <summary>Set by the status reporter from XINFO GROUPS.</summary>
    public long Lag { get; set; }

    public void BatchStored(int size, TimeSpan duration, DateTimeOffset at)
    {
        _processed.Add(size);
        _batchDuration.Record(duration.TotalSeconds);
        Interlocked.Add(ref _processedTotal, size);
        Interlocked.Exchange(ref _lastBatchAt, at.ToUnixTimeMilliseconds());
        Volatile.Write(ref _lastBatchSize, size);
    }

    public void BatchFailed(int size) => _retried.Add(size);

    public void CommittedHandlerFailed() => _committedHandlerFailed.Add(1);

    public void DeadLetter()
    {
        _deadLettered.Add(1);
        Interlocked.Increment(ref _deadLetteredTotal);
    }
}

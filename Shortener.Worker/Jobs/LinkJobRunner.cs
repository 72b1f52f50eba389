using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Npgsql;
using Shortener.Core.Alerts;
using Shortener.Worker.Alerts;
using Shortener.Worker.Extensions;

namespace Shortener.Worker.Jobs;

/// <summary>
/// Runs link jobs: (a) fetch the target's preview, (b) queue the link.created / link.updated deliveries. Each attempt
/// skips the steps already done (Redis flag first, then PostgreSQL) and stops at the first that fails, to be tried
/// again after an exponential backoff with jitter, up to MaxAttempts; on the last attempt step (b) runs even when (a)
/// failed, so a target that never answers still gets its webhooks, without a preview. Starts are limited to
/// PermitsPerSecond and Concurrency jobs run at once. The AfterFailedAttempts-th failed attempt raises an alert.
/// </summary>
public sealed class LinkJobRunner : BackgroundService
{
    public const string MeterName = "Shortener.Worker.Jobs";

    private readonly LinkJobQueue _queue;
    private readonly StepFlags _flags;
    private readonly PreviewFetcher _previews;
    private readonly AlertRaiser _alerts;
    private readonly JobOptions _options;
    private readonly AlertOptions _alertOptions;
    private readonly TimeProvider _time;
    private readonly ILogger<LinkJobRunner> _logger;
    private readonly Counter<long> _attempts;

    public LinkJobRunner(LinkJobQueue queue, StepFlags flags, PreviewFetcher previews, AlertRaiser alerts, IOptions<JobOptions> options,
        IOptions<AlertOptions> alertOptions, TimeProvider time, ILogger<LinkJobRunner> logger, IMeterFactory meters)
    {
        (_queue, _flags, _previews, _alerts, _options, _alertOptions, _time, _logger) =
            (queue, flags, previews, alerts, options.Value, alertOptions.Value, time, logger);
        _attempts = meters.Create(MeterName).CreateCounter<long>("shortener.jobs.attempts", description: "Link job attempts, by status afterwards");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var limiter = PerSecondLimiter.Create(_options.PermitsPerSecond);
        using var slots = new SemaphoreSlim(_options.Concurrency);
        var running = new List<Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await slots.WaitAsync(stoppingToken);
                LinkJob? job = null;
                try
                {
                    using var permit = await limiter.AcquireAsync(1, stoppingToken);
                    var now = _time.GetUtcNow();
                    job = await _queue.ClaimAsync(now, now + _options.Lease, stoppingToken);
                }
                catch (NpgsqlException e)
                {
                    _logger.LogWarning(e, "Could not claim a link job; trying again at the next poll");
                }
                if (job is null)
                {
                    slots.Release();
                    await Task.Delay(_options.PollInterval, _time, stoppingToken);
                    continue;
                }
                running.RemoveAll(t => t.IsCompleted);
                running.Add(Task.Run(async () =>
                {
                    try
                    {
                        await RunAsync(job, stoppingToken);
                    }
                    finally
                    {
                        slots.Release();
                    }
                }, CancellationToken.None));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await Task.WhenAll(running);
    }

    private async Task RunAsync(LinkJob job, CancellationToken ct)
    {
        try
        {
            if (job.LinkDeleted)
            {
                await _queue.FinishAsync(job, "done", "The link was deleted before its job ran: nothing to do.", null, _time.GetUtcNow(), ct);
                return;
            }
            var (status, error) = await AttemptAsync(job, ct);
            var next = status == "pending" ? _time.GetUtcNow() + Backoff(job.Attempt) : (DateTimeOffset?)null;
            await _queue.FinishAsync(job, status, error, next, _time.GetUtcNow(), ct);
            _attempts.Add(1, new KeyValuePair<string, object?>("status", status));
            if (error is null) return;
            _logger.LogWarning("Link job {Job} (link {Link}) attempt {Attempt} of {Max} failed: {Error}", job.Id, job.LinkId, job.Attempt,
                _options.MaxAttempts, error);
            if (job.Attempt >= _alertOptions.AfterFailedAttempts)
                await _alerts.RaiseAsync(AlertKinds.LinkJobFailing, AlertKinds.Job(job.Id),
                    $"Link job {job.Id} ({job.Event} of link {job.LinkId}, {job.Url}) failed attempt {job.Attempt} of {_options.MaxAttempts}: {error}", ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping: the job is taken up again when its lease ends.
        }
        catch (Exception e)
        {
            // The job's own records could not be written (PostgreSQL away): it is taken up again when its lease ends.
            _logger.LogError(e, "Link job {Job} attempt {Attempt} could not be recorded", job.Id, job.Attempt);
        }
    }

    /// <returns>The job's status after this attempt (pending, done or failed) and, when a step failed, why.</returns>
    private async Task<(string Status, string? Error)> AttemptAsync(LinkJob job, CancellationToken ct)
    {
        if (job.Attempt > _options.MaxAttempts) return ("failed", "The worker running its last attempt stopped before it finished.");
        var last = job.Attempt >= _options.MaxAttempts;
        IReadOnlySet<string>? doneInDatabase = null;
        string? error = null;
        foreach (var step in new[] { LinkJobQueue.PreviewStep, LinkJobQueue.WebhooksStep })
        {
            if (await _flags.IsDoneAsync(job.Id, step)) continue;
            doneInDatabase ??= await _queue.DoneStepsAsync(job.Id, ct);
            if (doneInDatabase.Contains(step))
            {
                await _flags.SetDoneAsync(job.Id, step);
                continue;
            }
            if (error is not null && !last) break;
            try
            {
                await RunStepAsync(job, step, ct);
                await _flags.SetDoneAsync(job.Id, step);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                var why = e is PreviewFailedException ? e.Message : $"{e.GetType().Name}: {e.Message}";
                await _queue.StepFailedAsync(job.Id, step, why, _time.GetUtcNow(), ct);
                error ??= $"{step}: {why}";
            }
        }
        return (error is null ? "done" : last ? "failed" : "pending", error);
    }

    private async Task RunStepAsync(LinkJob job, string step, CancellationToken ct)
    {
        if (step == LinkJobQueue.PreviewStep && !_options.Preview.Enabled)
        {
            await _queue.StepDoneAsync(job.Id, step, _time.GetUtcNow(), ct);
        }
        else if (step == LinkJobQueue.PreviewStep)
        {
            var preview = await _previews.FetchAsync(job.Url, ct);
            await _queue.StorePreviewAsync(job, preview, _time.GetUtcNow(), ct);
        }
        else
        {
            await _queue.QueueWebhooksAsync(job, _time.GetUtcNow(), ct);
        }
    }

    private TimeSpan Backoff(int attempt)
    {
        var exponential = _options.RetryBaseDelay * Math.Pow(2, Math.Min(attempt - 1, 30));
        return (exponential < _options.RetryMaxDelay ? exponential : _options.RetryMaxDelay) * (0.75 + Random.Shared.NextDouble() / 2);
    }
}

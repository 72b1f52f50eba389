using Shortener.Worker.Clicks;
using StackExchange.Redis;

namespace Shortener.Worker.Webhooks;

/// <summary>Tells the dispatcher to look for due deliveries now rather than at its next poll; wakes coalesce.</summary>
public sealed class DeliveryWakeup
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Wake()
    {
        try
        {
            if (_signal.CurrentCount == 0) _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Woken already.
        }
    }

    /// <summary>Waits for a wake or for <paramref name="interval"/>, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan interval, TimeProvider time, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var woken = _signal.WaitAsync(stop.Token);
        await Task.WhenAny(woken, Task.Delay(interval, time, stop.Token));
        await stop.CancelAsync();
        try
        {
            await woken;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // The interval ran out first.
        }
    }
}

/// <summary>
/// Once a click batch has committed, wakes the dispatcher, so its link.clicked deliveries (queued in the click
/// transaction itself, see <see cref="ClickFanout"/>) go out at once. Only a wake-up: the deliveries are already stored,
/// and a wake lost with a dying worker costs one poll interval, nothing more.
/// </summary>
public sealed class ClickDeliveriesWaker(DeliveryWakeup wakeup) : ICommittedClicksHandler
{
    public Task OnCommittedAsync(IBatch ack, StoredClicks clicks)
    {
        wakeup.Wake();
        return Task.CompletedTask;
    }
}

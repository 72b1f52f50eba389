using Microsoft.Extensions.Options;
using Shortener.Core.Live;
using Shortener.Worker.Clicks;
using StackExchange.Redis;

namespace Shortener.Worker.Live;

/// <summary>
/// Appends the clicks each batch inserted to the capped clicks:live stream, after the commit and in the round trip that
/// acknowledges the batch: what live viewers see is what was stored, enriched, and a redelivered entry never shows twice.
/// </summary>
public sealed class LiveClickPublisher(IOptions<LivePublishingOptions> options) : ICommittedClicksHandler
{
    public Task OnCommittedAsync(IBatch ack, StoredClicks clicks)
    {
        var o = options.Value;
        var span = clicks.Span;
        var added = new Task[(span.Length + o.ClicksPerEntry - 1) / o.ClicksPerEntry];
        for (var i = 0; i < added.Length; i++)
        {
            var pack = span.Slice(i * o.ClicksPerEntry, Math.Min(o.ClicksPerEntry, span.Length - i * o.ClicksPerEntry));
            added[i] = ack.StreamAddAsync(LiveClickStream.Key, LiveClickCodec.ToEntries(pack), maxLength: o.MaxLength, useApproximateMaxLength: true);
        }
        return Task.WhenAll(added);
    }
}

using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Shortener.Core.Clicks;
using Shortener.Core.Live;
using StackExchange.Redis;

namespace Shortener.Api.Live;

/// <summary>
/// The connections watching live clicks in this api instance, and the fan-out to them. The reader hands it each read of
/// clicks:live; every click is matched against every connection, made into a frame once (only when someone gets it) and
/// offered to each matching connection's bounded queue. Nothing here waits on a connection.
/// </summary>
public sealed class LiveClickHub
{
    public const string MeterName = "Shortener.Api.Live";

    private readonly IConnectionMultiplexer _redis;
    private readonly LiveLinkDirectory _links;
    private readonly IOptions<LiveOptions> _options;
    private readonly Lock _gate = new();
    private readonly List<LiveSubscription> _subscriptions = [];
    private readonly Counter<long> _gapsOpened;
    private readonly Counter<long> _sent;
    private TaskCompletionSource _watched = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private StreamEntryId? _position;
    private long _gapsTotal;

    public LiveClickHub(IConnectionMultiplexer redis, LiveLinkDirectory links, IOptions<LiveOptions> options, IMeterFactory meters)
    {
        _redis = redis;
        _links = links;
        _options = options;
        var meter = meters.Create(MeterName);
        meter.CreateObservableUpDownCounter("shortener.live.connections", () => Connections, description: "Open live-click connections");
        _gapsOpened = meter.CreateCounter<long>("shortener.live.gaps", description: "Times a live connection fell behind and skipped events");
        _sent = meter.CreateCounter<long>("shortener.live.events", description: "Click events queued for live connections");
    }

    public int Connections
    {
        get
        {
            lock (_gate) return _subscriptions.Count;
        }
    }

    /// <summary>Gaps opened for connections that fell behind, since this instance started.</summary>
    public long Gaps => Interlocked.Read(ref _gapsTotal);

    /// <summary>The last entry handed out; null until someone has watched.</summary>
    internal StreamEntryId? Position
    {
        get
        {
            lock (_gate) return _position;
        }
    }

    /// <summary>
    /// A new connection, fed every entry appended after the stream's current end (or after what was already handed out,
    /// if that is further on). Everything up to <see cref="LiveSubscription.After"/> is the caller's to read itself when
    /// it resumes.
    /// </summary>
    public async Task<LiveSubscription> SubscribeAsync(LiveFilter filter)
    {
        var end = await LastEntryAsync(_redis.GetDatabase());
        lock (_gate)
        {
            var after = _position is { } p && p > end ? p : end;
            // Nobody was watching: what was appended meanwhile is nobody's, so the reader starts afresh from here.
            if (_subscriptions.Count == 0) _position = after;
            var subscription = new LiveSubscription(filter, after, _options.Value.QueueCapacity, Unsubscribe);
            _subscriptions.Add(subscription);
            _watched.TrySetResult();
            return subscription;
        }
    }

    private void Unsubscribe(LiveSubscription subscription)
    {
        lock (_gate)
        {
            _subscriptions.Remove(subscription);
            if (_subscriptions.Count == 0) _watched = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Completes once at least one connection is open.</summary>
    internal Task WatchedAsync()
    {
        lock (_gate) return _watched.Task;
    }

    /// <summary>Fans out the entries of one read (in stream order) and moves the position past them.</summary>
    internal async Task DeliverAsync(IReadOnlyList<(StreamEntryId Id, List<LiveClick> Clicks)> entries, CancellationToken ct)
    {
        if (entries.Count == 0) return;
        var looked = false;
        while (true)
        {
            // Owners and slugs are looked up outside the lock; a connection that needs them and arrived meanwhile sends
            // this round again.
            if (!looked && NeedsDirectory())
            {
                await _links.LoadAsync(entries.SelectMany(e => e.Clicks.Select(c => c.LinkId)), ct);
                looked = true;
            }
            lock (_gate)
            {
                if (!looked && _subscriptions.Any(s => s.Filter.NeedsDirectory)) continue;
                FanOut(entries);
                return;
            }
        }
    }

    private bool NeedsDirectory()
    {
        lock (_gate) return _subscriptions.Any(s => s.Filter.NeedsDirectory);
    }

    private void FanOut(IReadOnlyList<(StreamEntryId Id, List<LiveClick> Clicks)> entries)
    {
        foreach (var (id, clicks) in entries)
            for (var i = 0; i < clicks.Count; i++)
            {
                LiveFrame? frame = null;
                // A subscription that began after this entry was appended (After >= id) gets it from its own catch-up.
                foreach (var subscription in _subscriptions)
                {
                    if (subscription.After >= id) continue;
                    if (MakeFrame(subscription.Filter, id, i, clicks[i], ref frame) is not { } f) continue;
                    _sent.Add(1);
                    if (subscription.Offer(f))
                    {
                        _gapsOpened.Add(1);
                        Interlocked.Increment(ref _gapsTotal);
                    }
                }
            }
        var last = entries[^1].Id;
        if (_position is not { } p || p < last) _position = last;
    }

    /// <summary>The frame of a click for a connection with this filter, made at most once per click; null when it does not match.</summary>
    internal LiveFrame? MakeFrame(LiveFilter filter, StreamEntryId entry, int index, LiveClick click, ref LiveFrame? made)
    {
        var link = filter.NeedsDirectory ? _links.Find(click.LinkId) : null;
        if (!filter.Matches(click, link)) return null;
        return made ??= LiveFrame.Click(new LivePosition(entry, index), click, link?.Slug ?? filter.Slug!);
    }

    internal void SendKeepAlives()
    {
        lock (_gate)
            foreach (var subscription in _subscriptions) subscription.OfferKeepAlive();
    }

    /// <summary>The id of the newest entry, or 0-0 when the stream is empty or missing.</summary>
    internal static async Task<StreamEntryId> LastEntryAsync(IDatabase db)
    {
        var newest = await db.StreamRangeAsync(LiveClickStream.Key, "-", "+", count: 1, messageOrder: Order.Descending);
        return newest.Length == 0 ? default : StreamEntryId.Parse(newest[0].Id!);
    }
}

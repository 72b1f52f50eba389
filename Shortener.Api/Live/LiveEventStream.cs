using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Shortener.Core.Clicks;
using Shortener.Core.Live;
using StackExchange.Redis;

namespace Shortener.Api.Live;

/// <summary>
/// The answer of a live endpoint: a text/event-stream that subscribes, says so at once (a comment), sends what a
/// resuming client missed, then the connection's queue until the client goes away, and unsubscribes.
/// </summary>
public sealed class LiveEventStream(LiveFilter filter, LivePosition? resumeAfter) : IResult
{
    public const string FellBehind = "fell_behind";
    public const string ResumePointNotHeld = "resume_point_not_held";

    public async Task ExecuteAsync(HttpContext http)
    {
        var services = http.RequestServices;
        var hub = services.GetRequiredService<LiveClickHub>();
        var ct = http.RequestAborted;
        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        // Reverse proxies (nginx) would otherwise hold events back to fill their buffers.
        response.Headers["X-Accel-Buffering"] = "no";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        using var subscription = await hub.SubscribeAsync(filter);
        var body = response.BodyWriter;
        try
        {
            body.Write(LiveFrame.Preamble);
            await body.FlushAsync(ct);
            if (resumeAfter is { } resume)
                await CatchUpAsync(services, hub, subscription, resume, body, ct);
            var frames = subscription.Frames;
            while (await frames.WaitToReadAsync(ct))
            {
                while (frames.TryRead(out var frame))
                    body.Write(ReferenceEquals(frame, LiveFrame.Gap) ? LiveFrame.GapBytes(FellBehind, subscription.TakeDropped()) : frame.Bytes);
                await body.FlushAsync(ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    /// <summary>
    /// Sends the events after <paramref name="resume"/> up to where the subscription's feed begins, read from the stream.
    /// A resume point the stream no longer holds (trimmed, or never there) is a gap; what is held after it still follows.
    /// </summary>
    private static async Task CatchUpAsync(IServiceProvider services, LiveClickHub hub, LiveSubscription subscription, LivePosition resume,
        PipeWriter body, CancellationToken ct)
    {
        var db = services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var links = services.GetRequiredService<LiveLinkDirectory>();
        var logger = services.GetRequiredService<ILogger<LiveEventStream>>();
        var pageSize = services.GetRequiredService<IOptions<LiveOptions>>().Value.ReadCount;
        var until = subscription.After;
        if (resume.Entry > until || (await db.StreamRangeAsync(LiveClickStream.Key, resume.Entry.ToString(), resume.Entry.ToString(), 1)).Length == 0)
            body.Write(LiveFrame.GapBytes(ResumePointNotHeld, null));
        if (resume.Entry > until) return;
        var from = resume.Entry;
        while (true)
        {
            var page = await db.StreamRangeAsync(LiveClickStream.Key, from.ToString(), until.ToString(), pageSize);
            var entries = page.Select(e => LiveClickReader.Decode(e, logger)).ToList();
            if (subscription.Filter.NeedsDirectory) await links.LoadAsync(entries.SelectMany(e => e.Clicks.Select(c => c.LinkId)), ct);
            foreach (var (id, clicks) in entries)
                for (var i = id == resume.Entry ? resume.Index + 1 : 0; i < clicks.Count; i++)
                {
                    LiveFrame? frame = null;
                    if (hub.MakeFrame(subscription.Filter, id, i, clicks[i], ref frame) is { } f) body.Write(f.Bytes);
                }
            await body.FlushAsync(ct);
            if (page.Length < pageSize || entries[^1].Id >= until) return;
            from = entries[^1].Id.Next();
        }
    }
}

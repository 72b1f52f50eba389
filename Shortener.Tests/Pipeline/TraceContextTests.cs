using System.Diagnostics;
using System.Net;
using Shortener.Core.Clicks;
using Shortener.Tests.Infrastructure;
using Shortener.Tests.Links;
using StackExchange.Redis;

namespace Shortener.Tests.Pipeline;

/// <summary>The pipeline app has no trace exporter, so it samples no span; trace context still travels with each click.</summary>
[Collection(AppCollection.Name)]
public sealed class TraceContextTests(AppFixture app)
{
    [Fact]
    public async Task TheRedirectsTraceContextTravelsInsideItsClickMessage()
    {
        var link = await app.CreateLinkAsync("https://example.com/traced");
        await app.StopAsync("worker");
        try
        {
            var traceId = ActivityTraceId.CreateRandom();
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/{link.Slug}");
            request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
            using (await app.Anonymous.SendAsync(request)) { }

            var redis = await ConnectionMultiplexer.ConnectAsync(app.CacheConnectionString);
            var click = await Eventually.WaitForAsync(async () => (await redis.GetDatabase().StreamRangeAsync(ClickStream.Key))
                    .SelectMany(e => ClickPackCodec.IsPack(e) ? ClickPackCodec.Decode((byte[])e[ClickPackCodec.Field]!) : [ClickEventCodec.FromEntries(e.Values)])
                    .FirstOrDefault(c => c.LinkId == link.Id),
                c => c is not null, TimeSpan.FromSeconds(30), "the click in the stream");
            await redis.DisposeAsync();

            Assert.True(ActivityContext.TryParse(click!.TraceParent, null, out var context), click.TraceParent);
            Assert.Equal(traceId, context.TraceId);
        }
        finally
        {
            await app.StartAsync("worker");
            await app.WaitHealthyAsync("worker");
        }
    }
}

/// <summary>
/// With tracing on (the links app's api2 and worker export to a collector), one trace covers the redirect and the insert:
/// the worker's clicks.store span is a child of, or linked to, the redirect's server span.
/// </summary>
[Collection(LinksCollection.Name)]
public sealed class TraceExportTests(LinksFixture app)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)] // answered from memory, before routing (RedirectFastPath)
    public async Task TheWorkersInsertJoinsTheRedirectsTrace(bool followedBefore)
    {
        var link = await app.CreateLinkAsync($"https://example.com/traced-and-exported/{followedBefore}");
        if (followedBefore) Assert.Equal(HttpStatusCode.PermanentRedirect, (await app.Anonymous2.FollowAsync(link.Slug)).Status);
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var callerSpanId = ActivitySpanId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/{link.Slug}");
        request.Headers.Add("traceparent", $"00-{traceId}-{callerSpanId}-01");
        using (var response = await app.Anonymous2.SendAsync(request)) Assert.Equal(308, (int)response.StatusCode);

        var redirect = await Eventually.WaitForAsync(
            () => Task.FromResult(app.Traces.Spans.FirstOrDefault(s => s.TraceId == traceId && s.ParentSpanId == callerSpanId)),
            s => s is not null, TimeSpan.FromSeconds(30), "api2's server span for the redirect");
        var insert = await Eventually.WaitForAsync(
            () => Task.FromResult(app.Traces.Spans.FirstOrDefault(s => s.Name == "clicks.store"
                && ((s.TraceId == traceId && s.ParentSpanId == redirect!.SpanId) || s.Links.Contains((traceId, redirect!.SpanId))))),
            s => s is not null, TimeSpan.FromSeconds(30), "the worker's clicks.store span in the redirect's trace");

        Assert.Contains("{slug}", redirect!.Name, StringComparison.Ordinal);
        Assert.NotNull(insert);
    }
}

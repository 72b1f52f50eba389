using System.Diagnostics;
using Shortener.Core.Clicks;
using Shortener.Hosting;
using Shortener.Tests.Infrastructure;
using StackExchange.Redis;

namespace Shortener.Tests.Pipeline;

[Collection(AppCollection.Name)]
public sealed class TraceContextTests(AppFixture app)
{
    [Fact]
    public async Task TheRedirectsTraceContextTravelsInsideItsClickMessage()
    {
        var link = await app.CreateLinkAsync("https://example.com/traced");
        await app.App.ResourceCommands.ExecuteCommandAsync("worker", ResourceCommandService.Stop);
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
            await app.App.ResourceCommands.ExecuteCommandAsync("worker", ResourceCommandService.Start);
            await app.WaitHealthyAsync("worker");
        }
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Shortener.Api.Events;
using Shortener.Core.Events;
using System.Diagnostics.Metrics;

namespace Shortener.Tests.Events;

/// <summary>The api's event queue under batches racing for its last room.</summary>
public sealed class EventBufferTests
{
    [Fact]
    public async Task BatchesRacingForTheLastRoomAreTakenWholeOrRefusedWhole()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var buffer = new EventBuffer(Options.Create(new EventOptions { BufferCapacity = 1_000 }), services.GetRequiredService<IMeterFactory>(),
            NullLogger<EventBuffer>.Instance);

        // 8 writers each offer batches of 70 until the buffer refuses them: 1,000 is not a multiple of 70, so batches
        // meet at the bound, as two POST /api/events did when each checked for room and then wrote.
        var accepted = await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(() =>
        {
            var ids = new List<Guid>();
            for (var round = 0; round < 50; round++)
            {
                var batch = Enumerable.Range(0, 70).Select(_ => Event()).ToList();
                if (buffer.TryAddAll(batch)) ids.AddRange(batch.Select(e => e.EventId));
            }
            return ids;
        })));

        var read = new List<Guid>();
        while (buffer.TryRead(out var e)) read.Add(e.EventId);
        var expected = accepted.SelectMany(ids => ids).ToHashSet();
        Assert.Equal(980, expected.Count); // 14 whole batches fit in 1,000
        Assert.Equal(expected.Order(), read.Order());
        Assert.Equal(0, buffer.Dropped);
        Assert.Equal(0, buffer.Count);
    }

    private static SiteEvent Event() => new(Guid.NewGuid(), "site", "pageview", "/", null, DateTimeOffset.UnixEpoch, "203.0.113.1", "agent");
}

using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Shortener.Api.Pipeline;
using Shortener.Core.Clicks;
using Shortener.Core.Streams;
using StackExchange.Redis;

namespace Shortener.Api.Clicks;

/// <summary>Moves buffered clicks to clicks:stream (see <see cref="StreamFlusher{T}"/>).</summary>
public sealed class ClickFlusher(ClickBuffer buffer, SentClicksLog sent, RedisLossReporter losses, IConnectionMultiplexer redis,
    ClickStreamSetup stream, IOptions<ClickBufferOptions> options, IOptions<ClickReplayOptions> replay, IMeterFactory meters,
    TimeProvider time, ILogger<ClickFlusher> logger)
    : StreamFlusher<ClickEvent>(buffer, sent, losses, redis, stream, ClickCodec.Instance,
        new StreamFlusherSettings(options.Value.BatchSize, options.Value.ClicksPerEntry, replay.Value.CheckInterval), meters, time, logger);

using Shortener.Core.Streams;
using StackExchange.Redis;

namespace Shortener.Core.Clicks;

/// <summary>Creates the click stream and its consumer group if missing; both producer and consumer call it, so start order doesn't matter.</summary>
public sealed class ClickStreamSetup(IConnectionMultiplexer redis) : StreamSetup(redis, ClickStream.Pipeline);

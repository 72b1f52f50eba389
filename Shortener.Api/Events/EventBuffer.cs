using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Shortener.Api.Pipeline;
using Shortener.Core.Events;

namespace Shortener.Api.Events;

/// <summary>The bounded queue between POST /api/event(s) and Redis: ingestion never waits on Redis or PostgreSQL.</summary>
public sealed class EventBuffer(IOptions<EventOptions> options, IMeterFactory meters, ILogger<EventBuffer> logger)
    : MessageBuffer<SiteEvent>(options.Value.BufferCapacity, "Shortener.Api.Events", "events", meters, logger);

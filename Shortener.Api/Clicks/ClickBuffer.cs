using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Shortener.Api.Pipeline;
using Shortener.Core.Clicks;

namespace Shortener.Api.Clicks;

/// <summary>The bounded in-process queue between the redirect and Redis: the redirect never waits on Redis.</summary>
public sealed class ClickBuffer(IOptions<ClickBufferOptions> options, IMeterFactory meters, ILogger<ClickBuffer> logger)
    : MessageBuffer<ClickEvent>(options.Value.Capacity, MeterName, "clicks", meters, logger)
{
    public new const string MeterName = "Shortener.Api.Clicks";

    public void Add(ClickEvent click) => TryAdd(click);
}

using System.Diagnostics;
using OpenTelemetry.Trace;

namespace Shortener.ServiceDefaults;

/// <summary>
/// Background loops (stream reads, job polls, heartbeats, the rollup's lock) call PostgreSQL and Redis every second or
/// so with no request around them; each call would be a trace of its own, over a thousand a minute, burying the
/// requests in the dashboard. A client span without a parent is dropped; one inside a request or a batch span follows
/// its parent.
/// </summary>
internal sealed class NoRootClientSpansSampler(Sampler inner) : Sampler
{
    private static readonly SamplingResult s_drop = new(SamplingDecision.Drop);

    public override SamplingResult ShouldSample(in SamplingParameters parameters) =>
        parameters.Kind == ActivityKind.Client && parameters.ParentContext.TraceId == default
            ? s_drop
            : inner.ShouldSample(parameters);
}

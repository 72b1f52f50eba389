using Shortener.Core.Clicks;
using Shortener.Worker.Pipeline;

namespace Shortener.Worker.Clicks;

/// <summary>The click pipeline's dead letters, in clicks:dlq (see <see cref="DeadLetters{T}"/>).</summary>
public sealed class DeadLetters(WorkerMetrics metrics, TimeProvider time, ILogger<DeadLetters> logger)
    : DeadLetters<ClickEvent>(ClickStream.Pipeline, ClickCodec.Instance, metrics, time, logger);

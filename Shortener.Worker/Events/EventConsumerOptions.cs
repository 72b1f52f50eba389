using Shortener.Worker.Pipeline;

namespace Shortener.Worker.Events;

/// <summary>How the worker drains events:stream; the same settings as for clicks, under Worker:Events.</summary>
public sealed class EventConsumerOptions : StreamConsumerOptions
{
    public const string SectionName = "Worker:Events";
}

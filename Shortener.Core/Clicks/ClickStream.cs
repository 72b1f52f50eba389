using Shortener.Core.Streams;

namespace Shortener.Core.Clicks;

/// <summary>Redis key names of the click pipeline, shared by the api (producer) and the worker (consumer).</summary>
public static class ClickStream
{
    public const string Key = "clicks:stream";
    public const string ConsumerGroup = "click-workers";
    public const string DeadLetterKey = "clicks:dlq";

    public static readonly StreamPipeline Pipeline = new("clicks", Key, ConsumerGroup, DeadLetterKey);

    /// <summary>How many clicks one api instance has sent, incremented in the same transaction as its XADDs.</summary>
    public static string SentCounterKey(string sender) => Pipeline.SentCounterKey(sender);

    public const string SentCounterPattern = "clicks:sent:*";
}

namespace Shortener.Core.Clicks;

/// <summary>Redis key names of the click pipeline, shared by the api (producer) and the worker (consumer).</summary>
public static class ClickStream
{
    public const string Key = "clicks:stream";
    public const string ConsumerGroup = "click-workers";
    public const string DeadLetterKey = "clicks:dlq";
}

namespace Shortener.Core.Streams;

/// <summary>
/// The Redis names of one pipeline (clicks, site events): the stream producers add to, the group workers drain it
/// with, the dead-letter stream, and the keys derived from the pipeline's name.
/// </summary>
public sealed record StreamPipeline(string Name, string Key, string ConsumerGroup, string DeadLetterKey)
{
    /// <summary>How many messages one api instance has sent, incremented in the same transaction as its XADDs.</summary>
    public string SentCounterKey(string sender) => $"{Name}:sent:{sender}";

    /// <summary>Per entry id: how often a batch holding it failed for a reason other than an outage.</summary>
    public string FailureCounts => $"{Name}:failures";

    /// <summary>Per entry id: the last such error.</summary>
    public string FailureErrors => $"{Name}:failures:errors";
}

namespace Shortener.Api.Pipeline;

/// <param name="BatchSize">Messages sent to Redis in one transaction.</param>
/// <param name="MessagesPerEntry">Messages packed into one stream entry.</param>
/// <param name="CheckInterval">How often the send counter is compared and acknowledged messages are forgotten.</param>
public sealed record StreamFlusherSettings(int BatchSize, int MessagesPerEntry, TimeSpan CheckInterval);

namespace Shortener.Core.Live;

/// <summary>
/// The capped stream of stored, enriched clicks that live viewers are fed from: the worker appends the clicks a batch
/// inserted once its transaction has committed; the api's streamer reads it (no consumer group: every api instance
/// reads all of it, and nothing is acknowledged).
/// </summary>
public static class LiveClickStream
{
    public const string Key = "clicks:live";
}

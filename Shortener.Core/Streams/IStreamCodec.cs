using StackExchange.Redis;

namespace Shortener.Core.Streams;

/// <summary>A pipeline's messages as stream entries, for the shared producer (api) and consumer (worker).</summary>
public interface IStreamCodec<T>
{
    /// <summary>One stream entry holding these messages (one, or a pack).</summary>
    NameValueEntry[] ToEntries(IReadOnlyList<T> messages);

    /// <summary>Every message an entry holds.</summary>
    /// <exception cref="FormatException">The entry is not one this codec wrote.</exception>
    List<T> Read(StreamEntry entry);

    /// <summary>How many messages an entry holds, read from its header only (1 when it cannot tell).</summary>
    int CountIn(StreamEntry entry);

    /// <summary>The id that makes storing a message idempotent.</summary>
    Guid IdOf(T message);
}

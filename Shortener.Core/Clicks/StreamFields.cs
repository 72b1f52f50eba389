using StackExchange.Redis;

namespace Shortener.Core.Clicks;

/// <summary>
/// Field lookup in a stream entry as read from Redis. RedisValue's == tries to read both sides as numbers before it
/// compares bytes, which made finding a field the worker's largest cost per one-click entry (measured with perf); this
/// compares the name's bytes with a UTF-8 literal and converts nothing.
/// </summary>
public static class StreamFields
{
    /// <summary>The first field called <paramref name="name"/>, or RedisValue.Null.</summary>
    public static RedisValue Get(NameValueEntry[] fields, ReadOnlySpan<byte> name)
    {
        foreach (var field in fields)
            if (Is(field.Name, name)) return field.Value;
        return RedisValue.Null;
    }

    public static bool Is(RedisValue fieldName, ReadOnlySpan<byte> name) => ((ReadOnlyMemory<byte>)fieldName).Span.SequenceEqual(name);
}

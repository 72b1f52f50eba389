using Shortener.Core.Clicks;
using StackExchange.Redis;

namespace Shortener.Api.Workers;

/// <summary>clicks:dlq, paged for reading, and replay: entries go back to clicks:stream as they were and leave the DLQ.</summary>
public sealed class DeadLetterQueue(IConnectionMultiplexer redis)
{
    private static readonly HashSet<string> s_added = ["error", "source_id", "failed_at"];

    public async Task<DeadLetterPage> ListAsync(string? after, int limit)
    {
        var db = redis.GetDatabase();
        // Exclusive start "(id" reads strictly after the cursor.
        var entries = await db.StreamRangeAsync(ClickStream.DeadLetterKey, after is null ? "-" : "(" + after, "+", limit + 1);
        var page = entries.Take(limit).Select(ToDeadLetter).ToList();
        var next = entries.Length > limit ? page[^1].Id : null;
        return new DeadLetterPage(page, next, await db.StreamLengthAsync(ClickStream.DeadLetterKey));
    }

    public async Task<int> ReplayAsync(IReadOnlyList<string>? ids)
    {
        var db = redis.GetDatabase();
        var entries = ids is null
            ? await db.StreamRangeAsync(ClickStream.DeadLetterKey, "-", "+")
            : (await Task.WhenAll(ids.Select(id => db.StreamRangeAsync(ClickStream.DeadLetterKey, id, id)))).SelectMany(e => e).ToArray();
        var replayed = 0;
        foreach (var entry in entries)
        {
            // Re-adding first means a crash in between leaves a copy in both, never in neither; the event id keeps it stored once.
            await db.StreamAddAsync(ClickStream.Key, entry.Values.Where(v => !s_added.Contains(v.Name!)).ToArray());
            await db.StreamDeleteAsync(ClickStream.DeadLetterKey, [entry.Id]);
            replayed++;
        }
        return replayed;
    }

    private static DeadLetter ToDeadLetter(StreamEntry entry)
    {
        long? failedAt = long.TryParse((string?)entry["failed_at"], out var ms) ? ms : null;
        return new DeadLetter(entry.Id!, entry["error"], entry["source_id"],
            failedAt is { } f ? DateTimeOffset.FromUnixTimeMilliseconds(f) : null,
            entry.Values.Where(v => !s_added.Contains(v.Name!)).ToDictionary(v => (string)v.Name!, v => (string?)v.Value));
    }
}

using System.Security.Cryptography;
using System.Text;

namespace Shortener.Core.Enrichment.Visitors;

/// <summary>
/// Unique visitors without storing who they are (as Plausible counts them): HMAC of (IP, user agent) under a key
/// derived from a secret and the click's UTC day. The same person is one visitor within a day and unlinkable across
/// days, and without the secret the hash cannot be turned back into an address.
/// </summary>
public sealed class VisitorHasher(string secret)
{
    private readonly byte[] _secret = Encoding.UTF8.GetBytes(secret);
    private DayKey? _current;

    public byte[] Hash(string? ip, string? userAgent, DateTimeOffset occurredAt)
    {
        var key = KeyFor(DateOnly.FromDateTime(occurredAt.UtcDateTime));
        var input = Encoding.UTF8.GetBytes($"{ip}\n{userAgent}");
        return HMACSHA256.HashData(key, input)[..16];
    }

    private byte[] KeyFor(DateOnly day)
    {
        // One reference swap, so concurrent callers see either the old day's key or the new one, never a mix.
        if (Volatile.Read(ref _current) is { } current && current.Day == day) return current.Key;
        var key = HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes($"visitor-key:{day:yyyy-MM-dd}"));
        Volatile.Write(ref _current, new DayKey(day, key));
        return key;
    }

    private sealed record DayKey(DateOnly Day, byte[] Key);
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Shortener.Api.RateLimiting;

/// <summary>What a bucket said: allowed, or not before <see cref="RetryAfter"/>.</summary>
public readonly record struct RateLimitDecision(bool Allowed, TimeSpan RetryAfter);

/// <summary>
/// Token buckets kept in Redis and updated by one Lua script, so every api instance shares a client's bucket and two
/// requests can't both take the last token. Redis's clock is the only clock. While Redis is unreachable each instance
/// falls back to an in-process bucket with the same settings (limits then apply per instance).
/// </summary>
public sealed class ClientRateLimiter(IConnectionMultiplexer redis, IOptions<RateLimitingOptions> options, ILogger<ClientRateLimiter> logger)
    : IDisposable
{
    // Returns {allowed, milliseconds until a token is available}.
    private const string TokenBucketScript = """
        local rate = tonumber(ARGV[1]) / 1000
        local burst = tonumber(ARGV[2])
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
        local tokens = tonumber(state[1]) or burst
        local ts = tonumber(state[2]) or now
        tokens = math.min(burst, tokens + math.max(0, now - ts) * rate)
        local allowed, wait = 0, 0
        if tokens >= 1 then
            tokens = tokens - 1
            allowed = 1
        else
            wait = math.ceil((1 - tokens) / rate)
        end
        redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', now)
        redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate) + 1000)
        return {allowed, wait}
        """;

    private readonly ConcurrentDictionary<string, PartitionedRateLimiter<string>> _fallbacks = new();
    private int _local;

    public BucketOptions Settings(RateLimitPolicy policy) => policy switch
    {
        RateLimitPolicy.Redirect => options.Value.Redirect,
        RateLimitPolicy.Api => options.Value.Api,
        RateLimitPolicy.PasswordPerLink => options.Value.PasswordPerLink,
        _ => options.Value.Password,
    };

    public async Task<RateLimitDecision> AcquireAsync(RateLimitPolicy policy, string client)
    {
        var bucket = Settings(policy);
        if (redis.IsConnected)
        {
            try
            {
                var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(TokenBucketScript,
                    [$"rl:{policy.ToString().ToLowerInvariant()}:{client}"],
                    [bucket.PermitsPerSecond.ToString(CultureInfo.InvariantCulture), bucket.Burst]))!;
                NoteMode(local: false);
                return new RateLimitDecision((long)result[0] == 1, TimeSpan.FromMilliseconds((long)result[1]));
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                logger.LogDebug(e, "Rate limiting through Redis failed");
            }
        }
        NoteMode(local: true);
        return AcquireLocally(policy, bucket, client);
    }

    /// <summary>Logs each switch between shared and in-process limits, not every request made meanwhile.</summary>
    private void NoteMode(bool local)
    {
        if (Interlocked.Exchange(ref _local, local ? 1 : 0) == (local ? 1 : 0)) return;
        if (local) logger.LogWarning("Redis is unreachable: rate limits are kept per instance until it answers again");
        else logger.LogInformation("Redis answers again: rate limits are shared by all instances");
    }

    private RateLimitDecision AcquireLocally(RateLimitPolicy policy, BucketOptions bucket, string client)
    {
        var limiter = _fallbacks.GetOrAdd(policy.ToString(), _ => PartitionedRateLimiter.Create<string, string>(key =>
            RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = bucket.Burst,
                TokensPerPeriod = 1,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1 / bucket.PermitsPerSecond),
                QueueLimit = 0,
                AutoReplenishment = true,
            })));
        using var lease = limiter.AttemptAcquire(client);
        return lease.IsAcquired
            ? new RateLimitDecision(true, TimeSpan.Zero)
            : new RateLimitDecision(false, lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : TimeSpan.FromSeconds(1));
    }

    public void Dispose()
    {
        foreach (var limiter in _fallbacks.Values) limiter.Dispose();
    }
}

public enum RateLimitPolicy
{
    Redirect,
    Api,
    Password,
    PasswordPerLink,
}

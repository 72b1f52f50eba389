using StackExchange.Redis;

namespace Shortener.Worker.Jobs;

/// <summary>
/// Redis flags in front of the steps' done flags in PostgreSQL: a retried job learns that a step is done without a
/// query. Written only after the step committed, so a flag is never ahead of PostgreSQL; a flag Redis lost (or Redis
/// being away) just means PostgreSQL is asked.
/// </summary>
public sealed class StepFlags(IConnectionMultiplexer redis, ILogger<StepFlags> logger)
{
    private static readonly TimeSpan s_keep = TimeSpan.FromDays(7);

    public static RedisKey Key(long jobId, string step) => $"jobs:{jobId}:{step}:done";

    public async Task<bool> IsDoneAsync(long jobId, string step)
    {
        try
        {
            return (await redis.GetDatabase().StringGetAsync(Key(jobId, step))).HasValue;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogDebug(e, "No step flag from Redis; asking PostgreSQL");
            return false;
        }
    }

    public async Task SetDoneAsync(long jobId, string step)
    {
        try
        {
            await redis.GetDatabase().StringSetAsync(Key(jobId, step), "1", s_keep);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning(e, "Could not set the Redis flag of job {Job} step {Step}; PostgreSQL has it", jobId, step);
        }
    }
}

namespace Shortener.AppHost;

public static class ContainerServers
{
    /// <summary>
    /// The append-only file, fsynced every second, as the local Redis has: the click pipeline counts on Redis keeping
    /// what it acknowledged. In publish mode Aspire hands redis-server its arguments as one <c>sh -c</c> string.
    /// </summary>
    public static IResourceBuilder<RedisResource> WithAppendOnlyFile(this IResourceBuilder<RedisResource> redis) =>
        redis.WithArgs(context =>
        {
            string[] aof = ["--appendonly", "yes", "--appendfsync", "everysec"];
            var command = context.Args.IndexOf("-c");
            if (command >= 0 && command + 1 < context.Args.Count && context.Args[command + 1] is string line)
                context.Args[command + 1] = $"{line} {string.Join(' ', aof)}";
            else
                foreach (var arg in aof) context.Args.Add(arg);
        });
}

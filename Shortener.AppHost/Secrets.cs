namespace Shortener.AppHost;

public static class Secrets
{
    /// <summary>
    /// A secret parameter generated on first use and kept in the AppHost's user secrets between runs, as Aspire keeps
    /// generated passwords. A value given under the service's own setting name (e.g. <c>Auth__AdminApiKey=… ./run.sh</c>)
    /// wins over the kept one, as does one given as <c>Parameters__{name}</c>, Aspire's own place for it.
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddGeneratedSecret(this IDistributedApplicationBuilder builder,
        [ResourceName] string name, string? settingKey = null)
    {
        if (settingKey is not null && builder.Configuration[settingKey] is { Length: > 0 } given)
            builder.Configuration[$"Parameters:{name}"] = given;
        return builder.AddParameter(name, new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);
    }

    /// <summary>A server password: as AddPostgres and AddRedis make theirs (no special characters: Redis connection strings cannot quote a comma).</summary>
    public static IResourceBuilder<ParameterResource> AddGeneratedPassword(this IDistributedApplicationBuilder builder, [ResourceName] string name) =>
        builder.AddParameter(name, new GenerateParameterDefault { MinLength = 22, Special = false }, secret: true, persist: true);
}

using Aspire.StackExchange.Redis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using StackExchange.Redis.Configuration;

namespace Shortener.ServiceDefaults.Redis;

/// <summary>
/// Starts each named <see cref="ConfigurationOptions"/> from the client's connection string.
/// <see cref="ConfigurationOptions.Parse(string)"/> only builds a new instance, so a plain
/// Configure callback cannot do it; replacing the factory still lets everyone else's
/// Configure/PostConfigure/Validate run on the parsed options.
/// </summary>
internal sealed class RedisConfigurationOptionsFactory(
    IServiceProvider services,
    IEnumerable<IConfigureOptions<ConfigurationOptions>> setups,
    IEnumerable<IPostConfigureOptions<ConfigurationOptions>> postConfigures,
    IEnumerable<IValidateOptions<ConfigurationOptions>> validations)
    : OptionsFactory<ConfigurationOptions>(setups, postConfigures, validations)
{
    protected override ConfigurationOptions CreateInstance(string name)
    {
        var connectionString = services.GetKeyedService<RedisClientSettings>(name)?.Settings.ConnectionString;
        var options = connectionString is null ? base.CreateInstance(name) : ConfigurationOptions.Parse(connectionString);

        // Leave provider-specific defaults (Azure and the like) alone; replace only the generic ones.
        if (options.Defaults.GetType() == typeof(DefaultOptionsProvider))
        {
            options.Defaults = new RetryingDefaultOptionsProvider();
        }

        return options;
    }

    /// <summary>
    /// Keep retrying in the background instead of throwing when the first connect fails: Redis may
    /// still be starting, and the redirect path must answer without it.
    /// An explicit <c>abortConnect=true</c> in the connection string still wins.
    /// </summary>
    private sealed class RetryingDefaultOptionsProvider : DefaultOptionsProvider
    {
        public override bool AbortOnConnectFail => false;
    }
}

/// <summary>
/// Carries a client's settings to <see cref="RedisConfigurationOptionsFactory"/>, keyed by options name.
/// A wrapper rather than the settings type itself, which is public and could be registered by anyone.
/// </summary>
internal sealed record RedisClientSettings(StackExchangeRedisSettings Settings);

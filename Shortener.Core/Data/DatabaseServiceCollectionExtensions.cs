using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Shortener.Core.Data;

public static class DatabaseServiceCollectionExtensions
{
    /// <summary>
    /// What every service needs to use the database: Dapper's timestamp mapping, a clock, and the migrations, applied
    /// before the service starts listening (under an advisory lock, so services starting together apply each once).
    /// </summary>
    public static IServiceCollection AddShortenerDatabase(this IServiceCollection services)
    {
        DapperConfiguration.Register();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<DatabaseMigrator>();
        services.AddHostedService<MigrationHostedService>();
        return services;
    }
}

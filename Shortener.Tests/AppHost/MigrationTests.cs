using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Shortener.Core.Data;
using Shortener.Tests.Infrastructure;

namespace Shortener.Tests.AppHost;

[Collection(Pipeline.AppCollection.Name)]
public sealed class MigrationTests(AppFixture app)
{
    [Fact]
    public async Task EightMigratorsStartingTogetherApplyEachMigrationExactlyOnce()
    {
        var database = $"migrations_{Guid.NewGuid():N}";
        await using (var admin = await app.OpenDatabaseAsync())
            await admin.ExecuteAsync($"CREATE DATABASE {database}");
        var connectionString = new NpgsqlConnectionStringBuilder(app.DatabaseConnectionString) { Database = database }.ConnectionString;
        await using var dataSource = NpgsqlDataSource.Create(connectionString);

        var runs = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Task.Run(() => new DatabaseMigrator(dataSource, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(CancellationToken.None))));

        var expected = DatabaseMigrator.Migrations.Select(m => m.Version).ToList();
        Assert.Equal(expected, runs.SelectMany(r => r).Order().ToList());
        Assert.Equal(1, runs.Count(r => r.Count > 0));
        await using var conn = await dataSource.OpenConnectionAsync();
        Assert.Equal(expected, (await conn.QueryAsync<string>("SELECT version FROM schema_migrations ORDER BY version")).ToList());
    }
}

using System.Reflection;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Shortener.Core.Data;

/// <summary>
/// Applies the embedded SQL migrations in name order, each in its own transaction, recorded in schema_migrations.
/// Every service runs it at start; a session-level advisory lock makes instances that start together take turns,
/// so each migration is applied exactly once.
/// </summary>
public sealed class DatabaseMigrator(NpgsqlDataSource dataSource, ILogger<DatabaseMigrator> logger)
{
    private const long LockKey = 0x5_4807_7E4E; // arbitrary, fixed: "shortener migrations"

    public static IReadOnlyList<(string Version, string Sql)> Migrations { get; } = Load();

    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var conn = await dataSource.OpenConnectionAsync(cancellationToken);
        await conn.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@LockKey)", new { LockKey }, cancellationToken: cancellationToken));
        try
        {
            await conn.ExecuteAsync(new CommandDefinition("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    text PRIMARY KEY,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """, cancellationToken: cancellationToken));
            var applied = (await conn.QueryAsync<string>(new CommandDefinition("SELECT version FROM schema_migrations",
                cancellationToken: cancellationToken))).ToHashSet();
            var done = new List<string>();
            foreach (var (version, sql) in Migrations.Where(m => !applied.Contains(m.Version)))
            {
                await using var tx = await conn.BeginTransactionAsync(cancellationToken);
                await conn.ExecuteAsync(new CommandDefinition(sql, transaction: tx, cancellationToken: cancellationToken));
                await conn.ExecuteAsync(new CommandDefinition("INSERT INTO schema_migrations (version) VALUES (@version)",
                    new { version }, tx, cancellationToken: cancellationToken));
                await tx.CommitAsync(cancellationToken);
                logger.LogInformation("Applied migration {Version}", version);
                done.Add(version);
            }
            return done;
        }
        finally
        {
            await conn.ExecuteAsync("SELECT pg_advisory_unlock(@LockKey)", new { LockKey });
        }
    }

    private static List<(string, string)> Load()
    {
        var assembly = typeof(DatabaseMigrator).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("migrations/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => (Path.GetFileNameWithoutExtension(n["migrations/".Length..]), Read(assembly, n)))
            .ToList();
    }

    private static string Read(Assembly assembly, string name)
    {
        using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
        return reader.ReadToEnd();
    }
}

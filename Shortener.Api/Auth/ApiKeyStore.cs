using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;

namespace Shortener.Api.Auth;

public sealed record ApiKeyOwner(long UserId, bool IsAdmin, long KeyId);

public sealed record IssuedApiKey(string Key, string Prefix, long UserId);

public sealed record UserRow(long Id, string Name, bool IsAdmin);

public enum RevokeOutcome
{
    Revoked,
    NotFound,
    Ambiguous,
}

/// <summary>
/// Users and their API keys. A key is 32 random bytes, so a plain SHA-256 of it is a safe thing to store
/// (no dictionary to try); only the hash and a short prefix are kept, and the key is shown once.
/// </summary>
public sealed class ApiKeyStore(NpgsqlDataSource db, TimeProvider time)
{
    private const string KeyPrefix = "shk_";

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public async Task<ApiKeyOwner?> FindOwnerAsync(string key, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<ApiKeyOwner>(new CommandDefinition("""
            SELECT u.id AS UserId, u.is_admin AS IsAdmin, k.id AS KeyId
            FROM api_keys k JOIN users u ON u.id = k.user_id
            WHERE k.key_hash = @hash AND k.revoked_at IS NULL
            """, new { hash = Hash(key) }, cancellationToken: ct));
    }

    /// <summary>
    /// Revokes the active key with this prefix, among the caller's own keys (an admin: everyone's). Keys are looked up on
    /// every request, so a revoked key is refused at once by every api instance. A prefix shared by two active keys
    /// (36 random bits each, so rare) revokes neither.
    /// </summary>
    public async Task<RevokeOutcome> RevokeAsync(string prefix, long? callerId, bool admin, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var ids = (await conn.QueryAsync<long>(new CommandDefinition("""
            SELECT id FROM api_keys WHERE prefix = @prefix AND revoked_at IS NULL AND (@admin OR user_id = @callerId) FOR UPDATE
            """, new { prefix, admin, callerId }, tx, cancellationToken: ct))).AsList();
        if (ids.Count != 1) return ids.Count == 0 ? RevokeOutcome.NotFound : RevokeOutcome.Ambiguous;
        await conn.ExecuteAsync(new CommandDefinition("UPDATE api_keys SET revoked_at = @now WHERE id = @id",
            new { id = ids[0], now = time.GetUtcNow() }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return RevokeOutcome.Revoked;
    }

    /// <summary>Makes a user an admin or not; their keys carry the change from their next request on.</summary>
    public async Task<UserRow?> SetAdminAsync(long userId, bool admin, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition("""
            UPDATE users SET is_admin = @admin WHERE id = @userId RETURNING id AS Id, name AS Name, is_admin AS IsAdmin
            """, new { userId, admin }, cancellationToken: ct));
    }

    /// <summary>Creates the user when the name is new (an existing user gets one more key).</summary>
    public async Task<IssuedApiKey> IssueAsync(string user, bool admin, CancellationToken ct)
    {
        var key = KeyPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var prefix = key[..(KeyPrefix.Length + 6)];
        var now = time.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var userId = await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO users (name, is_admin, created_at) VALUES (@user, @admin, @now)
            ON CONFLICT (name) DO UPDATE SET is_admin = users.is_admin OR EXCLUDED.is_admin
            RETURNING id
            """, new { user, admin, now }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO api_keys (user_id, prefix, key_hash, created_at) VALUES (@userId, @prefix, @hash, @now)
            """, new { userId, prefix, hash = Hash(key), now }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return new IssuedApiKey(key, prefix, userId);
    }
}

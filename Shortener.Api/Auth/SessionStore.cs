using System.Security.Cryptography;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Shortener.Api.Auth;

public sealed record OpenedSession(string Token, string CsrfToken, DateTimeOffset ExpiresAt);

/// <summary>A live session as one request sees it: who holds it and the anti-forgery token its changes must carry.</summary>
public sealed record SessionCaller(KeyHolder Holder, string CsrfToken, DateTimeOffset ExpiresAt);

/// <summary>
/// Dashboard sessions in PostgreSQL. The cookie carries a random token and only its hash is stored. Each request reads
/// the session joined to its key, so revoking (or deleting) the key ends the session on the next request, on every api
/// instance, with nothing to invalidate.
/// </summary>
public sealed class SessionStore(NpgsqlDataSource db, ApiKeyVerifier verifier, IOptions<AuthOptions> options, TimeProvider time)
{
    private sealed record SessionRow
    {
        public string CsrfToken { get; init; } = "";
        public DateTimeOffset ExpiresAt { get; init; }
        public byte[]? AdminKeyHash { get; init; }
        public long? UserId { get; init; }
        public bool IsAdmin { get; init; }
        public long? KeyId { get; init; }
    }

    public async Task<OpenedSession> OpenAsync(KeyHolder holder, CancellationToken ct)
    {
        var token = NewToken();
        var csrf = NewToken();
        var now = time.GetUtcNow();
        var expiresAt = now + options.Value.SessionLifetime;
        await using var conn = await db.OpenConnectionAsync(ct);
        // Sign-ins are rare; sweeping expired sessions here keeps the table small without a job of its own.
        await conn.ExecuteAsync(new CommandDefinition("""
            DELETE FROM sessions WHERE expires_at <= @now;
            INSERT INTO sessions (token_hash, api_key_id, admin_key_hash, csrf_token, created_at, expires_at)
            VALUES (@hash, @keyId, @adminKeyHash, @csrf, @now, @expiresAt)
            """, new
        {
            now, hash = ApiKeyStore.Hash(token), keyId = holder.KeyId,
            adminKeyHash = holder.KeyId is null ? verifier.AdminKeyHash : null, csrf, expiresAt,
        }, cancellationToken: ct));
        return new OpenedSession(token, csrf, expiresAt);
    }

    /// <summary>Null when the token names no live session, or its key has been revoked or is no longer the admin key.</summary>
    public async Task<SessionCaller?> FindAsync(string token, CancellationToken ct)
    {
        if (token.Length > 64) return null;
        await using var conn = await db.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<SessionRow>(new CommandDefinition("""
            SELECT s.csrf_token AS CsrfToken, s.expires_at AS ExpiresAt, s.admin_key_hash AS AdminKeyHash,
                   u.id AS UserId, COALESCE(u.is_admin, false) AS IsAdmin, k.id AS KeyId
            FROM sessions s
            LEFT JOIN api_keys k ON k.id = s.api_key_id
            LEFT JOIN users u ON u.id = k.user_id
            WHERE s.token_hash = @hash AND s.expires_at > @now AND (s.api_key_id IS NULL OR k.revoked_at IS NULL)
            """, new { hash = ApiKeyStore.Hash(token), now = time.GetUtcNow() }, cancellationToken: ct));
        if (row is null) return null;
        if (row.AdminKeyHash is { } adminHash)
            return verifier.IsAdminKeyHash(adminHash) ? new SessionCaller(KeyHolder.ConfiguredAdmin, row.CsrfToken, row.ExpiresAt) : null;
        return new SessionCaller(new KeyHolder(row.UserId, row.IsAdmin, row.KeyId), row.CsrfToken, row.ExpiresAt);
    }

    public async Task CloseAsync(string token, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("DELETE FROM sessions WHERE token_hash = @hash",
            new { hash = ApiKeyStore.Hash(token) }, cancellationToken: ct));
    }

    private static string NewToken() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

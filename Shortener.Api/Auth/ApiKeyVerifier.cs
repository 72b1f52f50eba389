using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Shortener.Api.Auth;

/// <summary>Who holds a key: a user's key (<see cref="KeyId"/> its api_keys row), or the configured admin key (no user, no row).</summary>
public sealed record KeyHolder(long? UserId, bool IsAdmin, long? KeyId)
{
    public static readonly KeyHolder ConfiguredAdmin = new(null, true, null);

    /// <summary>The claims every scheme gives a caller, so <see cref="Caller"/> reads them alike.</summary>
    public ClaimsPrincipal ToPrincipal(string scheme)
    {
        var id = UserId?.ToString(CultureInfo.InvariantCulture) ?? "admin";
        Claim[] claims = IsAdmin
            ? [new(ClaimTypes.NameIdentifier, id), new(ClaimTypes.Role, ApiKeyAuthenticationHandler.AdminRole)]
            : [new(ClaimTypes.NameIdentifier, id)];
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }
}

/// <summary>Tells whose a key is: the configured admin key (compared in constant time) or a live user key from api_keys.</summary>
public sealed class ApiKeyVerifier(IOptions<AuthOptions> auth, ApiKeyStore keys)
{
    /// <summary>Keys are ASCII of bounded length; anything longer cannot be one, so no query is spent on it.</summary>
    public const int MaxKeyLength = 128;

    private readonly byte[] _adminKeyHash = ApiKeyStore.Hash(auth.Value.AdminApiKey);

    public byte[] AdminKeyHash => _adminKeyHash;

    // Hashes are compared in constant time: neither the key's length nor its prefix leaks through timing.
    public bool IsAdminKeyHash(byte[] hash) => CryptographicOperations.FixedTimeEquals(hash, _adminKeyHash);

    public async Task<KeyHolder?> VerifyAsync(string key, CancellationToken ct)
    {
        if (IsAdminKeyHash(ApiKeyStore.Hash(key))) return KeyHolder.ConfiguredAdmin;
        if (key.Length > MaxKeyLength) return null;
        return await keys.FindOwnerAsync(key, ct) is { } owner ? new KeyHolder(owner.UserId, owner.IsAdmin, owner.KeyId) : null;
    }
}

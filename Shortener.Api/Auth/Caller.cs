using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Shortener.Api.Links;

namespace Shortener.Api.Auth;

/// <summary>Who is calling, read from the claims the API-key handler sets.</summary>
public static class Caller
{
    /// <summary>The caller's user id; null for the configured admin key, which belongs to no user row.</summary>
    public static long? UserId(this ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(ApiKeyAuthenticationHandler.AdminRole);

    /// <summary>
    /// For endpoints open to anyone that show more to an admin: authentication runs only where a policy asks for a key
    /// (there is no default scheme), so here the key is read on purpose. A wrong key is simply not an admin.
    /// </summary>
    public static async Task<bool> IsAdminAsync(HttpContext context) =>
        (await context.AuthenticateAsync(ApiKeyAuthenticationHandler.SchemeName)).Principal?.IsAdmin() == true;

    /// <summary>A link belongs to its owner; an admin sees all.</summary>
    public static bool CanAccess(this ClaimsPrincipal user, LinkRow link) => user.CanAccess(link.OwnerId);

    public static bool CanAccess(this ClaimsPrincipal user, long? ownerId) => user.IsAdmin() || (ownerId is { } owner && owner == user.UserId());
}
